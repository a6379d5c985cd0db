"""The carry-over table ("Tình hình tiếp thu, giải trình ý kiến lần N") as DOCX and XLSX. Pure: rows in, bytes out."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from commentsvc.core import xlsx
from commentsvc.core.text import xml_safe
from commentsvc.revisions import compare_docx as docx
from commentsvc.revisions.carryover import CarryRow

COLUMNS = (
    ("TT", 10),
    ("Cơ quan góp ý", 35),
    ("Điều, khoản (lần trước)", 30),
    ("Nội dung góp ý", 60),
    ("Tiếp thu, giải trình", 55),
    ("Điều, khoản trong dự thảo sửa đổi", 30),
    ("Nội dung trong dự thảo sửa đổi", 60),
)


@dataclass(frozen=True)
class CarryTitle:
    draft_title: str
    previous_round: int
    new_version_number: int | None  # None: no revised version yet

    @property
    def heading(self) -> str:
        return f"TÌNH HÌNH TIẾP THU, GIẢI TRÌNH Ý KIẾN LẦN {self.previous_round}"

    @property
    def subtitle(self) -> str:
        if self.new_version_number is None:
            return self.draft_title
        return f"{self.draft_title} (đối chiếu với phiên bản {self.new_version_number})"


def row_values(number: int, row: CarryRow) -> list[str]:
    answer = row.decision + (f": {row.explanation}" if row.explanation else "")
    comment = row.text + (f"\nĐề xuất sửa: {row.proposed_wording}" if row.proposed_wording else "")
    new_text = "\n".join(target.text for target in row.targets)
    # Without the control characters Office files refuse.
    values = (str(number), row.agency_name, row.old_citation, comment, answer, row.new_citation, new_text)
    return [xml_safe(value) for value in values]


def carryover_docx(title: CarryTitle, rows: Sequence[CarryRow]) -> bytes:
    document = docx.new_document()
    docx.heading(document, [title.heading, xml_safe(title.subtitle)])
    grid = docx.table(document, [(name, width * 0.6) for name, width in COLUMNS])
    for number, row in enumerate(rows, start=1):
        docx.add_row(grid, row_values(number, row))
    if not rows:
        document.add_paragraph("Không có ý kiến góp ý nào ở lần lấy ý kiến trước.")
    document.core_properties.title = title.heading.capitalize()
    return docx.to_bytes(document)


def carryover_xlsx(title: CarryTitle, rows: Sequence[CarryRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Tiếp thu lần {title.previous_round}"
    xlsx.append(sheet, [title.heading])
    xlsx.append(sheet, [title.subtitle])
    xlsx.append(sheet, [name for name, _width in COLUMNS])
    for cell in sheet[1] + sheet[3]:
        cell.font = Font(name=docx.FONT, bold=True)
    for number, row in enumerate(rows, start=1):
        xlsx.append(sheet, row_values(number, row))  # a comment "=HYPERLINK(…)" stays text
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (_name, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(3, index).column_letter].width = width * 0.5
    for line in sheet.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = wrap
            cell.font = Font(name=docx.FONT)
    sheet.freeze_panes = "A4"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
