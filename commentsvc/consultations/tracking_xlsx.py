"""The tracking board as an Excel workbook: one sheet of rows, one of totals (the same figures as the page).

Every string goes through core/xlsx.py: a letter number or a title typed as "=…" stays text, never a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from commentsvc.consultations.tracking import Board, TrackingRow
from commentsvc.core import xlsx
from commentsvc.core.clock import format_local
from commentsvc.core.deadlines import deadline_phrase

ROWS_SHEET = "Danh sách"
TOTALS_SHEET = "Tổng hợp"
ROW_HEADINGS = (
    "STT",
    "Cơ quan",
    "Mã",
    "Nhóm",
    "Trạng thái",
    "Thời điểm gửi",
    "Số văn bản",
    "Số ý kiến",
    "Gia hạn đến",
    "Đôn đốc gần nhất",
    "Kết quả đôn đốc",
    "Lỗi gửi thư",
)
COLUMN_WIDTHS = (6, 50, 14, 30, 32, 18, 18, 10, 18, 18, 16, 50)


def row_values(number: int, row: TrackingRow) -> list:
    reminder = row.last_reminder
    return [
        number,
        row.agency_name,
        row.agency_code,
        row.group.label,
        row.state_label,
        format_local(row.submitted_at),
        row.reply_letter_number,
        row.comment_count,
        deadline_phrase(row.extended_until) if row.extended_until else "",
        format_local(reminder.at) if reminder else "",
        reminder.status_label if reminder else "",
        reminder.last_error if reminder else "",
    ]


def totals_values(board: Board) -> list[list]:
    totals = board.totals
    lines: list[list] = [
        ["Tổng số cơ quan được lấy ý kiến", totals.total],
        ["Đã gửi văn bản góp ý", totals.replied],
        ["Chưa gửi văn bản góp ý", totals.not_replied],
        ["Tỷ lệ đã trả lời (%)", totals.percent_replied],
        ["Trong đó được gia hạn riêng, chưa trả lời", totals.extended],
        [],
        ["Theo trạng thái", "Số cơ quan"],
    ]
    lines += [[state.label, count] for state, count in totals.by_state.items()]
    lines += [[], ["Theo nhóm", "Số cơ quan", "Đã trả lời", "Chưa trả lời"]]
    lines += [[g.group.label, g.total, g.replied, g.total - g.replied] for g in totals.by_group]
    return lines


def to_xlsx(board: Board, title: str) -> bytes:
    workbook = Workbook()
    rows_sheet = workbook.active
    rows_sheet.title = ROWS_SHEET
    xlsx.append(rows_sheet, [title])
    rows_sheet["A1"].font = Font(bold=True, size=13)
    xlsx.append(rows_sheet, [f"Số liệu lúc {format_local(board.now)}"])
    xlsx.append(rows_sheet, ROW_HEADINGS)
    for cell in rows_sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(board.rows, start=1):
        xlsx.append(rows_sheet, row_values(number, row))
    for index, width in enumerate(COLUMN_WIDTHS):
        rows_sheet.column_dimensions[chr(ord("A") + index)].width = width
    rows_sheet.freeze_panes = "C4"
    totals_sheet = workbook.create_sheet(TOTALS_SHEET)
    for line in totals_values(board):
        xlsx.append(totals_sheet, line)
    totals_sheet.column_dimensions["A"].width = 45
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
