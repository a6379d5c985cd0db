"""The report request's tracking board as an Excel workbook: its columns, in core/tracking_xlsx.py's two sheets."""

from __future__ import annotations

from commentsvc.core import tracking_xlsx
from commentsvc.core.clock import format_local
from commentsvc.core.deadlines import deadline_phrase
from commentsvc.reports.tracking import REPORT_WORDS, Board, BoardRow

ROW_HEADINGS = (
    "STT",
    "Cơ quan",
    "Mã",
    "Nhóm",
    "Trạng thái",
    "Thời điểm gửi báo cáo",
    "Số văn bản",
    "Chữ ký số",
    "Số ô đã nhập",
    "Gia hạn đến",
    "Đôn đốc gần nhất",
    "Kết quả đôn đốc",
    "Lỗi gửi thư",
)
COLUMN_WIDTHS = (6, 50, 14, 30, 28, 18, 18, 30, 12, 18, 18, 16, 50)


def row_values(number: int, row: BoardRow) -> list:
    reminder = row.last_reminder
    return [
        number,
        row.agency_name,
        row.agency_code,
        row.group.label,
        row.state_label,
        format_local(row.submitted_at),
        row.letter_number,
        row.signature_label,
        row.cells_filled,
        deadline_phrase(row.extended_until) if row.extended_until else "",
        format_local(reminder.at) if reminder else "",
        reminder.status_label if reminder else "",
        reminder.last_error if reminder else "",
    ]


def to_xlsx(board: Board, title: str) -> bytes:
    return tracking_xlsx.to_xlsx(
        title=title,
        now=board.now,
        rows=board.rows,
        totals=board.totals,
        words=REPORT_WORDS,
        headings=ROW_HEADINGS,
        widths=COLUMN_WIDTHS,
        row_values=row_values,
    )
