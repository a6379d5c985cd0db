"""A tracking board as an Excel workbook: one sheet of rows, one of totals (the same figures as the page).

Shared by consultations and report requests: each gives its headings, its row's values and its words
(core/tracking.py :class:`Words`). Every string goes through core/xlsx.py: a letter number or a title typed as "=…"
stays text, never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from commentsvc.core import xlsx
from commentsvc.core.clock import format_local
from commentsvc.core.deadlines import deadline_phrase
from commentsvc.core.tracking import Totals, Words

ROWS_SHEET = "Danh sách"
TOTALS_SHEET = "Tổng hợp"


def totals_values(totals: Totals, words: Words) -> list[list]:
    lines: list[list] = [
        [words.total, totals.total],
        [words.replied, totals.replied],
        [words.not_replied, totals.not_replied],
        [words.percent, totals.percent_replied],
        [words.extended, totals.extended],
        [],
        ["Theo trạng thái", "Số cơ quan"],
    ]
    lines += [[state.label, count] for state, count in totals.by_state.items()]
    lines += [[], ["Theo nhóm", "Số cơ quan", words.group_replied, words.group_not_replied]]
    lines += [[g.group.label, g.total, g.replied, g.total - g.replied] for g in totals.by_group]
    return lines


@dataclass(frozen=True)
class Extra:
    """A column of one board only, after "Số văn bản": its heading, width and the row's value."""

    heading: str
    width: int
    value: Callable[[object], object]


def _columns(words: Words, extras: Sequence[Extra]) -> list[tuple[str, int]]:
    return [
        ("STT", 6),
        ("Cơ quan", 50),
        ("Mã", 14),
        ("Nhóm", 30),
        ("Trạng thái", 32),
        ("Thời điểm gửi", 18),
        ("Số văn bản", 18),
        *((extra.heading, extra.width) for extra in extras),
        (words.count, 12),
        ("Gia hạn đến", 18),
        ("Đôn đốc gần nhất", 18),
        ("Kết quả đôn đốc", 16),
        ("Lỗi gửi thư", 50),
    ]


def row_values(number: int, row, extras: Sequence[Extra] = ()) -> list:
    """A board row (core/tracking.py) as the cells of its line, in :func:`_columns`' order."""
    reminder = row.last_reminder
    return [
        number,
        row.agency_name,
        row.agency_code,
        row.group.label,
        row.state_label,
        format_local(row.submitted_at),
        row.letter_number,
        *(extra.value(row) for extra in extras),
        row.count,
        deadline_phrase(row.extended_until) if row.extended_until else "",
        format_local(reminder.at) if reminder else "",
        reminder.status_label if reminder else "",
        reminder.last_error if reminder else "",
    ]


def to_xlsx(board, title: str, words: Words, extras: Sequence[Extra] = ()) -> bytes:
    """``board``: a consultation's or a report request's Board (now, rows, totals)."""
    columns = _columns(words, extras)
    workbook = Workbook()
    rows_sheet = workbook.active
    rows_sheet.title = ROWS_SHEET
    xlsx.append(rows_sheet, [title])
    rows_sheet["A1"].font = Font(bold=True, size=13)
    xlsx.append(rows_sheet, [f"Số liệu lúc {format_local(board.now)}"])
    xlsx.append(rows_sheet, [heading for heading, _ in columns])
    for cell in rows_sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(board.rows, start=1):
        xlsx.append(rows_sheet, row_values(number, row, extras))
    for index, (_, width) in enumerate(columns, start=1):
        rows_sheet.column_dimensions[get_column_letter(index)].width = width
    rows_sheet.freeze_panes = "C4"
    totals_sheet = workbook.create_sheet(TOTALS_SHEET)
    for line in totals_values(board.totals, words):
        xlsx.append(totals_sheet, line)
    totals_sheet.column_dimensions["A"].width = 45
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
