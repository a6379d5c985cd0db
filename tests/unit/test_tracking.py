"""Pure parts of tracking: states, totals, filters, order, the reminder schedule, the XLSX and the letter's wording."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, date, datetime, timedelta

import docx
import openpyxl
import pytest

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import reminders, rules, tracking
from commentsvc.consultations.models import MailStatus
from commentsvc.consultations.reminder_letter import ReminderLetter, body_paragraphs, to_docx
from commentsvc.consultations.rules import RecipientState
from commentsvc.consultations.tracking import EXTENDED, Filters, RecipientFacts, ReminderSummary
from commentsvc.consultations.tracking_xlsx import ROWS_SHEET, TOTALS_SHEET, to_xlsx
from commentsvc.core.text import vietnamese_sort_key
from commentsvc.responses.models import ReplyStatus

_ids = itertools.count(1)
NOW = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 3, 8, 17, 0, tzinfo=UTC)  # "trước ngày 09/3/2026": 00:00 local on 9 March


def window(deadline=DEADLINE, extended_until=None, **kwargs) -> rules.Window:
    return rules.Window(
        is_sent=True,
        is_closed_by_team=kwargs.pop("closed", False),
        opens_at=DEADLINE - timedelta(days=20),
        deadline_at=deadline,
        extended_until=extended_until,
        **kwargs,
    )


def facts(name: str, group=AgencyGroup.MINISTRY, **kwargs) -> RecipientFacts:
    return RecipientFacts(
        recipient_id=next(_ids),
        agency_name=name,
        agency_code=name[:3],
        group=group,
        sort_key=vietnamese_sort_key(name),
        window=kwargs.pop("window", window()),
        **kwargs,
    )


SAMPLE = [
    facts("Bộ Tư pháp", reply_status=ReplyStatus.SUBMITTED, submitted_at=NOW - timedelta(days=1)),
    facts("Bộ Y tế", reply_status=ReplyStatus.SUBMITTED, is_late=True, submitted_at=NOW - timedelta(days=2)),
    facts("Bộ Công an", reply_status=ReplyStatus.DRAFTING, comment_count=4),
    facts("Bộ Ngoại giao", opened=True),
    facts("Đài Truyền hình Việt Nam", AgencyGroup.GOVERNMENT_AGENCY),
    facts("Cà Mau", AgencyGroup.PROVINCE, window=window(extended_until=DEADLINE + timedelta(days=3))),
    facts("Cao Bằng", AgencyGroup.PROVINCE, reply_status=ReplyStatus.DRAFTING, comment_count=0),
]


def test_states_before_the_deadline():
    rows = {row.agency_name: row for row in map(lambda f: tracking.compute_row(f, NOW), SAMPLE)}
    assert rows["Bộ Tư pháp"].state is RecipientState.SUBMITTED_ON_TIME
    assert rows["Bộ Y tế"].state is RecipientState.SUBMITTED_LATE
    assert rows["Bộ Công an"].state is RecipientState.DRAFTING
    assert rows["Bộ Công an"].state_label == "Đang soạn góp ý (4 ý kiến)"
    assert rows["Bộ Ngoại giao"].state is RecipientState.OPENED
    assert rows["Cao Bằng"].state is RecipientState.OPENED  # a reply begun without comments
    assert rows["Đài Truyền hình Việt Nam"].state is RecipientState.NOT_OPENED
    assert rows["Cà Mau"].is_extended and rows["Cà Mau"].deadline_at == DEADLINE + timedelta(days=3)


def test_after_the_deadline_only_the_extended_agency_is_not_silent():
    after = DEADLINE + timedelta(hours=1)
    rows = {row.agency_name: row for row in (tracking.compute_row(f, after) for f in SAMPLE)}
    assert rows["Cà Mau"].state is RecipientState.NOT_OPENED
    silent = [name for name, row in rows.items() if row.state is RecipientState.IMPLICIT_AGREEMENT]
    # Bộ Công an's 4 comments were never sent: silent like the others (what close-due records), and the page says so.
    assert sorted(silent) == sorted(["Bộ Công an", "Bộ Ngoại giao", "Đài Truyền hình Việt Nam", "Cao Bằng"])
    assert rows["Bộ Công an"].state_label == "Không trả lời (coi như nhất trí), có 4 ý kiến chưa gửi"
    assert rows["Bộ Ngoại giao"].state_label == "Không trả lời (coi như nhất trí)"
    late = facts("Bộ Công Thương", reply_status=ReplyStatus.DRAFTING, comment_count=2, window=window(accepts_late=True))
    assert tracking.compute_row(late, after).state is RecipientState.IMPLICIT_AGREEMENT  # it may still submit, late
    no_reply = facts("Bộ Xây dựng", window=window(silence_is_agreement=False))
    assert tracking.compute_row(no_reply, after).state is RecipientState.NO_REPLY


def test_totals_per_state_and_group():
    board = tracking.build_board(1, SAMPLE, NOW, Filters())
    totals = board.totals
    assert (totals.total, totals.replied, totals.not_replied, totals.extended) == (7, 2, 5, 1)
    assert totals.percent_replied == 29
    assert sum(totals.by_state.values()) == 7 and totals.by_state[RecipientState.OPENED] == 2
    assert [(g.group, g.total, g.replied) for g in totals.by_group] == [
        (AgencyGroup.MINISTRY, 4, 2),
        (AgencyGroup.GOVERNMENT_AGENCY, 1, 0),
        (AgencyGroup.PROVINCE, 2, 0),
    ]
    assert tracking.compute_totals([]).percent_replied == 0


def test_filters_keep_totals_of_everybody():
    board = tracking.build_board(1, SAMPLE, NOW, Filters(group=AgencyGroup.PROVINCE))
    assert [row.agency_name for row in board.rows] == ["Cà Mau", "Cao Bằng"]
    assert board.totals.total == 7
    extended = tracking.build_board(1, SAMPLE, NOW, Filters(state=EXTENDED))
    assert [row.agency_name for row in extended.rows] == ["Cà Mau"]
    drafting = tracking.build_board(1, SAMPLE, NOW, Filters(state="drafting"))
    assert [row.agency_name for row in drafting.rows] == ["Bộ Công an"]


def test_sort_by_vietnamese_name_and_by_time():
    by_name = [row.agency_name for row in tracking.build_board(1, SAMPLE, NOW, Filters()).rows]
    assert by_name == [
        "Bộ Công an",
        "Bộ Ngoại giao",
        "Bộ Tư pháp",
        "Bộ Y tế",
        "Cà Mau",
        "Cao Bằng",
        "Đài Truyền hình Việt Nam",  # đ after d, after c
    ]
    by_time = [row.agency_name for row in tracking.build_board(1, SAMPLE, NOW, Filters(sort="time")).rows]
    assert by_time[:2] == ["Bộ Y tế", "Bộ Tư pháp"] and len(by_time) == 7


def test_parse_filters_ignores_unknown_values():
    assert tracking.parse_filters({"group": "province", "state": "opened", "sort": "time"}) == Filters(
        AgencyGroup.PROVINCE, "opened", "time"
    )
    assert tracking.parse_filters({"group": "x", "state": "<script>", "sort": "id"}) == Filters()
    assert Filters(AgencyGroup.MINISTRY, None, "name").as_args() == {"group": "ministry", "sort": "name"}


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [(5, None), (3, "before-3d"), (2, "before-3d"), (1, "before-1d"), (0.1, "before-1d")],
)
def test_due_step_is_the_latest_step_reached(days_before, expected):
    assert reminders.due_step("3,1", DEADLINE, DEADLINE - timedelta(days=days_before)) == expected
    assert reminders.due_step("", DEADLINE, DEADLINE) is None


def test_schedule_only_while_open_and_within_the_agency_deadline():
    assert reminders.is_schedulable(window(), NOW, is_submitted=False)
    assert not reminders.is_schedulable(window(), NOW, is_submitted=True)
    assert not reminders.is_schedulable(window(), DEADLINE, is_submitted=False)
    assert not reminders.is_schedulable(window(closed=True), NOW, is_submitted=False)


def test_deadline_phrase_in_local_time():
    assert reminders.deadline_phrase(DEADLINE) == "hết ngày 08/03/2026"
    assert reminders.deadline_phrase(datetime(2026, 3, 9, 10, 0, tzinfo=UTC)) == "trước 17 giờ 00 ngày 09/03/2026"
    assert reminders.deadline_phrase(datetime(2026, 3, 9, 1, 5, tzinfo=UTC)) == "trước 8 giờ 05 ngày 09/03/2026"


def test_xlsx_has_rows_and_totals_sheets_with_the_board_figures():
    reminder = ReminderSummary("before-3d", MailStatus.FAILED, NOW, None, 2, "550 mailbox unavailable", 1)
    data = [*SAMPLE[:-1], facts("Cao Bằng", AgencyGroup.PROVINCE, last_reminder=reminder)]
    board = tracking.build_board(1, data, NOW, Filters())
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(board, "Lấy ý kiến dự thảo")))
    rows = list(workbook[ROWS_SHEET].iter_rows(min_row=4, values_only=True))
    assert [row[1] for row in rows] == [row.agency_name for row in board.rows]
    cao_bang = rows[5]
    assert cao_bang[10] == "Gửi lỗi" and cao_bang[11] == "550 mailbox unavailable"
    totals = {row[0]: row[1] for row in workbook[TOTALS_SHEET].iter_rows(values_only=True) if row and row[0]}
    assert totals["Tổng số cơ quan được lấy ý kiến"] == 7 and totals["Đã gửi văn bản góp ý"] == 2
    assert totals[RecipientState.DRAFTING.label] == 1


def _letter(**changes) -> ReminderLetter:
    values = dict(
        parent_name="Bộ Khoa học và Công nghệ",
        unit_name="Cục Chuyển đổi số quốc gia",
        parent_code="BKHCN",
        unit_code="CĐS",
        place="Hà Nội",
        on=date(2026, 3, 5),
        draft_title="Dự thảo Nghị định về dữ liệu mở",
        request_number="3256/BKHCN-CĐS",
        request_date=date(2026, 2, 1),
        deadline_at=DEADLINE,
        agencies=["Bộ Công an", "Ủy ban nhân dân tỉnh Cà Mau"],
        silence_is_agreement=True,
        contact="Trần Thị Bình, điện thoại: 024 3943 0000",
        signer_title="KT. Cục trưởng\nPhó Cục trưởng",
        signer_name="Nguyễn Văn An",
    )
    return ReminderLetter(**(values | changes))


def test_letter_wording():
    letter = _letter()
    assert letter.subject_line == "V/v đôn đốc góp ý dự thảo Nghị định về dữ liệu mở"
    assert _letter(draft_title="Chiến lược dữ liệu").subject_line == "V/v đôn đốc góp ý dự thảo Chiến lược dữ liệu"
    assert letter.number_line.startswith("Số:") and letter.number_line.endswith("/BKHCN-CĐS")
    text = " ".join(body_paragraphs(letter))
    assert "Công văn số 3256/BKHCN-CĐS" in text and "Ngày 01/02/2026" in text and "hết ngày 08/03/2026" in text
    assert "xin hiểu là Quý Cơ quan đã nhất trí" in text
    assert "xin hiểu" not in " ".join(body_paragraphs(_letter(silence_is_agreement=False)))


def test_letter_docx_layout():
    document = docx.Document(io.BytesIO(to_docx(_letter())))
    assert document.styles["Normal"].font.name == "Times New Roman"
    heading = [p for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    date_line = next(p for p in heading if p.text.startswith("Hà Nội, ngày"))
    assert date_line.text == "Hà Nội, ngày 05 tháng 3 năm 2026" and date_line.runs[0].italic
    unit = next(p for p in heading if p.text == "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA")
    assert unit.runs[0].bold
    body = [p.text for p in document.paragraphs]
    assert body[:3] == ["Kính gửi:", "- Bộ Công an;", "- Ủy ban nhân dân tỉnh Cà Mau;"]
    closing = [p for cell in document.tables[1].rows[0].cells for p in cell.paragraphs]
    heading_run = closing[0].runs[0]
    assert closing[0].text == "Nơi nhận:" and heading_run.bold and heading_run.italic
    signature = [p.text for p in closing[3:] if p.text]
    assert signature == ["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Nguyễn Văn An"]
    assert all(p.runs[0].bold for p in closing[3:] if p.text)
