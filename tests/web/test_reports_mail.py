"""Report requests' e-mails (the request itself, reminders) go through the job queue: sent by the worker, not in the
web request, and a failure is retried with the consultations' backoff and shown on the board."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from commentsvc.jobs.mail import MAX_ATTEMPTS
from commentsvc.jobs.queue import huey
from commentsvc.reports import tasks
from commentsvc.reports.models import ReportReminder
from tests.jobs_helpers import run_queue, run_scheduled
from tests.web.reports_helpers import build_report_scene
from tests.web.tracking_helpers import body_of, smtp_for


@pytest.fixture
def smtp(app):
    with smtp_for(app, "http://gopy.example.gov.vn") as server:
        yield server


def _reminders(db, step_prefix: str = "manual-") -> list[ReportReminder]:
    query = sa.select(ReportReminder).where(ReportReminder.step.startswith(step_prefix)).order_by(ReportReminder.id)
    return db.session.scalars(query).all()


def _remind(client, scene, agency):
    recipient = scene.recipient(agency)
    return client.post(f"/reports/{scene.request.id}/reminders", data={"recipient_ids": [recipient.id]})


@pytest.mark.usefixtures("queue_storage")
def test_a_report_reminder_is_queued_and_sent_by_the_worker(client, login, db, factory, smtp):
    scene = build_report_scene(db, factory)
    login(scene.team)
    assert _remind(client, scene, scene.province).status_code == 302
    [row] = _reminders(db)
    assert not row.is_sent and row.attempts == 0 and not smtp.handler.messages  # nothing sent inside the request
    board = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert "Đang chờ gửi" in board
    assert run_queue() == 1
    db.session.refresh(row)
    assert row.is_sent and row.attempts == 1 and row.sent_at is not None
    [message] = smtp.handler.delivered_to(scene.province.email)
    assert "An Giang" in body_of(message) and f"/agency/reports/{scene.request.id}" in body_of(message)
    assert run_queue() == 0 and not huey.scheduled()  # sent once, nothing left to retry


@pytest.mark.usefixtures("queue_storage")
def test_a_failed_report_mail_is_retried_with_backoff_and_shown_on_the_board(client, login, db, factory, smtp):
    scene = build_report_scene(db, factory)
    login(scene.team)
    smtp.stop()
    _remind(client, scene, scene.ministry)
    assert run_queue() == 1
    [row] = _reminders(db)
    assert not row.is_sent and row.attempts == 1 and row.last_error
    board = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert "Gửi lỗi" in board and "hệ thống sẽ tự động thử gửi lại" in board
    [retry] = huey.scheduled()  # the consultations' backoff: a minute after the first failure
    assert 50 <= (retry.eta - datetime.now(UTC).replace(tzinfo=None)).total_seconds() <= 61
    assert run_scheduled() == 1
    db.session.refresh(row)
    assert not row.is_sent and row.attempts == 2 and len(huey.scheduled()) == 1
    smtp.start()
    assert run_scheduled() == 1
    db.session.refresh(row)
    assert row.is_sent and row.attempts == 3 and row.last_error == "" and not huey.scheduled()
    assert len(smtp.handler.delivered_to(scene.ministry.email)) == 1
    assert "Đã gửi" in client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)


@pytest.mark.usefixtures("queue_storage")
def test_report_mail_stops_retrying_after_the_last_attempt(client, login, db, factory, smtp):
    scene = build_report_scene(db, factory)
    login(scene.team)
    smtp.stop()
    _remind(client, scene, scene.other)
    run_queue()
    for _ in range(MAX_ATTEMPTS + 1):
        run_scheduled()
    [row] = _reminders(db)
    assert not row.is_sent and row.attempts == MAX_ATTEMPTS and not huey.scheduled()
    board = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert f"Đã thử {MAX_ATTEMPTS} lần; hệ thống không tự gửi lại nữa." in board and "Gửi lại" in board


@pytest.mark.usefixtures("queue_storage")
def test_the_periodic_task_queues_the_schedules_reminders_for_the_worker(db, factory, smtp):
    scene = build_report_scene(db, factory, deadline_days=2)  # "3,1": the step 3 days before is due
    tasks.queue_due_report_reminders.call_local()
    assert len(_reminders(db, "before-")) == 3 and not smtp.handler.messages
    assert run_queue() == 3
    assert all(row.is_sent for row in _reminders(db, "before-"))
    assert len(smtp.handler.delivered_to(scene.province.email)) == 1
    tasks.queue_due_report_reminders.call_local()  # a step is queued once
    assert len(_reminders(db, "before-")) == 3 and run_queue() == 0
