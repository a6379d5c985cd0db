"""The consultations' queue tasks: each reminder sent by a worker and retried with backoff; the schedule's periodic
runs of `reminders send-due` and `consultations close-due` (cron may still run the commands: see cli.py)."""

from __future__ import annotations

import logging

from flask import current_app
from huey import crontab

from commentsvc.consultations import closing, reminders
from commentsvc.consultations.models import MailStatus, Reminder
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.jobs.mail import send_with_backoff
from commentsvc.jobs.queue import huey
from commentsvc.jobs.tasks import app_context

log = logging.getLogger(__name__)


@huey.task()
def send_reminder(reminder_id: int) -> None:
    """Send one reminder; after a failure, send it again later (1, 5, 15, 60 minutes) until MAX_ATTEMPTS."""
    with app_context():
        send_with_backoff(send_reminder, reminder_id, _deliver)


def _deliver(reminder_id: int) -> int | None:
    if reminders.deliver_one(reminder_id, now_utc(), db.session.commit) is not MailStatus.FAILED:
        return None
    return db.session.get(Reminder, reminder_id, populate_existing=True).attempts


def send_all(reminder_ids: list[int]) -> None:
    """Queue the sending of committed reminders (after the caller's commit: the worker must find the rows)."""
    for reminder_id in reminder_ids:
        send_reminder(reminder_id)


@huey.periodic_task(crontab(minute="*/15"))
def send_due_reminders() -> None:
    """`reminders send-due` as a periodic task: queue the schedule's steps due now and send them."""
    with app_context():
        queued = reminders.queue_due(now_utc(), current_app.config["BASE_URL"])
        db.session.commit()
        send_all([reminder.id for reminder in queued])
        log.info("Queued %s scheduled reminders", len(queued))


@huey.periodic_task(crontab(minute="*/15"))
def close_due_consultations() -> None:
    """`consultations close-due` as a periodic task."""
    with app_context():
        closed = closing.close_due(now_utc())
        db.session.commit()
        log.info("Recorded the closing of %s consultations", len(closed))
