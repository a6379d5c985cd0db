"""Text typed by people stays text in every workbook: core/xlsx.py, the carry-over and the tracking files."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import rules, tracking
from commentsvc.consultations.tracking import Filters, RecipientFacts
from commentsvc.consultations.tracking_xlsx import ROWS_SHEET, to_xlsx
from commentsvc.core import xlsx
from commentsvc.core.text import vietnamese_sort_key
from commentsvc.responses.models import ReplyStatus
from commentsvc.revisions.carryover import CommentIn, carry_over
from commentsvc.revisions.carryover_export import CarryTitle, carryover_xlsx

RISKY = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)")
NOW = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)


def _reopen(data: bytes):
    return load_workbook(io.BytesIO(data))


def _saved(workbook: Workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _assert_text(cell, text: str) -> None:
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True), cell.coordinate


def test_every_string_is_written_as_text_and_other_values_as_they_are():
    workbook = Workbook()
    sheet = workbook.active
    xlsx.append(sheet, [*RISKY, " =1+1", "\t=1", "Bộ Tư pháp", 12, None])
    xlsx.write(sheet.cell(row=2, column=1), "=SUM(1,2)")
    reopened = _reopen(_saved(workbook)).active
    for cell, text in zip(reopened[1], [*RISKY, " =1+1"], strict=False):
        _assert_text(cell, text)
    assert reopened["G1"].value == "Bộ Tư pháp" and reopened["G1"].data_type == "s" and not reopened["G1"].quotePrefix
    assert reopened["H1"].value == 12 and reopened["H1"].data_type == "n"
    assert reopened["I1"].value is None
    _assert_text(reopened["A2"], "=SUM(1,2)")


def test_control_characters_are_dropped_and_text_is_cut_at_excel_limit():
    workbook = Workbook()
    xlsx.append(workbook.active, ["Bộ\x07 Công an", "x" * 40_000])
    reopened = _reopen(_saved(workbook)).active
    assert reopened["A1"].value == "Bộ Công an"
    assert len(reopened["B1"].value) == xlsx.EXCEL_CELL_LIMIT


@pytest.mark.parametrize("text", RISKY)
def test_carryover_xlsx_keeps_a_comment_as_text(text):
    comments = [CommentIn(1, 7, text, None, text, proposed_wording="", decision="Tiếp thu", explanation="Đã sửa.")]
    title = CarryTitle(text, 1, None)
    sheet = _reopen(carryover_xlsx(title, carry_over(comments, {}, []))).active
    _assert_text(sheet["A2"], text)  # the draft's title
    [row] = sheet.iter_rows(min_row=4)
    _assert_text(row[1], text)  # the agency
    _assert_text(row[3], text)  # the comment


def test_tracking_xlsx_keeps_letter_numbers_and_the_title_as_text():
    window = rules.Window(True, False, NOW - timedelta(days=10), NOW + timedelta(days=3))
    facts = [
        RecipientFacts(
            recipient_id=number,
            agency_name=f"Bộ số {number}",
            agency_code=f"B{number}",
            group=AgencyGroup.MINISTRY,
            sort_key=vietnamese_sort_key(f"Bộ số {number}"),
            window=window,
            reply_status=ReplyStatus.SUBMITTED,
            submitted_at=NOW - timedelta(days=1),
            reply_letter_number=text,
        )
        for number, text in enumerate(RISKY, start=1)
    ]
    board = tracking.build_board(1, facts, NOW, Filters())
    sheet = _reopen(to_xlsx(board, RISKY[0]))[ROWS_SHEET]
    _assert_text(sheet["A1"], RISKY[0])
    by_agency = {row[1].value: row[6] for row in sheet.iter_rows(min_row=4)}
    for number, text in enumerate(RISKY, start=1):
        _assert_text(by_agency[f"Bộ số {number}"], text)
