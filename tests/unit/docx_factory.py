"""Build .docx files for splitter tests, samples and the benchmark: typed or automatically numbered paragraphs
(numbering.xml written by hand, as Word writes it), paragraph styles carrying numbering, tables, legacy fonts.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = f'xmlns:w="{W_NS}"'


@dataclass(frozen=True)
class Lvl:
    """One level of an abstract numbering: ``text`` like "%1." or "Điều %1.", ``fmt`` a w:numFmt value."""

    text: str
    fmt: str = "decimal"
    start: int = 1
    restart: int | None = None
    style: str | None = None


class DocxFactory:
    """A python-docx document plus helpers to write Word's numbering by hand."""

    def __init__(self) -> None:
        self.doc = Document()
        self._numbering = self.doc.part.numbering_part.element
        self._next_id = 100

    def abstract_num(self, *levels: Lvl) -> int:
        """Add a w:abstractNum with the given levels (ilvl 0, 1, …); returns its abstractNumId."""
        self._next_id += 1
        abstract_id = self._next_id
        xml = "".join(self._lvl_xml(ilvl, lvl) for ilvl, lvl in enumerate(levels))
        element = parse_xml(f'<w:abstractNum {_NS} w:abstractNumId="{abstract_id}">{xml}</w:abstractNum>')
        first_num = self._numbering.find(f"{{{W_NS}}}num")
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self._numbering.append(element)
        return abstract_id

    @staticmethod
    def _lvl_xml(ilvl: int, lvl: Lvl) -> str:
        restart = f'<w:lvlRestart w:val="{lvl.restart}"/>' if lvl.restart is not None else ""
        style = f'<w:pStyle w:val="{lvl.style}"/>' if lvl.style else ""
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{lvl.start}"/><w:numFmt w:val="{lvl.fmt}"/>'
            f'{restart}{style}<w:lvlText w:val="{lvl.text}"/><w:lvlJc w:val="left"/></w:lvl>'
        )

    def num(self, abstract_id: int, restart: dict[int, int] | None = None) -> int:
        """Add a w:num using ``abstract_id``; ``restart`` maps ilvl → startOverride."""
        self._next_id += 1
        num_id = self._next_id
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            for ilvl, start in (restart or {}).items()
        )
        self._numbering.append(
            parse_xml(f'<w:num {_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>')
        )
        return num_id

    def style(self, name: str, num: int | None = None, level: int | None = None, based_on: str | None = None):
        """Add a paragraph style, optionally carrying numbering and based on another style; returns its id."""
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.doc.styles[based_on] if based_on else self.doc.styles["Normal"]
        if num is not None:
            num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_numId().val = num
            if level is not None:
                num_pr.get_or_add_ilvl().val = level
        return style.style_id

    def para(self, text: str = "", *, num: int | None = None, level: int = 0, style: str | None = None,
             font: str | None = None, bold: bool = False):  # fmt: skip
        """Add a paragraph; with ``num`` it is automatically numbered (Word's numPr) at ``level``."""
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            if font:
                run.font.name = font
        if num is not None:
            self._number(paragraph, num, level)
        return paragraph

    @staticmethod
    def _number(paragraph, num: int, level: int) -> None:
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num

    def table(self, rows: list[list[str]], numbered: dict[int, tuple[int, int]] | None = None):
        """Add a table; ``numbered`` maps a row index to (numId, ilvl) for an auto-numbered first cell."""
        table = self.doc.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        for row_cells, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row_cells.cells, values, strict=False):
                cell.text = value
        for index, (num, level) in (numbered or {}).items():
            self._number(table.rows[index].cells[0].paragraphs[0], num, level)
        return table

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def save(self, path) -> None:
        self.doc.save(str(path))


def replace_part(docx: bytes, name: str, data: bytes) -> bytes:
    """The same .docx with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info))
        target.writestr(name, data)
    return out.getvalue()


def document_xml(body: str) -> bytes:
    """A minimal word/document.xml around ``body`` (raw WordprocessingML)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_NS}><w:body>{body}'
        "</w:body></w:document>"
    ).encode()


def raw_paragraph(text: str, style: str = "", inner: str = "") -> str:
    """A w:p of one run (raw WordprocessingML), with a paragraph style and more runs (``inner``) after it."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{inner}</w:p>'


def text_box(text: str) -> str:
    """A run holding a text box as Word writes it: the DrawingML choice and the VML fallback hold the same paragraph."""
    content = f"<w:txbxContent>{raw_paragraph(text)}</w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        f"{content}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>{content}</v:textbox>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


DRAWING_NAMESPACES = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def docx_of_lines(lines) -> bytes:
    """A .docx of paragraphs, each list of rows among ``lines`` being a table at its place."""
    factory = DocxFactory()
    for line in lines:
        if isinstance(line, list):
            factory.table(line)
        else:
            factory.para(line)
    return factory.to_bytes()


def docx_of_body(body: str) -> bytes:
    """A .docx whose body is ``body`` (raw WordprocessingML, text boxes allowed)."""
    xml = document_xml(body).replace(b"<w:document ", f"<w:document {DRAWING_NAMESPACES} ".encode(), 1)
    return replace_part(DocxFactory().to_bytes(), "word/document.xml", xml)
