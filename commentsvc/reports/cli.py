"""``flask --app wsgi reports …``: list requests, export a consolidation, send the reminders due.

``reports list --json`` prints id, title, period and state; ``reports export ID --format xlsx|docx|pdf --output FILE``
writes the same bytes as the page's download; ``reports remind-due`` sends the schedule's reminders (cron-friendly).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.reports import queries, reminders, results, rules
from commentsvc.reports.models import ReportRequest

reports_group = AppGroup("reports", help="Yêu cầu báo cáo.")


@reports_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON: id, title, period, state.")
def list_requests(as_json: bool) -> None:
    now = now_utc()
    rows = [
        {
            "id": report.id,
            "title": report.title,
            "period": queries.period_of(report).label,
            "state": rules.phase(queries.window_for(report), now).value,
        }
        for report in db.session.scalars(sa.select(ReportRequest).order_by(ReportRequest.id))
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            f"{row['id']:>5}  {rules.PHASE_LABELS[rules.Phase(row['state'])]:<28}  {row['period']:<24}  {row['title']}"
        )


@reports_group.command("export")
@click.argument("request_id", type=int)
@click.option("--format", "fmt", type=click.Choice(results.FORMATS), required=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(request_id: int, fmt: str, output: Path) -> None:
    report = db.session.get(ReportRequest, request_id)
    if report is None:
        raise click.ClickException(f"Không có yêu cầu báo cáo số {request_id}.")
    data = results.export(report, fmt)
    output.write_bytes(data)
    click.echo(f"Đã ghi {output} ({len(data)} byte).")


@reports_group.command("remind-due")
def remind_due() -> None:
    base = current_app.config["BASE_URL"].rstrip("/")
    now = now_utc()
    queued = reminders.remind_due(now, lambda request_id: f"{base}/agency/reports/{request_id}")
    db.session.commit()
    # Sent here and now, as `reminders send-due` does; a failure is retried by the next run (until MAX_ATTEMPTS).
    sent, failed = reminders.deliver(reminders.failed_ids() + [r.id for r in queued], now, db.session.commit)
    click.echo(f"Đã gửi {sent} thư đôn đốc báo cáo; lỗi {failed}.")


commands = [reports_group]
