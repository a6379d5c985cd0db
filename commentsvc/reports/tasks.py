"""The report requests' queue task: each e-mail (the request itself, reminders) sent by a worker and retried with
backoff exactly as the consultations' (jobs/mail.py); the schedule's periodic run of `reports remind-due`."""

from __future__ import annotations

from flask import current_app
from huey import crontab

from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.jobs.mail import send_with_backoff
from commentsvc.jobs.queue import huey
from commentsvc.jobs.tasks import app_context
from commentsvc.reports import reminders


@huey.task()
def send_report_mail(reminder_id: int) -> None:
    with app_context():
        send_with_backoff(send_report_mail, reminder_id, _deliver)


def _deliver(reminder_id: int) -> int | None:
    reminder = reminders.deliver_one(reminder_id, now_utc(), db.session.commit)
    return None if reminder is None or reminder.is_sent else reminder.attempts


def send_all(reminder_ids: list[int]) -> None:
    """Queue the sending of committed e-mails (after the caller's commit: the worker must find the rows)."""
    for reminder_id in reminder_ids:
        send_report_mail(reminder_id)


@huey.periodic_task(crontab(minute="*/15"))
def queue_due_report_reminders() -> None:
    """`reports remind-due` as a periodic task: queue the schedule's steps due now; the worker sends them."""
    with app_context():
        base = current_app.config["BASE_URL"].rstrip("/")
        queued = reminders.remind_due(now_utc(), lambda request_id: f"{base}/agency/reports/{request_id}")
        db.session.commit()
        send_all([reminder.id for reminder in queued])
