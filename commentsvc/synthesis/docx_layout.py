"""The Decree 30/2020/NĐ-CP layout shared by the service's Word documents (pure: no Flask).

The synthesis table (synthesis/export_docx.py) and the consolidated report of report requests
(reports/export_docx.py) are laid out the same way: Times New Roman 14 with a 12-point "Table Text" style, A4 pages
(landscape ones bound along their top edge), the heading block (parent body and unit on the left, national title and
motto each with its rule on the right, place and date in italics), the signature block and page numbers centred in
the header from page 2. ``heading_block`` and ``signature`` take any object with the fields they print, so each
exporter passes its own data.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Protocol

from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from fontTools.ttLib import TTFont

from commentsvc.synthesis import wording

FONT = "Times New Roman"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
TABLE_STYLE = "Table Text"
HEADING_COLUMNS_CM = (6.5, 10.0)
SIGNATURE_COLUMNS_CM = (14.0, 10.0)


class Heading(Protocol):
    """What the heading block prints: the issuing body and unit, and the place and date line."""

    issuing_parent: str
    issuing_unit: str
    date_line: str


class Signer(Protocol):
    signer_title: str
    signer_name: str


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


@lru_cache(maxsize=2)
def _font_metrics(bold: bool) -> tuple[dict, dict, int]:
    # Liberation Serif has Times New Roman's metrics, so it measures the motto as Word will draw it.
    font = TTFont(FONT_DIR / ("LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"))
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    cmap, metrics, units = _font_metrics(bold)
    advance = sum(metrics[cmap[ord(char)]][0] for char in text if ord(char) in cmap)
    return advance / units * size_pt * 2.54 / 72


def _set_run_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def setup_styles(document) -> None:
    """Normal: Times New Roman 14, justified, first line indented 1.27 cm; "Table Text": 12, no indent."""
    _set_run_fonts(document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rPr')}"))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_run_fonts(normal.element.get_or_add_rPr())
    paragraph = normal.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.first_line_indent = Cm(1.27)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(6)
    paragraph.line_spacing = 1.0
    table_text = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(12)
    table_text.paragraph_format.first_line_indent = Cm(0)
    table_text.paragraph_format.space_after = Pt(3)


def page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    # Landscape pages are bound along their top edge, so the binding margin moves there.
    top, bottom, left, right = (30, 15, 20, 20) if landscape else (20, 20, 30, 15)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = False


def paragraph(container, text="", *, size=None, bold=False, italic=False, center=False, indent=True, after=None):
    added = container.add_paragraph()
    if text:
        run = added.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    fmt = added.paragraph_format
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not indent or center:
        fmt.first_line_indent = Cm(0)
    if after is not None:
        fmt.space_after = Pt(after)
    return added


# Elements that follow w:pBdr in w:pPr (the schema fixes the order; Word rejects files that break it).
_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:jc",
    "w:rPr",
    "w:sectPr",
)


def rule(added, column_cm: float, rule_cm: float) -> None:
    """A horizontal rule `rule_cm` long, centred in the column, drawn as the paragraph's bottom border."""
    side = max(column_cm - rule_cm, 0) / 2
    added.paragraph_format.left_indent = Cm(side)
    added.paragraph_format.right_indent = Cm(side)
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    )
    added._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def borderless_table(document, widths_cm):
    """The cells of a one-row table without borders, each started with no paragraph (close them with
    :func:`close_cells`)."""
    table = document.add_table(rows=1, cols=len(widths_cm))
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths_cm, strict=True):
        column.width = cell.width = Cm(width)
        # Drop the default empty paragraph so the block starts at the cell's top; close_cells puts one back.
        cell._tc.remove(cell.paragraphs[0]._p)
    return table.rows[0].cells


def close_cells(cells) -> None:
    for cell in cells:
        if not cell.paragraphs:
            cell.add_paragraph()


def heading_block(document, heading: Heading) -> None:
    left, right = borderless_table(document, HEADING_COLUMNS_CM)
    paragraph(left, heading.issuing_parent.upper(), size=13, center=True, after=0)
    paragraph(left, heading.issuing_unit.upper(), size=13, bold=True, center=True, after=0)
    rule(paragraph(left, center=True, size=4, after=0), HEADING_COLUMNS_CM[0], HEADING_COLUMNS_CM[0] / 3)
    paragraph(right, wording.NATION, size=13, bold=True, center=True, after=0)
    motto = paragraph(right, wording.MOTTO, size=14, bold=True, center=True, after=6)
    rule(motto, HEADING_COLUMNS_CM[1], text_width_cm(wording.MOTTO, 14, bold=True) + 0.1)
    paragraph(right, heading.date_line, size=14, italic=True, center=True)
    close_cells((left, right))


def signature(document, signer: Signer) -> None:
    left, right = borderless_table(document, SIGNATURE_COLUMNS_CM)
    paragraph(right, signer.signer_title.upper(), size=14, bold=True, center=True, after=0)
    for _ in range(3):
        paragraph(right, center=True, after=0)
    paragraph(right, signer.signer_name, size=14, bold=True, center=True)
    close_cells((left, right))


def page_numbers(document) -> None:
    """Page numbers centred in the header, none on the first page."""
    first = document.sections[0]
    first.different_first_page_header_footer = True
    first.first_page_header.is_linked_to_previous = False  # an empty header: no number on page 1
    header = first.header.paragraphs[0]
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Cm(0)
    field = (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r {nsdecls('w')}><w:t>2</w:t></w:r>"
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'
    )
    for run in parse_xml(f"<w:p {nsdecls('w')}>{field}</w:p>"):
        header._p.append(run)
