"""The consolidation as a workbook: a sheet per form, a sheet of totals, a sheet of agencies not reported.

Pure (data → bytes), written by core/xlsx_stream.py: numbers are numbers, dates are dates, and agencies' text is
always a string cell (a value "=…" never becomes a formula). 90 agencies × 200 rows × 10 columns in about a second.
"""

from __future__ import annotations

from datetime import date

from commentsvc.core.xlsx_stream import Sheet, to_bytes
from commentsvc.reports.consolidation import Consolidation, FormTable
from commentsvc.reports.layout import typed_value


def _form_sheet(table: FormTable) -> Sheet:
    columns = table.form.layout.columns
    sheet = Sheet(f"Biểu mẫu {table.form.code}"[:31], widths=(6, 40, 24, 50, *[18] * len(columns)))
    sheet.append([f"Biểu mẫu {table.form.code}: {table.form.title}"], bold=True)
    row_title = "Nhiệm vụ" if table.form.is_task_list else "Chỉ tiêu"
    sheet.append(["STT", "Cơ quan", "Nhóm cơ quan", row_title] + [c.label for c in columns], bold=True)
    for number, line in enumerate(table.lines, start=1):
        values = [typed_value(column, line.values.get(column.key, "")) for column in columns]
        sheet.append([number, line.agency.name, line.agency.group_label, line.row.label, *values])
    for agency in table.not_reported:
        sheet.append(["", agency.name, agency.group_label, "Chưa báo cáo"])
    return sheet


def _totals_sheet(consolidation: Consolidation) -> Sheet:
    sheet = Sheet("Tổng hợp", widths=(10, 50, 30, 16, 16, 16))
    sheet.append(["Biểu mẫu", "Chỉ tiêu", "Cột", "Tổng", "Trung bình", "Số cơ quan có số liệu"], bold=True)
    for table in consolidation.tables:
        for row in table.form.layout.rows:
            for column in table.numeric_columns:
                stats = table.stats[(row.key, column.key)]
                average = float(stats.average) if stats.average is not None else None
                sheet.append([table.form.code, row.label, column.label, float(stats.total), average, stats.count])
        if table.form.is_task_list:
            for status, count in table.status_counts.items():
                sheet.append([table.form.code, "Số nhiệm vụ", status, count, None, None])
    return sheet


def _not_reported_sheet(consolidation: Consolidation) -> Sheet:
    sheet = Sheet("Chưa báo cáo", widths=(6, 50, 30))
    sheet.append(["STT", "Cơ quan", "Nhóm cơ quan"], bold=True)
    for number, agency in enumerate(consolidation.not_reported, start=1):
        sheet.append([number, agency.name, agency.group_label])
    return sheet


def to_xlsx(consolidation: Consolidation, on: date) -> bytes:
    sheets = [_form_sheet(table) for table in consolidation.tables]
    sheets += [_totals_sheet(consolidation), _not_reported_sheet(consolidation)]
    return to_bytes(sheets, on, title=f"Tổng hợp {consolidation.title}, kỳ {consolidation.period_label}")
