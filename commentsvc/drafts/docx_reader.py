"""Read a .docx into blocks (paragraph texts and tables) with lxml, fast and without python-docx.

Each paragraph's text is what the reader sees: the automatic number (see :mod:`docx_numbering`) followed by a
space and the runs' text; deleted text (tracked changes) and field codes are skipped; a line break inside a
paragraph starts a new block, as a typed Enter would. Runs in TCVN3 fonts are converted to Unicode.

A footnote or endnote is read where it is referenced: "[1]" in the text, then its text as "[1] …" after the
paragraph (in a cell, after the cell's text), so a note's content stays with the unit that refers to it.

A text box is read once (Word stores it twice, as a DrawingML ``mc:Choice`` and a VML ``mc:Fallback``): in the
body its paragraphs follow the paragraph that anchors it; in a table cell they follow the cell's text. A cell's
text is its own paragraphs and nested tables, never the same paragraph twice. Lines of a Word table of contents
(a TOC field, TOC styles, or a "Table of Contents" content control) become :class:`~model.Toc` blocks: they
repeat the headings and are never units.

Page headers and footers (page numbers, "Dự thảo", the agency's name) and the comments of Word's review pane are
never units, but they are characters of the file: :func:`read_docx` hands them over in :class:`Margins` for the
accounting (every part found through ``word/_rels/document.xml.rels``, read with the same limits and safe parser as
the body, its paragraphs counted against the same limit).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from commentsvc.drafts import legacy_encoding as legacy
from commentsvc.drafts.docx_numbering import Numbering
from commentsvc.drafts.docx_safety import inspect_package, open_zip, parse_xml, read_part
from commentsvc.drafts.model import MSG_CORRUPT, MSG_LEGACY_TEXT, MSG_LEGACY_VNI, Block, SplitError, Table, Toc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ALTERNATE, _CHOICE, _FALLBACK = f"{MC}AlternateContent", f"{MC}Choice", f"{MC}Fallback"
_DRAWING, _PICT, _TXBX = f"{W}drawing", f"{W}pict", f"{W}txbxContent"
_FLDCHAR, _INSTR = f"{W}fldChar", f"{W}instrText"
_NOTE_REFERENCES = {f"{W}footnoteReference": "footnotes", f"{W}endnoteReference": "endnotes"}
_TOC_STYLE = re.compile(r"^(?:TOC|toc|MucLuc|Mucluc|mucluc)\s?\d", re.IGNORECASE)
_P, _TBL, _TR, _TC, _R = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}r"
_T, _TAB, _BR, _CR, _NBH = f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"
_PPR, _RPR, _VAL = f"{W}pPr", f"{W}rPr", f"{W}val"
_CONTAINERS = frozenset(
    f"{W}{tag}"
    for tag in (
        "hyperlink",
        "ins",
        "smartTag",
        "fldSimple",
        "sdt",
        "sdtContent",
        "customXml",
        "moveTo",
        "dir",
    )
)
_BODY_CONTAINERS = frozenset((f"{W}sdt", f"{W}sdtContent", f"{W}customXml"))


def _attr(element: etree._Element | None, name: str) -> str | None:
    return None if element is None else element.get(f"{W}{name}")


def _font_of(rpr: etree._Element | None) -> str | None:
    fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
    return _attr(fonts, "ascii") or _attr(fonts, "hAnsi")


class Styles:
    """Paragraph styles: numbering and font, both inherited through ``basedOn``."""

    def __init__(self, root: etree._Element | None):
        self.based_on: dict[str, str] = {}
        self.num_pr: dict[str, tuple[str | None, str | None]] = {}
        self.fonts: dict[str, str | None] = {}
        self.default_style: str | None = None
        self.default_font: str | None = None
        self._numbering_cache: dict[str | None, tuple[str | None, str | None, str | None]] = {}
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_font = _font_of(defaults)
        for style in root.iter(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            style_id = style.get(f"{W}styleId", "")
            if style.get(f"{W}default") in ("1", "true"):
                self.default_style = style_id
            based = style.find(f"{W}basedOn")
            if based is not None:
                self.based_on[style_id] = based.get(_VAL, "")
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = _attr(num_pr.find(f"{W}numId"), "val")
                self.num_pr[style_id] = (num_id, _attr(num_pr.find(f"{W}ilvl"), "val"))
            self.fonts[style_id] = _font_of(style.find(_RPR))

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            yield style_id
            style_id = self.based_on.get(style_id)

    def numbering(self, style_id: str | None) -> tuple[str | None, str | None, str | None]:
        """(numId, ilvl, id of the style that set numId) inherited by a paragraph of this style."""
        if style_id not in self._numbering_cache:
            self._numbering_cache[style_id] = self._inherited_numbering(style_id)
        return self._numbering_cache[style_id]

    def _inherited_numbering(self, style_id: str | None) -> tuple[str | None, str | None, str | None]:
        num_id = ilvl = owner = None
        for sid in self._chain(style_id):
            found_num, found_lvl = self.num_pr.get(sid, (None, None))
            if num_id is None and found_num is not None:
                num_id, owner = found_num, sid
            ilvl = ilvl if ilvl is not None else found_lvl
        return num_id, ilvl, owner

    def font(self, style_id: str | None) -> str | None:
        for sid in self._chain(style_id):
            if self.fonts.get(sid):
                return self.fonts[sid]
        return self.default_font


class _Reader:
    def __init__(self, styles: Styles, numbering: Numbering, legacy_fonts: bool):
        self.styles = styles
        self.numbering = numbering
        self.legacy_fonts = legacy_fonts
        self.boxes: list[str] = []  # text-box paragraphs met in the paragraph being read
        self.fields: list[str] = []  # open complex fields, by their instruction's first word
        self.in_toc_control = False
        self.last_style: str | None = None  # style of the paragraph read last
        self.toc_fields = 0  # TOC fields met so far (a field that opens and closes in one paragraph counts too)
        self.notes: dict[str, dict[str, etree._Element]] = {}  # "footnotes"/"endnotes" → id → note element
        self.note_count = 0

    def paragraph(self, p: etree._Element) -> str:
        ppr = p.find(_PPR)
        style = _attr(ppr.find(f"{W}pStyle"), "val") if ppr is not None else None
        style = style or self.styles.default_style
        self.last_style = style
        label = self._label(ppr, style)
        pieces: list[str] = []
        self._collect(p, pieces, self.styles.font(style) if self.legacy_fonts else None)
        text = "".join(pieces)
        return f"{label} {text}" if label else text

    def _label(self, ppr: etree._Element | None, style: str | None) -> str | None:
        num_pr = ppr.find(f"{W}numPr") if ppr is not None else None
        own_num = _attr(num_pr.find(f"{W}numId"), "val") if num_pr is not None else None
        own_lvl = _attr(num_pr.find(f"{W}ilvl"), "val") if num_pr is not None else None
        style_num, style_lvl, owner = self.styles.numbering(style)
        num_id = own_num if own_num is not None else style_num
        if num_id is None or num_id == "0":
            return None
        ilvl = own_lvl if own_lvl is not None else style_lvl
        if ilvl is None:
            level = self.numbering.level_for_style(num_id, owner or style or "")
        else:
            level = int(ilvl) if ilvl.isdigit() else 0
        return self.numbering.label(num_id, level)

    def _collect(self, element: etree._Element, pieces: list[str], para_font: str | None) -> None:
        for child in element:
            if child.tag == _R:
                pieces.append(self._run(child, para_font))
            elif child.tag in _CONTAINERS:
                if child.tag == f"{W}fldSimple" and (child.get(f"{W}instr") or "").split()[:1] == ["TOC"]:
                    self.toc_fields += 1
                    self._collect(child, pieces, para_font)
                else:
                    self._collect(child, pieces, para_font)
            elif child.tag == _ALTERNATE:
                self._boxes_of(child)

    def _run(self, run: etree._Element, para_font: str | None) -> str:
        parts = []
        for child in run:
            tag = child.tag
            if tag == _T:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append("\t")
            elif tag in (_BR, _CR) and child.get(f"{W}type") in (None, "textWrapping"):
                parts.append("\n")
            elif tag == _NBH:
                parts.append("-")
            elif tag in (_ALTERNATE, _DRAWING, _PICT):
                self._boxes_of(child)
            elif tag == _FLDCHAR:
                self._field(child.get(f"{W}fldCharType"))
            elif tag in _NOTE_REFERENCES:
                parts.append(self._note(_NOTE_REFERENCES[tag], child.get(f"{W}id", "")))
            elif tag == _INSTR and self.fields and not self.fields[-1]:
                self.fields[-1] = ((child.text or "").split() or [""])[0].upper()
                self.toc_fields += self.fields[-1] == "TOC"
        text = "".join(parts)
        if self.legacy_fonts and text:
            text = self._convert(text, _font_of(run.find(_RPR)) or para_font or "")
        return text

    def _note(self, kind: str, note_id: str) -> str:
        """The mark of a footnote or endnote; its text goes to ``boxes``, after the referring paragraph."""
        note = self.notes.get(kind, {}).get(note_id)
        if note is None:
            return ""
        self.note_count += 1
        mark = f"[{self.note_count}]"
        text = " ".join(piece for piece in (self.paragraph(p).strip() for p in note.iter(_P)) if piece)
        self.boxes.append(f"{mark} {text}")
        return mark

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append("")
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _boxes_of(self, element: etree._Element) -> None:
        """Read the text boxes of a drawing once: the DrawingML choice, never its VML fallback copy."""
        if element.tag == _ALTERNATE:
            choice = element.find(_CHOICE)
            element = choice if choice is not None else element.find(_FALLBACK)
            if element is None:
                return
        for box in element.iter(_TXBX):
            if any(ancestor.tag == _TXBX for ancestor in box.iterancestors()):
                continue  # a box inside a box is read with its outer box
            for child in box:
                if child.tag == _P:
                    self.boxes.extend(self.paragraph(child).split("\n"))
                elif child.tag == _TBL:
                    self.boxes.extend(" | ".join(row) for row in self.table(child).rows)

    @staticmethod
    def _convert(text: str, font: str) -> str:
        if legacy.is_vni_font(font):
            raise SplitError(MSG_LEGACY_VNI)
        if legacy.is_tcvn3_font(font):
            return legacy.tcvn3_to_unicode(text, capitals=legacy.is_tcvn3_capitals_font(font))
        return text

    def table(self, tbl: etree._Element) -> Table:
        rows = []
        for tr in tbl.iter(_TR):
            if tr.getparent() is not tbl:
                continue  # nested tables are read as part of their cell
            rows.append([self._cell(tc) for tc in tr.iter(_TC) if tc.getparent() is tr])
        return Table(rows=rows)

    def _cell(self, tc: etree._Element) -> str:
        """The cell's text: its :meth:`cell_lines` joined by spaces."""
        return " ".join(self.cell_lines(tc))

    def cell_lines(self, tc: etree._Element) -> list[str]:
        """A table cell's non-empty pieces in order, each read once: every paragraph followed by its text boxes and
        notes (a box's VML copy is never read), and every row of a nested table (its cells joined by spaces)."""
        pieces: list[str] = []
        for child in tc:
            if child.tag == _P:
                outer, self.boxes = self.boxes, []
                pieces.append(self.paragraph(child))
                pieces.extend(self.boxes)
                self.boxes = outer
            elif child.tag == _TBL:
                pieces.extend(" ".join(row) for row in self.table(child).rows)
            elif child.tag in _BODY_CONTAINERS:
                pieces.extend(self.cell_lines(child))
        return [piece for piece in pieces if piece]

    def body(self, container: etree._Element, blocks: list[Block]) -> None:
        for child in container:
            if child.tag == _P:
                toc = self.in_toc_control or "TOC" in self.fields  # a TOC field open before this paragraph
                fields, self.boxes = self.toc_fields, []
                lines = self.paragraph(child).split("\n")
                toc = toc or self.toc_fields != fields or bool(self.last_style and _TOC_STYLE.match(self.last_style))
                blocks.extend(Toc(line) for line in lines) if toc else blocks.extend(lines)
                blocks.extend(self.boxes)
            elif child.tag == _TBL:
                blocks.append(self.table(child))
            elif child.tag in _BODY_CONTAINERS:
                if child.tag == f"{W}sdt" and _is_toc_control(child):
                    self.in_toc_control = True
                    self.body(child, blocks)
                    self.in_toc_control = False
                else:
                    self.body(child, blocks)


@dataclass
class Comment:
    """A comment of Word's review pane: who wrote it and its text."""

    author: str
    text: str


@dataclass
class Margins:
    """What a .docx holds besides its body: the text of its page headers and footers, and its Word comments."""

    headers_footers: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MARGIN_TYPES = ("/header", "/footer", "/comments")


def _margin_parts(archive) -> dict[str, list[str]]:
    """Names of the header, footer and comments parts the document refers to, by relationship type."""
    found: dict[str, list[str]] = {kind: [] for kind in _MARGIN_TYPES}
    rels = _part(archive, "word/_rels/document.xml.rels")
    if not rels:
        return found
    for rel in parse_xml(rels).iter(_PACKAGE_REL):
        kind = next((kind for kind in _MARGIN_TYPES if rel.get("Type", "").endswith(kind)), None)
        target = rel.get("Target", "")
        if kind is None or rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
        if name not in found[kind]:
            found[kind].append(name)
    return found


def _texts(blocks: list[Block]) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            texts.extend(" | ".join(cell for cell in row if cell.strip()) for row in block.rows)
        else:
            texts.append(block.text if isinstance(block, Toc) else block)
    return [text for text in texts if text.strip()]


def _read_margins(reader: _Reader, parts: dict[str, bytes], comments: bytes | None, margins: Margins) -> None:
    for data in parts.values():
        blocks: list[Block] = []
        reader.body(parse_xml(data), blocks)
        margins.headers_footers.extend(_texts(blocks))
    if comments:
        for comment in parse_xml(comments).iter(f"{W}comment"):
            text = " ".join(_texts([reader.paragraph(p) for p in comment.iter(_P)]))
            margins.comments.append(Comment(comment.get(f"{W}author", ""), text))


def _notes(archive, kind: str) -> dict[str, etree._Element]:
    """Footnotes or endnotes by id, without Word's separator notes."""
    data = _part(archive, f"word/{kind}.xml")
    if not data:
        return {}
    tag = f"{W}{kind[:-1]}"
    return {
        note.get(f"{W}id", ""): note for note in parse_xml(data).iter(tag) if note.get(f"{W}type") in (None, "normal")
    }


def _is_toc_control(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return gallery is not None and (gallery.get(_VAL) or "").lower() == "table of contents"


BlockReader = _Reader


def _mentions_legacy_font(*parts: bytes | None) -> bool:
    return any(part and (b'".vn' in part.lower() or b'"vni' in part.lower()) for part in parts)


_STRICT_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _part(archive, name: str) -> bytes | None:
    # Word's "Strict Open XML" uses another namespace for the same elements.
    data = read_part(archive, name)
    return data.replace(_STRICT_NS, _TRANSITIONAL_NS) if data and _STRICT_NS in data[:2000] else data


def count_paragraphs(document: bytes) -> int:
    """Paragraphs in document.xml, counted on the bytes before parsing (prefix "w" is what every writer uses;
    a document with another prefix is counted as it is parsed instead)."""
    return document.count(b"<w:p>") + document.count(b"<w:p ")


def read_docx(
    data: bytes,
    reader_class: type[_Reader] | None = None,
    check_paragraphs: Callable[[int], None] | None = None,
    margins: Margins | None = None,
) -> list[Block]:
    """Blocks of a .docx, in document order. Raises :class:`SplitError` on hostile or unreadable files, and
    whatever ``check_paragraphs`` raises for the number of paragraphs (see :class:`splitting.Limits`).

    ``reader_class`` (a subclass of :data:`BlockReader`) lets the reader of reply letters read tables its own way.
    Given ``margins``, the text of the page headers and footers and the Word comments are read into it, and their
    paragraphs count against ``check_paragraphs`` with the body's.
    """
    archive = open_zip(data)
    inspect_package(archive)  # parts this reader never opens too: one inspection for every upload point
    document = _part(archive, "word/document.xml")
    if document is None:
        raise SplitError(MSG_CORRUPT)
    extra: dict[str, bytes] = {}
    comments = None
    if margins is not None:
        names = _margin_parts(archive)
        extra = {name: part for name in names["/header"] + names["/footer"] if (part := _part(archive, name))}
        comments = next((part for name in names["/comments"] if (part := _part(archive, name))), None)
    if check_paragraphs is not None:
        check_paragraphs(sum(map(count_paragraphs, (document, *extra.values(), comments or b""))))
    styles_xml = _part(archive, "word/styles.xml")
    numbering_xml = _part(archive, "word/numbering.xml")
    styles = Styles(parse_xml(styles_xml) if styles_xml else None)
    numbering = Numbering(parse_xml(numbering_xml) if numbering_xml else None)
    root = parse_xml(document)
    body = root.find(f"{W}body")
    if body is None:
        raise SplitError(MSG_CORRUPT)
    legacy_fonts = _mentions_legacy_font(document, styles_xml)
    blocks: list[Block] = []
    reader = (reader_class or _Reader)(styles, numbering, legacy_fonts)
    reader.notes = {kind: _notes(archive, kind) for kind in ("footnotes", "endnotes")}
    reader.body(body, blocks)
    if margins is not None:
        _read_margins(_Reader(styles, numbering, legacy_fonts), extra, comments, margins)
    if not legacy_fonts and legacy.looks_like_tcvn3(_sample(blocks)):
        raise SplitError(MSG_LEGACY_TEXT)
    return blocks


def _sample(blocks: list[Block], limit: int = 200_000) -> str:
    texts = []
    size = 0
    for block in blocks:
        if isinstance(block, Table):
            text = " ".join(" ".join(row) for row in block.rows)
        else:
            text = block.text if isinstance(block, Toc) else block
        texts.append(text)
        size += len(text)
        if size > limit:
            break
    return " ".join(texts)
