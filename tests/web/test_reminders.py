"""Reminders through a real local SMTP server: by hand and on schedule, exactly once, failures kept and retried."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa

from commentsvc.consultations import cli as consultations_cli
from commentsvc.consultations import reminders
from commentsvc.consultations.models import ConsultationStatus, MailStatus, Reminder
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import format_local, now_utc, to_local
from commentsvc.jobs.queue import huey
from tests.jobs_helpers import run_queue, run_scheduled
from tests.web.tracking_helpers import body_of, import_directory, recipient_of, smtp_for

BASE_URL = "https://gopy.example.gov.vn"
DEADLINE = datetime(2026, 3, 8, 17, 0, tzinfo=UTC)  # "hết ngày 08/03/2026": 00:00 on 9 March, Vietnam time
EXTENDED_UNTIL = DEADLINE + timedelta(days=4)  # "hết ngày 12/03/2026"


@pytest.fixture
def smtp(app):
    """A real SMTP server on 127.0.0.1 (aiosmtpd), wired into the app's configuration."""
    with smtp_for(app, BASE_URL) as server:
        yield server


@pytest.fixture
def setup(smtp, db, factory, runner):
    """The demo directory consulted on a draft, deadline in 2 days (the "3 days before" step is due), 2 replies."""
    agencies = import_directory(runner)
    unit = factory.unit(code="CĐS")
    consultation = factory.consultation(unit=unit, agencies=agencies, deadline_at=now_utc() + timedelta(days=2))
    by_code = {agency.code: agency for agency in agencies}
    factory.reply(consultation, by_code["BTP"])
    factory.reply(consultation, by_code["BCA"], submitted=False, comments=[(None, "Đang soạn.")])
    return consultation, unit, by_code


def _send_due(runner):
    result = runner.invoke(args=["reminders", "send-due"])
    assert result.exception is None, result.output
    return result


def _send_due_at(runner, monkeypatch, moment: datetime):
    """Run the real command as the clock reads ``moment`` (the command takes its "now" from clock.now_utc)."""
    monkeypatch.setattr(consultations_cli, "now_utc", lambda: moment)
    return _send_due(runner)


def _reminders(db, **filters) -> list[Reminder]:
    return db.session.scalars(sa.select(Reminder).filter_by(**filters).order_by(Reminder.id)).all()


def test_send_due_reminds_each_agency_once_per_step_even_when_run_twice(runner, db, smtp, setup):
    consultation, _, by_code = setup
    _send_due(runner)
    _send_due(runner)
    messages = smtp.handler.messages
    assert len(messages) == 55  # 56 agencies, one has submitted
    recipients = [rcpts[0] for rcpts, _ in messages]
    assert len(set(recipients)) == 55
    assert not smtp.handler.delivered_to(by_code["BTP"].email)
    assert len(smtp.handler.delivered_to(by_code["BCA"].email)) == 1
    rows = _reminders(db)
    assert len(rows) == 55 and {row.step for row in rows} == {"before-3d"}
    assert all(row.status is MailStatus.SENT and row.attempts == 1 for row in rows)
    assert db.session.query(AuditEntry).filter_by(action="reminder.sent").count() == 55


def test_message_is_vietnamese_with_title_deadline_and_link(runner, smtp, setup):
    consultation, _, by_code = setup
    _send_due(runner)
    [message] = smtp.handler.delivered_to(by_code["BNG"].email)
    title = consultation.draft_version.draft.title
    assert message["Subject"] == f"Đôn đốc góp ý {title}"
    body = body_of(message)
    assert message.get_content_charset() == "utf-8"
    assert "Kính gửi: Bộ Ngoại giao" in body and title in body
    local = to_local(consultation.deadline_at)
    assert f"Thời hạn gửi ý kiến: trước {local.hour} giờ {local:%M} ngày {local:%d/%m/%Y}." in body
    link = f"{BASE_URL}/agency/consultations/{consultation.id}"
    assert link in body
    assert "Trần Thị Bình" in body and "xin hiểu là Quý Cơ quan đã nhất trí" in body


def test_focal_members_who_may_submit_receive_it_too(runner, factory, smtp, setup):
    consultation, _, by_code = setup
    signer = factory.member(by_code["BNG"], can_submit=True)
    factory.member(by_code["BNG"], can_submit=False)
    _send_due(runner)
    [(rcpts, _)] = [(r, m) for r, m in smtp.handler.messages if by_code["BNG"].email in r]
    assert sorted(rcpts) == sorted([by_code["BNG"].email, signer.email])


def test_a_crash_after_queueing_does_not_send_twice(runner, app, db, smtp, setup):
    queued = reminders.queue_due(now_utc(), BASE_URL)
    db.session.commit()  # ...and the process dies before sending
    assert len(queued) == 55 and not smtp.handler.messages
    _send_due(runner)
    _send_due(runner)
    assert len(smtp.handler.messages) == 55


def test_a_refused_address_is_failed_on_the_page_then_retried(runner, client, login, db, factory, smtp, setup):
    consultation, unit, by_code = setup
    refused = by_code["BNG"].email
    smtp.handler.refuse.add(refused)
    _send_due(runner)
    [failed] = [r for r in _reminders(db) if r.recipient.agency_id == by_code["BNG"].id]
    assert failed.status is MailStatus.FAILED and "550 mailbox unavailable" in failed.last_error
    login(factory.drafter(unit))
    page = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    row = page.split(f'id="recipient-{failed.recipient_id}"')[1].split("</tr>")[0]
    assert "Gửi lỗi" in row and "550 mailbox unavailable" in row

    smtp.handler.refuse.clear()
    _send_due(runner)
    db.session.refresh(failed)
    assert failed.status is MailStatus.SENT and failed.attempts == 2 and failed.last_error == ""
    assert len(smtp.handler.delivered_to(refused)) == 1
    assert len(smtp.handler.messages) == 55
    page = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    assert "Gửi lỗi" not in page


def test_a_stopped_server_fails_then_later_run_delivers(runner, db, smtp, setup):
    smtp.stop()
    _send_due(runner)
    rows = _reminders(db)
    assert len(rows) == 55 and all(row.status is MailStatus.FAILED for row in rows)
    assert all(row.last_error.startswith("Lỗi gửi thư") for row in rows)
    smtp.start()
    _send_due(runner)
    assert len(smtp.handler.messages) == 55
    assert all(row.status is MailStatus.SENT for row in _reminders(db))


def test_attempts_are_bounded(runner, app, db, factory, smtp):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency], deadline_at=now_utc() + timedelta(hours=12))
    smtp.stop()
    for _ in range(reminders.MAX_ATTEMPTS + 2):
        _send_due(runner)
    [row] = _reminders(db)
    assert row.status is MailStatus.FAILED and row.attempts == reminders.MAX_ATTEMPTS and row.step == "before-1d"
    assert recipient_of(consultation, agency).id == row.recipient_id


def test_sent_reminders_are_never_sent_again(runner, db, factory, smtp):
    consultation = factory.consultation(deadline_at=now_utc() + timedelta(hours=30))
    _send_due(runner)
    assert len(smtp.handler.messages) == 2
    for row in _reminders(db):
        row.attempts = 0  # even with attempts left, SENT stays sent
    db.session.commit()
    _send_due(runner)
    assert len(smtp.handler.messages) == 2 and consultation.id


@pytest.mark.parametrize(
    ("opens_in", "deadline_in", "status"),
    [
        (timedelta(days=-5), timedelta(days=10), ConsultationStatus.OPEN),  # no step due yet
        (timedelta(days=-5), timedelta(hours=-1), ConsultationStatus.OPEN),  # deadline passed
        (timedelta(days=1), timedelta(days=2), ConsultationStatus.OPEN),  # not open yet
        (timedelta(days=-5), timedelta(days=1), ConsultationStatus.CLOSED),  # closed by the team
        (timedelta(days=-5), timedelta(days=1), ConsultationStatus.DRAFT),  # never sent
    ],
)
def test_no_scheduled_reminder_outside_the_open_phase(runner, db, factory, smtp, opens_in, deadline_in, status):
    now = now_utc()
    factory.consultation(opens_at=now + opens_in, deadline_at=now + deadline_in, status=status)
    _send_due(runner)
    assert not smtp.handler.messages and not _reminders(db)


def test_manual_reminder_for_the_chosen_agencies(client, login, db, factory, smtp, setup):
    consultation, unit, by_code = setup
    login(factory.drafter(unit))
    chosen = [recipient_of(consultation, by_code[code]).id for code in ("BNG", "BTP", "BQP")]
    response = client.post(
        f"/consultations/{consultation.id}/reminders", data={"recipient_ids": chosen}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã xếp 2 thư đôn đốc vào hàng đợi gửi" in html and "Bỏ qua 1 cơ quan" in html
    assert not smtp.handler.messages and run_queue() == 2  # the queue's worker sends them
    rows = _reminders(db)
    assert len(rows) == 2 and all(row.step.startswith("manual-") and row.status is MailStatus.SENT for row in rows)
    assert {row.recipient.agency.code for row in rows} == {"BNG", "BQP"}
    assert len(smtp.handler.messages) == 2
    client.post(f"/consultations/{consultation.id}/reminders", data={"recipient_ids": chosen[:1]})
    run_queue()
    assert len(_reminders(db)) == 3 and len(smtp.handler.delivered_to(by_code["BNG"].email)) == 2


def test_manual_reminders_refused_without_csrf_or_ownership(client, login, db, factory, smtp, setup):
    consultation, unit, by_code = setup
    chosen = [recipient_of(consultation, by_code["BNG"]).id]
    login(factory.drafter(unit))
    response = client.post(f"/consultations/{consultation.id}/reminders", data={"recipient_ids": chosen}, csrf=False)
    assert response.status_code == 400
    other = client.application.test_client()
    login(factory.drafter(), the_client=other)
    assert other.post(f"/consultations/{consultation.id}/reminders", data={"recipient_ids": chosen}).status_code == 404
    member = client.application.test_client()
    login(factory.member(by_code["BNG"]), the_client=member)
    token = member.csrf_token()
    response = member.post(
        f"/consultations/{consultation.id}/reminders", data={"recipient_ids": chosen, "csrf_token": token}
    )
    assert response.status_code == 403
    assert not _reminders(db) and not smtp.handler.messages


def test_without_smtp_messages_go_to_the_outbox(app, app_config, runner, db, factory, tmp_path):
    consultation = factory.consultation(deadline_at=now_utc() + timedelta(hours=20))
    _send_due(runner)
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Đôn đốc góp ý") and consultation.draft_version.draft.title in body_of(message)
    assert all(row.status is MailStatus.SENT for row in _reminders(db))


def test_schedule_counts_from_each_agency_own_deadline(runner, db, factory, smtp, monkeypatch):
    on_time, extended = factory.agency(), factory.agency()
    consultation = factory.consultation(
        agencies=[on_time, extended], opens_at=DEADLINE - timedelta(days=20), deadline_at=DEADLINE
    )
    consultation.reminder_days = "3,1"
    recipient_of(consultation, extended).extended_until = EXTENDED_UNTIL
    db.session.commit()
    steps = [
        (DEADLINE - timedelta(days=3, minutes=1), None),
        (DEADLINE - timedelta(days=3), (on_time, "hết ngày 08/03/2026")),
        (DEADLINE - timedelta(days=2), None),
        (DEADLINE - timedelta(days=1), (on_time, "hết ngày 08/03/2026")),
        (DEADLINE - timedelta(minutes=1), None),
        (DEADLINE + timedelta(hours=1), None),  # past the general deadline: only the extended agency is left
        (EXTENDED_UNTIL - timedelta(days=3, minutes=1), None),
        (EXTENDED_UNTIL - timedelta(days=3), (extended, "hết ngày 12/03/2026")),
        (EXTENDED_UNTIL - timedelta(days=1, minutes=1), None),
        (EXTENDED_UNTIL - timedelta(days=1), (extended, "hết ngày 12/03/2026")),
        (EXTENDED_UNTIL, None),
    ]
    for moment, expected in steps:
        before = len(smtp.handler.messages)
        _send_due_at(runner, monkeypatch, moment)
        _send_due_at(runner, monkeypatch, moment)  # a second run at the same time sends nothing more
        arrived = [(rcpts, body_of(message)) for rcpts, message in smtp.handler.messages[before:]]
        if expected is None:
            assert arrived == [], format_local(moment)
        else:
            agency, phrase = expected
            [(rcpts, body)] = arrived
            assert rcpts == [agency.email] and phrase in body, format_local(moment)
    rows = [(row.recipient.agency_id, row.step, row.status) for row in _reminders(db)]
    assert rows == [
        (on_time.id, "before-3d", MailStatus.SENT),
        (on_time.id, "before-1d", MailStatus.SENT),
        (extended.id, "before-3d-ext-20260312T1700Z", MailStatus.SENT),
        (extended.id, "before-1d-ext-20260312T1700Z", MailStatus.SENT),
    ]


def test_an_agency_extended_after_its_last_reminder_is_reminded_before_its_own_deadline(
    runner, db, factory, smtp, monkeypatch
):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency], opens_at=DEADLINE - timedelta(days=20), deadline_at=DEADLINE)
    _send_due_at(runner, monkeypatch, DEADLINE - timedelta(hours=20))
    assert len(smtp.handler.delivered_to(agency.email)) == 1  # "1 day before" the general deadline
    recipient_of(consultation, agency).extended_until = DEADLINE + timedelta(days=5)
    db.session.commit()
    _send_due_at(runner, monkeypatch, DEADLINE + timedelta(days=1))
    assert len(smtp.handler.delivered_to(agency.email)) == 1  # its own "3 days before" is a day away
    _send_due_at(runner, monkeypatch, DEADLINE + timedelta(days=4, hours=1))
    [_, again] = smtp.handler.delivered_to(agency.email)
    assert "hết ngày 13/03/2026" in body_of(again)
    assert [row.step for row in _reminders(db)] == ["before-1d", "before-1d-ext-20260313T1700Z"]


# --- "Gửi lại" on the tracking page -------------------------------------------------------------------------------


@pytest.fixture
def one_agency(db, factory, smtp):
    """One agency whose "1 day before" reminder is due, and the drafting unit's team member."""
    unit = factory.unit()
    agency = factory.agency()
    consultation = factory.consultation(unit=unit, agencies=[agency], deadline_at=now_utc() + timedelta(hours=12))
    return consultation, agency, factory.drafter(unit)


def _row_html(client, consultation, recipient_id: int) -> str:
    page = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    return page.split(f'id="recipient-{recipient_id}"')[1].split("</tr>")[0]


def _retry(client, consultation, recipient_ids, **kwargs):
    """The team's "Gửi lại", then the queue's worker sends what it queued."""
    url = f"/consultations/{consultation.id}/reminders/retry"
    response = client.post(url, data={"recipient_ids": recipient_ids}, **kwargs)
    run_queue()
    return response


def test_retry_after_automatic_attempts_are_exhausted(runner, client, login, db, smtp, one_agency):
    consultation, agency, drafter = one_agency
    recipient_id = recipient_of(consultation, agency).id
    smtp.stop()
    for _ in range(reminders.MAX_ATTEMPTS + 1):
        _send_due(runner)
    smtp.start()
    _send_due(runner)  # the server is back, but send-due has given up on it
    assert not smtp.handler.messages
    login(drafter)
    row = _row_html(client, consultation, recipient_id)
    assert "Gửi lỗi" in row and "Lỗi lần gửi cuối: Lỗi gửi thư" in row
    assert f"Đã thử {reminders.MAX_ATTEMPTS} lần; hệ thống không tự gửi lại nữa." in row
    assert "reminders/retry" in row and ">Gửi lại</button>" in row

    response = _retry(client, consultation, [recipient_id], follow_redirects=True)
    assert response.status_code == 200
    assert "Đã đưa 1 thư đôn đốc vào hàng đợi gửi lại" in response.get_data(as_text=True)
    [(rcpts, message)] = smtp.handler.messages
    assert rcpts == [agency.email] and message["Subject"].startswith("Đôn đốc góp ý")
    [row] = _reminders(db)
    assert row.status is MailStatus.SENT and row.attempts == 1 and row.step == "before-1d"
    [entry] = db.session.query(AuditEntry).filter_by(action="reminder.requeue").all()
    assert entry.user_id == drafter.id and entry.object_id == row.id
    assert entry.details_dict["attempts"] == reminders.MAX_ATTEMPTS
    assert entry.details_dict["error"].startswith("Lỗi gửi thư")
    _send_due(runner)
    _retry(client, consultation, [recipient_id])  # nothing failed any more: nothing is sent again
    assert len(smtp.handler.messages) == 1
    row_html = _row_html(client, consultation, recipient_id)
    assert "Gửi lỗi" not in row_html and ">Gửi lại</button>" not in row_html


def test_retry_while_the_server_is_still_down_leaves_it_to_send_due(runner, client, login, db, smtp, one_agency):
    consultation, agency, drafter = one_agency
    smtp.stop()
    _send_due(runner)
    login(drafter)
    page = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    assert "1 cơ quan trong danh sách có thư đôn đốc gửi lỗi" in page and 'id="retry-form"' in page
    assert "hệ thống sẽ tự động thử gửi lại" in page
    response = _retry(client, consultation, [recipient_of(consultation, agency).id], follow_redirects=True)
    assert "Đã đưa 1 thư đôn đốc vào hàng đợi gửi lại" in response.get_data(as_text=True)
    [row] = _reminders(db)
    assert row.status is MailStatus.FAILED and row.attempts == 1  # counted afresh from the retry
    assert "Gửi lỗi" in _row_html(client, consultation, row.recipient_id)  # visible on the board as before
    smtp.start()
    _send_due(runner)
    assert len(smtp.handler.delivered_to(agency.email)) == 1
    db.session.refresh(row)
    assert row.status is MailStatus.SENT


def test_retry_goes_to_the_corrected_address(runner, client, login, db, smtp, one_agency):
    consultation, agency, drafter = one_agency
    refused = agency.email
    smtp.handler.refuse.add(refused)
    _send_due(runner)
    [row] = _reminders(db)
    assert row.status is MailStatus.FAILED and "550 mailbox unavailable" in row.last_error
    agency.email = "vanthu@example.gov.vn"  # the administrator corrects the agency's address
    db.session.commit()
    login(drafter)
    _retry(client, consultation, [recipient_of(consultation, agency).id])
    assert not smtp.handler.delivered_to(refused)
    assert len(smtp.handler.delivered_to("vanthu@example.gov.vn")) == 1
    db.session.refresh(row)
    assert row.status is MailStatus.SENT and row.to_address == "vanthu@example.gov.vn"


def test_retry_skips_agencies_that_have_submitted_since(runner, client, login, db, factory, smtp, one_agency):
    consultation, agency, drafter = one_agency
    smtp.stop()
    _send_due(runner)
    smtp.start()
    factory.reply(consultation, agency)
    login(drafter)
    response = _retry(client, consultation, [recipient_of(consultation, agency).id], follow_redirects=True)
    assert "Không có thư đôn đốc gửi lỗi nào để gửi lại." in response.get_data(as_text=True)
    assert not smtp.handler.messages and _reminders(db)[0].attempts == 1


def test_retry_refused_without_csrf_or_ownership(runner, client, login, db, factory, smtp, one_agency):
    consultation, agency, drafter = one_agency
    smtp.stop()
    _send_due(runner)
    smtp.start()
    chosen = [recipient_of(consultation, agency).id]
    login(drafter)
    assert _retry(client, consultation, chosen, csrf=False).status_code == 400
    other = client.application.test_client()
    login(factory.drafter(), the_client=other)
    assert _retry(other, consultation, chosen).status_code == 404
    member = client.application.test_client()
    login(factory.member(agency, can_submit=True), the_client=member)
    url = f"/consultations/{consultation.id}/reminders/retry"
    response = member.post(url, data={"recipient_ids": chosen, "csrf_token": member.csrf_token()})
    assert response.status_code == 403
    [row] = _reminders(db)
    assert row.status is MailStatus.FAILED and row.attempts == 1 and not smtp.handler.messages
    assert not db.session.query(AuditEntry).filter_by(action="reminder.requeue").count()


@pytest.mark.usefixtures("queue_storage")
def test_mail_is_retried_with_backoff_by_the_queue(client, login, db, smtp, one_agency):
    consultation, agency, drafter = one_agency
    login(drafter)
    smtp.stop()
    chosen = [recipient_of(consultation, agency).id]
    client.post(f"/consultations/{consultation.id}/reminders", data={"recipient_ids": chosen})
    assert run_queue() == 1
    [row] = _reminders(db)
    assert row.status is MailStatus.FAILED and row.attempts == 1 and row.last_error.startswith("Lỗi gửi thư")
    assert "Gửi lỗi" in _row_html(client, consultation, row.recipient_id)  # on the board, as before the queue
    # The next attempt waits on the queue's schedule, a minute later, then longer after each failure.
    [retry] = huey.scheduled()
    assert 50 <= (retry.eta - datetime.now(UTC).replace(tzinfo=None)).total_seconds() <= 61
    assert [reminders.retry_delay(n) for n in (1, 2, 3, 4, 9)] == [60, 300, 900, 3600, 3600]
    assert run_scheduled() == 1
    db.session.refresh(row)
    assert row.status is MailStatus.FAILED and row.attempts == 2 and len(huey.scheduled()) == 1
    smtp.start()
    assert run_scheduled() == 1
    db.session.refresh(row)
    assert row.status is MailStatus.SENT and row.attempts == 3 and not huey.scheduled()
    assert len(smtp.handler.delivered_to(agency.email)) == 1
