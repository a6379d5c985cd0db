"""The synthesis table as a Word document laid out per Decree 30/2020/NĐ-CP.

Section 1 (portrait): heading block, title, opening summary. Section 2 (landscape): the table, for a later
round part II on a new page (how the previous round's comments were handled, see previous_round.py), and the
signature. Section 3 (portrait): the annex of agencies that did not reply. Page numbers are centred in the
header from page 2. The table's rows are written as one XML string and parsed once: python-docx's cell API is
far too slow for 10,000 rows.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from fontTools.ttLib import TTFont

from commentsvc.synthesis import previous_round as part_two
from commentsvc.synthesis import wording
from commentsvc.synthesis.compiler import Synthesis, SynthesisRow
from commentsvc.synthesis.ooxml import reproducible_zip, xml_safe

FONT = "Times New Roman"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
TABLE_STYLE = "Table Text"
# Column widths of the landscape table in mm; they add up to 297 - 20 - 20.
COLUMN_MM = (12, 55, 40, 85, 65)
HEADING_COLUMNS_CM = (6.5, 10.0)
# Part II's seven columns: the carry-over file's proportions over the same 257 mm.
PREVIOUS_COLUMN_MM = tuple(round(width * sum(COLUMN_MM) / sum(part_two.WIDTHS), 1) for width in part_two.WIDTHS)


def _twips(mm: float) -> int:
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


def _setup_styles(document) -> None:
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


def _page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    # Landscape pages are bound along their top edge, so the binding margin moves there.
    top, bottom, left, right = (30, 15, 20, 20) if landscape else (20, 20, 30, 15)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = False


def _paragraph(container, text="", *, size=None, bold=False, italic=False, center=False, indent=True, after=None):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    fmt = paragraph.paragraph_format
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not indent or center:
        fmt.first_line_indent = Cm(0)
    if after is not None:
        fmt.space_after = Pt(after)
    return paragraph


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


def _rule(paragraph, column_cm: float, rule_cm: float) -> None:
    """A horizontal rule `rule_cm` long, centred in the column, drawn as the paragraph's bottom border."""
    side = max(column_cm - rule_cm, 0) / 2
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    )
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_BORDER)


def _borderless_table(document, widths_cm):
    table = document.add_table(rows=1, cols=len(widths_cm))
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths_cm, strict=True):
        column.width = cell.width = Cm(width)
        # Drop the default empty paragraph so the block starts at the cell's top; _close_cells puts one back.
        cell._tc.remove(cell.paragraphs[0]._p)
    return table.rows[0].cells


def _close_cells(cells) -> None:
    for cell in cells:
        if not cell.paragraphs:
            cell.add_paragraph()


def _heading_block(document, synthesis: Synthesis) -> None:
    left, right = _borderless_table(document, HEADING_COLUMNS_CM)
    _paragraph(left, synthesis.issuing_parent.upper(), size=13, center=True, after=0)
    _paragraph(left, synthesis.issuing_unit.upper(), size=13, bold=True, center=True, after=0)
    _rule(_paragraph(left, center=True, size=4, after=0), HEADING_COLUMNS_CM[0], HEADING_COLUMNS_CM[0] / 3)
    _paragraph(right, wording.NATION, size=13, bold=True, center=True, after=0)
    motto = _paragraph(right, wording.MOTTO, size=14, bold=True, center=True, after=6)
    _rule(motto, HEADING_COLUMNS_CM[1], text_width_cm(wording.MOTTO, 14, bold=True) + 0.1)
    _paragraph(right, synthesis.date_line, size=14, italic=True, center=True)
    _close_cells((left, right))


def _summary(document, synthesis: Synthesis) -> None:
    _paragraph(
        document, synthesis.heading_title, size=14, bold=True, center=True, after=0
    ).paragraph_format.space_before = Pt(12)
    _paragraph(document, synthesis.draft_line, size=14, bold=True, center=True, after=12)
    for point in synthesis.summary_points:
        _paragraph(document, point)


def _runs(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(xml_safe(text))}</w:t></w:r>'


def _cell(lines: list[tuple[str, bool]], width_mm: float, span: int = 1, center: bool = False) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    justify = '<w:jc w:val="center"/>' if center else ""
    paragraphs = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{justify}</w:pPr>{_runs(text, bold)}</w:p>'
        for text, bold in lines or [("", False)]
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{_twips(width_mm)}" w:type="dxa"/>{span_xml}</w:tcPr>{paragraphs}</w:tc>'


def _row_xml(row: SynthesisRow, first_of_clause: bool) -> str:
    clause = [(line, index == 0) for index, line in enumerate(wording.clause_lines(row, first_of_clause))]
    decision = [
        (line, index == 0 and bool(row.decision_label)) for index, line in enumerate(wording.disposition_lines(row))
    ]
    cells = (
        _cell([(str(row.number), False)], COLUMN_MM[0], center=True),
        _cell(clause, COLUMN_MM[1]),
        _cell([(row.agencies, False)], COLUMN_MM[2]),
        _cell([(line, False) for line in wording.comment_lines(row)], COLUMN_MM[3]),
        _cell(decision, COLUMN_MM[4]),
    )
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def _group_row(title: str) -> str:
    return f"<w:tr>{_cell([(title, True)], sum(COLUMN_MM), span=len(COLUMN_MM))}</w:tr>"


def _table_start(headings, widths_mm) -> list[str]:
    """A fixed-layout grid table and its header row, repeated on each page."""
    grid = "".join(f'<w:gridCol w:w="{_twips(width)}"/>' for width in widths_mm)
    header_cells = "".join(
        _cell([(heading, True)], width, center=True) for heading, width in zip(headings, widths_mm, strict=True)
    )
    return [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{_twips(sum(widths_mm))}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>",
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header_cells}</w:tr>",
    ]


def _table_xml(synthesis: Synthesis) -> str:
    parts = _table_start(wording.TABLE_HEADINGS, COLUMN_MM)
    for group, row, first_of_clause in wording.table_items(synthesis):
        parts.append(_group_row(group) if row is None else _row_xml(row, first_of_clause))
    parts.append("</w:tbl>")
    return "".join(parts)


def _previous_round_xml(section: part_two.PreviousRound) -> str:
    parts = _table_start(part_two.HEADINGS, PREVIOUS_COLUMN_MM)
    for values in part_two.table_values(section):
        cells = [_cell([(values[0], False)], PREVIOUS_COLUMN_MM[0], center=True)]
        cells += [
            _cell([(line, False) for line in value.split("\n")], width)
            for value, width in zip(values[1:], PREVIOUS_COLUMN_MM[1:], strict=True)
        ]
        parts.append("<w:tr>" + "".join(cells) + "</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _append_table(document, xml: str) -> None:
    document.element.body.append(parse_xml(xml))
    document.element.body.append(document.element.body.sectPr)  # keep the section properties last
    _paragraph(document, after=0)  # Word would merge two adjacent tables


def _previous_round(document, section: part_two.PreviousRound) -> None:
    """Part II, on a page of its own after the main table, in the same landscape section."""
    heading = _paragraph(document, section.heading, size=14, bold=True, center=True, after=0)
    heading.paragraph_format.page_break_before = True
    _paragraph(document, section.subtitle, size=14, bold=True, center=True, after=12)
    if not section.rows:
        _paragraph(document, part_two.NO_COMMENTS)
        return
    _append_table(document, _previous_round_xml(section))


def _signature(document, synthesis: Synthesis) -> None:
    left, right = _borderless_table(document, (14.0, 10.0))
    _paragraph(right, synthesis.signer_title.upper(), size=14, bold=True, center=True, after=0)
    for _ in range(3):
        _paragraph(right, center=True, after=0)
    _paragraph(right, synthesis.signer_name, size=14, bold=True, center=True)
    _close_cells((left, right))


def _annex(document, synthesis: Synthesis) -> None:
    title, groups = wording.annex(synthesis)
    _paragraph(document, title, size=14, bold=True, center=True, after=12)
    if not groups:
        _paragraph(document, "Không có.")
    for label, names in groups:
        _paragraph(document, f"{label} ({len(names)}):", bold=True, indent=False)
        for number, name in enumerate(names, start=1):
            _paragraph(document, f"{number}. {name}", after=0)


def _page_numbers(document) -> None:
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


def _properties(document, synthesis: Synthesis) -> None:
    stamp = datetime(synthesis.generated_on.year, synthesis.generated_on.month, synthesis.generated_on.day)
    properties = document.core_properties
    properties.title = f"{synthesis.heading_title} - {synthesis.draft_line}"
    properties.author = synthesis.issuing_unit
    properties.last_modified_by = synthesis.issuing_unit
    properties.comments = ""
    properties.created = properties.modified = properties.last_printed = stamp
    properties.revision = 1


def to_docx(synthesis: Synthesis) -> bytes:
    document = Document()
    _setup_styles(document)
    _page(document.sections[0], landscape=False)
    _heading_block(document, synthesis)
    _summary(document, synthesis)
    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    if synthesis.previous_round is not None:
        _paragraph(document, synthesis.previous_round.part_one_heading, size=14, bold=True, center=True, after=12)
    _append_table(document, _table_xml(synthesis))
    if synthesis.previous_round is not None:
        _previous_round(document, synthesis.previous_round)
    _signature(document, synthesis)
    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    _annex(document, synthesis)
    _page_numbers(document)
    _properties(document, synthesis)
    output = io.BytesIO()
    document.save(output)
    return reproducible_zip(output.getvalue(), synthesis.generated_on)
