"""The consultation's lifecycle, as every page, export, letter and command shows it, on a fixed clock.

Four agencies: one replied, one given an extension, one silent, one drafting without sending. The decision on early
closing is "chưa hết hạn khi kết thúc": an agency whose own deadline had not passed when the team closed is recorded
apart, never counted as agreeing (README, "The consultation's lifecycle").
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import docx
import openpyxl
import pytest
import sqlalchemy as sa

from commentsvc.consultations.models import ConsultationStatus, Reminder, SilenceOutcome
from commentsvc.consultations.rules import RecipientState
from commentsvc.core.db import db as the_db
from tests.jobs_helpers import run_queue
from tests.web.lifecycle_helpers import DEADLINE, EXTENDED, OPENS, FixedClock, four_agencies
from tests.web.tracking_helpers import recipient_of, smtp_for

BEFORE_DEADLINE = DEADLINE - timedelta(days=14)  # 14 days early, as in the issue
BETWEEN = DEADLINE + timedelta(days=1)  # the common deadline passed, the extension still running
AFTER_ALL = EXTENDED + timedelta(hours=1)


@pytest.fixture
def fixed(monkeypatch):
    return FixedClock(monkeypatch, OPENS + timedelta(hours=1))


@pytest.fixture
def scene(fixed, factory):
    return four_agencies(factory)


@pytest.fixture
def smtp(app):
    with smtp_for(app, "https://gopy.example.gov.vn") as server:
        yield server


def _html(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.get_data(as_text=True)


def _text(html: str) -> str:
    """The page's words, tags removed and spaces collapsed: what a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _states(html: str) -> dict[str, int]:
    return {state: int(count) for state, count in re.findall(r'<td data-state="([a-z_]+)">(\d+)<', html)}


def _board_adds_up(client, consultation, total: int) -> dict[str, int]:
    html = _html(client, f"/consultations/{consultation.id}/tracking")
    states = _states(html)
    by_state = {state.value: states[state.value] for state in RecipientState}
    assert sum(by_state.values()) == states["total"] == total, states
    return by_state


def _outcomes(consultation) -> dict[str, SilenceOutcome | None]:
    the_db.session.refresh(consultation)
    return {r.agency.name: r.silence_outcome for r in consultation.recipients}


def _close(client, consultation):
    response = client.post(f"/consultations/{consultation.id}/close", data={"confirmed": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.mark.parametrize("moment", [BEFORE_DEADLINE, BETWEEN], ids=["14-days-early", "during-the-extension"])
def test_early_close_never_counts_a_running_extension_as_agreement(client, login, scene, fixed, moment):
    consultation = scene.consultation
    fixed.at(moment)
    login(scene.team)

    # The confirmation says who still has time, with the extended agency's own deadline, and what closing does.
    page = _text(_html(client, f"/consultations/{consultation.id}/close"))
    assert "Kết thúc đợt lấy ý kiến?" in page
    still = page.split("Cơ quan còn thời hạn góp ý")[1]
    assert "Bộ Tài chính hết ngày 20/12/2026 đã gia hạn" in still
    assert "“Chưa hết hạn khi kết thúc”, không được tính là nhất trí" in page
    assert consultation.status is ConsultationStatus.OPEN  # asking changed nothing

    _close(client, consultation)
    outcomes = _outcomes(consultation)
    assert outcomes["Bộ Tài chính"] is SilenceOutcome.CUT_SHORT
    assert outcomes["Bộ Tư pháp"] is None
    expected_silent = SilenceOutcome.CUT_SHORT if moment < DEADLINE else SilenceOutcome.IMPLICIT_AGREEMENT
    assert outcomes["Bộ Công an"] is outcomes["Bộ Y tế"] is expected_silent

    by_state = _board_adds_up(client, consultation, 4)
    agreeing = 0 if moment < DEADLINE else 2
    assert by_state["implicit_agreement"] == agreeing
    assert by_state["cut_short"] == 4 - 1 - agreeing
    tracking = _text(_html(client, f"/consultations/{consultation.id}/tracking"))
    assert "Chưa hết hạn khi kết thúc" in tracking

    synthesis = _text(_html(client, f"/consultations/{consultation.id}/synthesis"))
    assert f"Không trả lời, được hiểu là nhất trí {agreeing}" in synthesis
    assert f"chưa hết hạn khi kết thúc (không tính là nhất trí) {4 - 1 - agreeing}" in synthesis
    annex = synthesis.split("Phụ lục")[-1]
    assert re.search(r"chưa hết hạn khi kết thúc, không tính là nhất trí[^.]*Bộ Tài chính", annex)


@pytest.mark.parametrize(
    "stage", ["scheduled", "open", "extension-running", "closed-early", "reopened", "ended", "closed"]
)
def test_board_counts_add_up_in_every_state(client, login, scene, fixed, stage):
    consultation = scene.consultation
    login(scene.team)
    if stage == "scheduled":
        consultation.opens_at = fixed.now + timedelta(days=1)
        the_db.session.commit()
    if stage in ("extension-running", "closed-early", "reopened"):
        fixed.at(BETWEEN)
    if stage in ("closed-early", "reopened"):
        _close(client, consultation)
    if stage == "reopened":
        later = (EXTENDED + timedelta(days=5)).date().isoformat()
        assert client.post(f"/consultations/{consultation.id}/reopen", data={"deadline_date": later}).status_code == 302
    if stage in ("ended", "closed"):
        fixed.at(AFTER_ALL)
    if stage == "closed":
        _close(client, consultation)
    by_state = _board_adds_up(client, consultation, 4)
    assert by_state["submitted_on_time"] == 1
    # The extended agency is counted once, in its state; the line about extensions stays outside the sum.
    html = _html(client, f"/consultations/{consultation.id}/tracking")
    assert "Trong đó được gia hạn riêng" in _text(html)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/consultations/{consultation.id}/tracking.xlsx").data))
    figures = {row[0]: row[1] for row in sheet["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert sum(figures[state.label] for state in RecipientState) == figures["Tổng số cơ quan được lấy ý kiến"] == 4


def test_reminders_are_refused_after_closing(client, login, runner, scene, fixed, smtp, db):
    consultation = scene.consultation
    login(scene.team)
    fixed.at(BETWEEN)
    extended = recipient_of(consultation, scene.extended)
    # Before closing, a reminder goes out to the extended agency, naming its own deadline.
    response = client.post(
        f"/consultations/{consultation.id}/reminders", data={"recipient_ids": [extended.id]}, follow_redirects=True
    )
    assert "Đã xếp 1 thư đôn đốc vào hàng đợi gửi" in response.get_data(as_text=True)
    assert run_queue() == 1  # the queue's worker sends it
    [message] = smtp.handler.messages
    assert "hết ngày 20/12/2026" in message[1].get_content()
    letter = docx.Document(io.BytesIO(client.get(f"/consultations/{consultation.id}/reminder-letter.docx").data))
    body = "\n".join(paragraph.text for paragraph in letter.paragraphs)
    assert "- Bộ Tài chính;" in body and "riêng Bộ Tài chính được gia hạn đến hết ngày 20/12/2026" in body
    assert "hết ngày 16/12/2026" in body  # the common deadline, said the same way

    # A scheduled reminder queued before closing, not yet sent.
    runner.invoke(args=["reminders", "send-due"])
    queued = Reminder(recipient=extended, step="before-1d-late", to_address="a@example.com", subject="s", body="b")
    db.session.add(queued)
    db.session.commit()
    sent_before = len(smtp.handler.messages)

    _close(client, consultation)
    base = f"/consultations/{consultation.id}"
    for path, data in ((f"{base}/reminders", {"recipient_ids": [extended.id]}), (f"{base}/reminders/retry", {})):
        response = client.post(path, data=data)
        assert response.status_code == 409, path
        assert "không gửi thư đôn đốc nữa" in response.get_data(as_text=True)
    response = client.get(f"{base}/reminder-letter.docx")
    assert response.status_code == 409 and "đã kết thúc" in response.get_data(as_text=True)
    result = runner.invoke(args=["reminders", "send-due"])
    assert result.exit_code == 0 and "đã gửi 0" in result.output
    assert len(smtp.handler.messages) == sent_before
    db.session.refresh(queued)
    assert queued.status.value == "failed" and "đã kết thúc" in queued.last_error
    tracking = _text(_html(client, f"{base}/tracking"))
    assert "Đã kết thúc" in tracking


def test_lifecycle_on_a_fixed_clock(client, login, app, runner, scene, fixed, smtp, factory, db):
    """Draft → open → the common deadline → closed early during an extension → reopened → closed after all."""
    consultation = scene.consultation
    base = f"/consultations/{consultation.id}"
    login(scene.team)
    agency = login(factory.member(scene.extended, can_submit=True), the_client=app.test_client())

    # Open: the deadline as people say it, a countdown for the team and for the agency (its own deadline).
    detail = _text(_html(client, base))
    assert "Đang lấy ý kiến" in detail and "Hạn nhận ý kiến hết ngày 16/12/2026 (còn 14 ngày 23 giờ)" in detail
    assert "Đã khóa (đang được lấy ý kiến)" in detail
    own = _text(_html(agency, f"/agency/consultations/{consultation.id}"))
    assert "Hạn góp ý hết ngày 20/12/2026 (còn 18 ngày 23 giờ)" in own
    inbox = _text(_html(agency, "/agency/"))
    assert "hết ngày 20/12/2026 đã gia hạn còn 18 ngày 23 giờ" in inbox
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/tracking.xlsx").data))["Danh sách"]
    extended_row = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Bộ Tài chính")
    assert "hết ngày 20/12/2026" in extended_row

    # The common deadline has passed: silent agencies agree, the extended one is still on time.
    fixed.at(BETWEEN)
    assert "Đã hết hạn" in _text(_html(client, base))
    by_state = _board_adds_up(client, consultation, 4)
    assert by_state["implicit_agreement"] == 2 and by_state["not_opened"] + by_state["opened"] == 1
    assert "(còn 3 ngày" in _text(_html(agency, f"/agency/consultations/{consultation.id}"))
    synthesis = _text(_html(client, f"{base}/synthesis"))
    assert "Bản tổng hợp tạm thời" in synthesis

    # Closed early while the extension runs.
    _close(client, consultation)
    detail = _text(_html(client, base))
    assert "Đã kết thúc" in detail and "Đã khóa (đã kết thúc lấy ý kiến)" in detail
    assert "đang được lấy ý kiến" not in detail and "(còn" not in detail
    own = _text(_html(agency, f"/agency/consultations/{consultation.id}"))
    assert "(còn" not in own and "Đợt lấy ý kiến đã kết thúc" in own
    assert "còn" not in _text(_html(agency, "/agency/")).split("Tình trạng của cơ quan")[1].split("Chưa hết hạn")[0]
    assert "Chưa hết hạn khi kết thúc" in _text(_html(agency, "/agency/"))
    assert _board_adds_up(client, consultation, 4)["cut_short"] == 1
    assert "đã gửi 0" in runner.invoke(args=["reminders", "send-due"]).output
    assert client.get(f"{base}/reminder-letter.docx").status_code == 409
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/synthesis/export.xlsx").data))
    figures = {row[0]: row[1] for row in workbook["Số liệu"].iter_rows(values_only=True) if row and row[0]}
    assert figures["Chưa trả lời, chưa hết hạn khi kết thúc (không tính là nhất trí)"] == 1
    assert figures["Không trả lời, được hiểu là nhất trí"] == 2

    # Reopened: the extended agency has its time back, and its countdown.
    later = (EXTENDED + timedelta(days=5)).date().isoformat()
    assert client.post(f"{base}/reopen", data={"deadline_date": later}).status_code == 302
    assert _outcomes(consultation)["Bộ Tài chính"] is None
    assert "(còn" in _text(_html(agency, f"/agency/consultations/{consultation.id}"))
    assert _board_adds_up(client, consultation, 4)["cut_short"] == 0

    # Past every deadline, closed: nobody had time left, so the silent ones are taken as agreeing.
    fixed.at(EXTENDED + timedelta(days=6))
    assert "Đã hết hạn" in _text(_html(client, base))
    _close(client, consultation)
    outcomes = _outcomes(consultation)
    assert outcomes["Bộ Tài chính"] is outcomes["Bộ Công an"] is SilenceOutcome.IMPLICIT_AGREEMENT
    assert _board_adds_up(client, consultation, 4)["implicit_agreement"] == 3
    assert "Không trả lời, được hiểu là nhất trí 3" in _text(_html(client, f"{base}/synthesis"))

    # Deciding: the team's answers stay its own; agencies are told the results are not published yet.
    replied = login(factory.member(scene.replied), the_client=app.test_client())
    _html(client, f"{base}/dispositions")
    _decide_all(client, consultation, "Đã bổ sung khoản 2 Điều 1.")
    assert "Đã kết thúc, đang xử lý ý kiến" in _text(_html(client, base))
    assert "Đã kết thúc, đang xử lý ý kiến" in _text(_html(client, "/consultations/"))
    assert "Kết quả tiếp thu" not in _text(_html(replied, f"/agency/consultations/{consultation.id}"))
    assert "chưa được công bố" in _text(_html(replied, f"/agency/revisions/{consultation.id}", 409))

    # Published by the head of the drafting unit: every page says so, and the agency reads its answer.
    lead = factory.drafter(scene.unit)
    lead.can_publish = True
    db.session.commit()
    head = login(lead, the_client=app.test_client())
    assert head.post(f"{base}/publish", data={}).status_code == 302
    assert "Đã công bố kết quả tiếp thu, giải trình" in _text(_html(client, base))
    assert "Đã công bố kết quả tiếp thu, giải trình" in _text(_html(replied, "/agency/"))
    own = _text(_html(replied, f"/agency/consultations/{consultation.id}"))
    assert "Kết quả tiếp thu, giải trình ý kiến của cơ quan trong lần này" in own
    assert "Tiếp thu Đã bổ sung khoản 2 Điều 1." in _text(_html(replied, f"/agency/revisions/{consultation.id}"))
    assert _board_adds_up(client, consultation, 4)["implicit_agreement"] == 3


def _decide_all(client, consultation, explanation: str) -> None:
    from commentsvc.synthesis.models import Disposition

    for disposition in the_db.session.scalars(
        sa.select(Disposition).where(Disposition.consultation_id == consultation.id)
    ):
        prefix = f"d{disposition.id}"
        data = {
            f"{prefix}-decision": "accepted",
            f"{prefix}-explanation": explanation,
            f"{prefix}-version": disposition.version,
        }
        assert (
            client.post(f"/consultations/{consultation.id}/dispositions/{disposition.id}", data=data).status_code == 302
        )


def test_agencies_get_an_email_when_a_consultation_opens(client, login, runner, factory, fixed, smtp, db):
    """Sending asks every agency by e-mail (title, deadline as people say it, link); one added later is asked too;
    a refused address is retried by send-due; the tracking page counts none of this as a reminder."""
    unit = factory.unit()
    version = factory.draft_version(unit)
    first, second, later = factory.agency(), factory.agency(), factory.agency()
    consultation = factory.consultation(
        version=version, agencies=[first, second], opens_at=OPENS, deadline_at=DEADLINE, status=ConsultationStatus.DRAFT
    )
    smtp.handler.refuse.add(second.email)
    login(factory.drafter(unit))
    base = f"/consultations/{consultation.id}"
    response = client.post(f"{base}/open", data={}, follow_redirects=True)
    assert run_queue() == 2  # the queue's worker sends them; the refused one waits for its retry
    page = _text(response.get_data(as_text=True))
    assert "Đã gửi xin ý kiến." in page and "Đã xếp thư điện tử đề nghị góp ý tới 2 cơ quan vào hàng đợi gửi." in page
    [message] = smtp.handler.delivered_to(first.email)
    title = consultation.draft_version.draft.title
    assert message["Subject"] == f"Đề nghị góp ý {title}"
    body = message.get_content()
    assert f"Kính gửi: {first.name}" in body and title in body
    assert "Thời hạn gửi ý kiến: hết ngày 16/12/2026." in body
    assert f"https://gopy.example.gov.vn/agency/consultations/{consultation.id}" in body

    smtp.handler.refuse.clear()
    assert "đã gửi 1" in runner.invoke(args=["reminders", "send-due"]).output
    assert len(smtp.handler.delivered_to(second.email)) == 1
    assert "đã gửi 0" in runner.invoke(args=["reminders", "send-due"]).output  # never twice

    response = client.post(f"{base}/recipients/add", data={"agency_ids": [later.id]}, follow_redirects=True)
    assert "Đã xếp thư điện tử đề nghị góp ý tới 1 cơ quan vào hàng đợi gửi." in _text(response.get_data(as_text=True))
    run_queue()
    assert len(smtp.handler.delivered_to(later.email)) == 1
    tracking = _html(client, f"{base}/tracking")
    assert "Đề nghị góp ý" not in tracking and "Đã gửi" not in _text(tracking).split("Đôn đốc gần nhất")[-1]
