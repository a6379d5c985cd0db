"""The synthesis table as a Word document laid out per Decree 30/2020/NĐ-CP.

Section 1 (portrait): heading block, title, opening summary. Section 2 (landscape): the table, for a later round
part II on a new page (how the previous round's comments were handled, see previous_round.py), and the signature.
Section 3 (portrait): the annex of agencies that did not reply. Styles, pages, heading block, signature and page
numbers are docx_layout.py's, shared with the report requests' report. The table's rows are written as one XML
string and parsed once: python-docx's cell API is far too slow for 10,000 rows.
"""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from commentsvc.synthesis import docx_layout as layout
from commentsvc.synthesis import previous_round as part_two
from commentsvc.synthesis import wording
from commentsvc.synthesis.compiler import Synthesis, SynthesisRow
from commentsvc.synthesis.ooxml import reproducible_zip, xml_safe

# Column widths of the landscape table in mm; they add up to 297 - 20 - 20.
COLUMN_MM = (12, 55, 40, 85, 65)
# Part II's seven columns: the carry-over file's proportions over the same 257 mm.
PREVIOUS_COLUMN_MM = tuple(round(width * sum(COLUMN_MM) / sum(part_two.WIDTHS), 1) for width in part_two.WIDTHS)


def _summary(document, synthesis: Synthesis) -> None:
    layout.paragraph(
        document, synthesis.heading_title, size=14, bold=True, center=True, after=0
    ).paragraph_format.space_before = Pt(12)
    layout.paragraph(document, synthesis.draft_line, size=14, bold=True, center=True, after=12)
    for point in synthesis.summary_points:
        layout.paragraph(document, point)


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
    return f'<w:tc><w:tcPr><w:tcW w:w="{layout.twips(width_mm)}" w:type="dxa"/>{span_xml}</w:tcPr>{paragraphs}</w:tc>'


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
    grid = "".join(f'<w:gridCol w:w="{layout.twips(width)}"/>' for width in widths_mm)
    header_cells = "".join(
        _cell([(heading, True)], width, center=True) for heading, width in zip(headings, widths_mm, strict=True)
    )
    return [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{layout.twips(sum(widths_mm))}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
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
    layout.paragraph(document, after=0)  # Word would merge two adjacent tables


def _previous_round(document, section: part_two.PreviousRound) -> None:
    """Part II, on a page of its own after the main table, in the same landscape section."""
    heading = layout.paragraph(document, section.heading, size=14, bold=True, center=True, after=0)
    heading.paragraph_format.page_break_before = True
    layout.paragraph(document, section.subtitle, size=14, bold=True, center=True, after=12)
    if not section.rows:
        layout.paragraph(document, part_two.NO_COMMENTS)
        return
    _append_table(document, _previous_round_xml(section))


def _annex(document, synthesis: Synthesis) -> None:
    title, groups = wording.annex(synthesis)
    layout.paragraph(document, title, size=14, bold=True, center=True, after=12)
    if not groups:
        layout.paragraph(document, "Không có.")
    for label, names in groups:
        layout.paragraph(document, f"{label} ({len(names)}):", bold=True, indent=False)
        for number, name in enumerate(names, start=1):
            layout.paragraph(document, f"{number}. {name}", after=0)


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
    layout.setup_styles(document)
    layout.page(document.sections[0], landscape=False)
    layout.heading_block(document, synthesis)
    _summary(document, synthesis)
    layout.page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    if synthesis.previous_round is not None:
        layout.paragraph(document, synthesis.previous_round.part_one_heading, size=14, bold=True, center=True, after=12)
    _append_table(document, _table_xml(synthesis))
    if synthesis.previous_round is not None:
        _previous_round(document, synthesis.previous_round)
    layout.signature(document, synthesis)
    layout.page(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    _annex(document, synthesis)
    layout.page_numbers(document)
    _properties(document, synthesis)
    output = io.BytesIO()
    document.save(output)
    return reproducible_zip(output.getvalue(), synthesis.generated_on)
