"""Cron-friendly commands (see commentsvc/cli.py):

``flask --app wsgi reminders send-due``: queue the schedule steps due now, then send what is pending or failed.
``flask --app wsgi consultations close-due``: record the closing of consultations whose deadlines have all passed.
Both may run as often as wanted: a second run finds nothing new to do. Run one instance at a time (e.g. under flock).
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from commentsvc.consultations import closing, reminders
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db

reminders_group = AppGroup("reminders", help="Thư đôn đốc góp ý.")
consultations_group = AppGroup("consultations", help="Đợt lấy ý kiến.")


@reminders_group.command("send-due")
def send_due() -> None:
    """Queue the reminders due by the schedule, then send pending ones and retry failed ones."""
    now = now_utc()
    queued = reminders.queue_due(now, current_app.config["BASE_URL"])
    db.session.commit()  # the rows exist before anything is sent: a crash now cannot lead to a second send
    report = reminders.deliver(reminders.retryable_ids(), now, db.session.commit)
    click.echo(f"Đã xếp hàng {len(queued)} thư; đã gửi {report.sent}, lỗi {report.failed}, bỏ qua {report.skipped}.")
    if report.failed:
        click.echo(f"{report.failed} thư gửi lỗi sẽ được thử lại ở lần chạy sau.", err=True)


@consultations_group.command("close-due")
def close_due() -> None:
    """Record closing (and each silent agency's outcome) for consultations past every deadline."""
    closed = closing.close_due(now_utc())
    db.session.commit()
    click.echo(f"Đã ghi nhận kết thúc {len(closed)} đợt lấy ý kiến.")


commands = [reminders_group, consultations_group]
