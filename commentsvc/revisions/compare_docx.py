"""The comparison of two versions as a Word document: deletions struck through, insertions underlined in colour.

A4 landscape, Times New Roman (Decree 30/2020 layout for tables), one row per change. Pure: takes the
comparison.Change list and returns bytes; also lends its page and font setup to the carry-over export.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from commentsvc.revisions.comparison import RELATION_LABELS, Change
from commentsvc.revisions.wordiff import Segment

FONT = "Times New Roman"
INSERT_COLOUR = RGBColor(0x1F, 0x4E, 0x9A)  # blue: readable when printed in grey too, with the underline
DELETE_COLOUR = RGBColor(0xC0, 0x00, 0x00)
COLUMNS = (
    ("TT", 12),
    ("Phiên bản cũ", 38),
    ("Phiên bản mới", 38),
    ("Thay đổi", 25),
    ("Nội dung (thay đổi được đánh dấu)", 144),
)


@dataclass(frozen=True)
class CompareTitle:
    draft_title: str
    old_number: int
    new_number: int


def new_document(landscape: bool = True):
    """A4 document whose every run is Times New Roman 12 pt (also for Vietnamese and East Asian slots)."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(20) if landscape else Mm(30), Mm(15)
    return document


def heading(document, lines: Sequence[str]) -> None:
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = index == 0
        run.font.size = Pt(14 if index == 0 else 13)


def table(document, columns: Sequence[tuple[str, float]]):
    """A bordered table with a bold header row repeated on every page; widths in mm."""
    grid = document.add_table(rows=1, cols=len(columns))
    grid.style = "Table Grid"
    for cell, (title, width) in zip(grid.rows[0].cells, columns, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0].add_run(title).bold = True
    header = grid.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))
    return grid


def add_row(grid, values: Sequence[str]):
    cells = grid.add_row().cells
    for cell, value in zip(cells, values, strict=False):
        first, *rest = value.split("\n")  # a text's paragraphs stay paragraphs, not one run-on line
        cell.paragraphs[0].add_run(first)
        for line in rest:
            cell.add_paragraph(line)
    return cells


def write_segments(paragraph, segments: Sequence[Segment]) -> None:
    for segment in segments:
        run = paragraph.add_run(segment.text)
        if segment.op == "insert":
            run.font.underline = True
            run.font.color.rgb = INSERT_COLOUR
        elif segment.op == "delete":
            run.font.strike = True
            run.font.color.rgb = DELETE_COLOUR


def to_bytes(document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def compare_docx(title: CompareTitle, changes: Sequence[Change]) -> bytes:
    """The comparison table: number, old and new citations, what happened, the text with its changes marked."""
    document = new_document()
    heading(
        document,
        [
            "BẢNG SO SÁNH CÁC PHIÊN BẢN DỰ THẢO",
            title.draft_title,
            f"Phiên bản {title.old_number} và phiên bản {title.new_number}",
        ],
    )
    legend = document.add_paragraph("Ghi chú: ")
    write_segments(
        legend, [Segment("delete", "nội dung bỏ"), Segment("equal", "; "), Segment("insert", "nội dung thêm")]
    )
    grid = table(document, COLUMNS)
    for number, change in enumerate(changes, start=1):
        cells = add_row(
            grid,
            [str(number), change.old_citation or "—", change.new_citation or "—", RELATION_LABELS[change.relation]],
        )
        write_segments(cells[4].paragraphs[0], change.segments)
    document.core_properties.title = f"So sánh dự thảo: {title.draft_title}"
    return to_bytes(document)
