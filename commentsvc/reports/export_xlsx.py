"""The consolidation as a workbook: a sheet per form, a sheet of totals, a sheet of agencies not reported.

Pure (data → bytes). Numbers are written as numbers, dates as dates; agencies' text is always a string cell (a value
"=…" never becomes a formula: core/xlsx.py). A write-only workbook: 90 agencies × 200 rows × 10 columns in seconds.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from commentsvc.core import xlsx
from commentsvc.reports.consolidation import Consolidation, FormTable
from commentsvc.reports.layout import typed_value
from commentsvc.synthesis.ooxml import workbook_bytes

BOLD = Font(bold=True)


def _safe(sheet, values: list) -> list:
    """Strings that look like formulas become text cells with the quote prefix; everything else stays as it is."""
    out = []
    for value in values:
        if isinstance(value, str) and xlsx.looks_like_formula(value):
            cell = WriteOnlyCell(sheet)
            xlsx.set_text(cell, value)
            cell.quotePrefix = True
            value = cell
        out.append(value)
    return out


def _bold(sheet, values: list) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = BOLD
        cells.append(cell)
    return cells


def _form_sheet(workbook, table: FormTable) -> None:
    sheet = workbook.create_sheet(f"Biểu mẫu {table.form.code}"[:31])
    columns = table.form.layout.columns
    sheet.append(_safe(sheet, [f"Biểu mẫu {table.form.code}: {table.form.title}"]))
    row_title = "Nhiệm vụ" if table.form.is_task_list else "Chỉ tiêu"
    sheet.append(_bold(sheet, ["STT", "Cơ quan", "Nhóm cơ quan", row_title] + [c.label for c in columns]))
    for number, line in enumerate(table.lines, start=1):
        values = [typed_value(column, line.values.get(column.key, "")) for column in columns]
        sheet.append(_safe(sheet, [number, line.agency.name, line.agency.group_label, line.row.label, *values]))
    for agency in table.not_reported:
        sheet.append(_safe(sheet, ["", agency.name, agency.group_label, "Chưa báo cáo"]))


def _totals_sheet(workbook, consolidation: Consolidation) -> None:
    sheet = workbook.create_sheet("Tổng hợp")
    sheet.append(_bold(sheet, ["Biểu mẫu", "Chỉ tiêu", "Cột", "Tổng", "Trung bình", "Số cơ quan có số liệu"]))
    for table in consolidation.tables:
        for row in table.form.layout.rows:
            for column in table.numeric_columns:
                stats = table.stats[(row.key, column.key)]
                average = float(stats.average) if stats.average is not None else None
                sheet.append(
                    _safe(sheet, [table.form.code, row.label, column.label, float(stats.total), average, stats.count])
                )
        if table.form.is_task_list:
            for status, count in table.status_counts.items():
                sheet.append(_safe(sheet, [table.form.code, "Số nhiệm vụ", status, count, None, None]))


def _not_reported_sheet(workbook, consolidation: Consolidation) -> None:
    sheet = workbook.create_sheet("Chưa báo cáo")
    sheet.append(_bold(sheet, ["STT", "Cơ quan", "Nhóm cơ quan"]))
    for number, agency in enumerate(consolidation.not_reported, start=1):
        sheet.append(_safe(sheet, [number, agency.name, agency.group_label]))


def to_xlsx(consolidation: Consolidation, on: date) -> bytes:
    workbook = Workbook(write_only=True)
    for table in consolidation.tables:
        _form_sheet(workbook, table)
    _totals_sheet(workbook, consolidation)
    _not_reported_sheet(workbook, consolidation)
    return workbook_bytes(workbook, on)
