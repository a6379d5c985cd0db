"""A tracking board as an Excel workbook: one sheet of rows, one of totals (the same figures as the page).

Shared by consultations and report requests: each gives its headings, its row's values and its words
(core/tracking.py :class:`Words`). Every string goes through core/xlsx.py: a letter number or a title typed as "=…"
stays text, never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from commentsvc.core import xlsx
from commentsvc.core.clock import format_local
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


def to_xlsx(
    *,
    title: str,
    now: datetime,
    rows: list,
    totals: Totals,
    words: Words,
    headings: Sequence[str],
    widths: Sequence[int],
    row_values: Callable[[int, object], list],
) -> bytes:
    workbook = Workbook()
    rows_sheet = workbook.active
    rows_sheet.title = ROWS_SHEET
    xlsx.append(rows_sheet, [title])
    rows_sheet["A1"].font = Font(bold=True, size=13)
    xlsx.append(rows_sheet, [f"Số liệu lúc {format_local(now)}"])
    xlsx.append(rows_sheet, list(headings))
    for cell in rows_sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(rows, start=1):
        xlsx.append(rows_sheet, row_values(number, row))
    for index, width in enumerate(widths, start=1):
        rows_sheet.column_dimensions[get_column_letter(index)].width = width
    rows_sheet.freeze_panes = "C4"
    totals_sheet = workbook.create_sheet(TOTALS_SHEET)
    for line in totals_values(totals, words):
        xlsx.append(totals_sheet, line)
    totals_sheet.column_dimensions["A"].width = 45
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
