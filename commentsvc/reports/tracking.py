"""Who has reported: one row per recipient agency, totals per state and per group.

The team sees whether an agency has typed figures (a count of cells), never the figures of a report not submitted.
:func:`board` reads the database in three queries; :func:`build_rows` is pure and takes ``now``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.db import db
from commentsvc.core.deadlines import effective_deadline
from commentsvc.jobs.mail import MAX_ATTEMPTS
from commentsvc.reports import queries, rules
from commentsvc.reports.models import ReportRecipient, ReportReminder, ReportRequest, ReportSubmission, ReportValue
from commentsvc.reports.rules import ReportState


@dataclass(frozen=True)
class BoardRow:
    recipient_id: int
    agency_name: str
    group: AgencyGroup
    state: ReportState
    submitted_at: datetime | None
    letter_number: str
    cells_filled: int
    deadline_at: datetime
    extended_until: datetime | None
    last_reminder_at: datetime | None
    last_reminder_state: str  # "Đã gửi", "Đang gửi" (queued), or "Gửi lỗi …" with the reason
    letter_name: str = ""  # the submitted letter's file, when one was attached

    @property
    def has_reported(self) -> bool:
        return self.state.has_reported


@dataclass(frozen=True)
class Board:
    rows: list[BoardRow]
    by_state: dict[ReportState, int]
    by_group: list[tuple[AgencyGroup, int, int]]  # group, recipients, reported

    @property
    def reported(self) -> int:
        return sum(row.has_reported for row in self.rows)

    @property
    def not_reported_rows(self) -> list[BoardRow]:
        return [row for row in self.rows if not row.has_reported]


def board(request: ReportRequest, now: datetime) -> Board:
    recipients = db.session.scalars(
        sa.select(ReportRecipient)
        .where(ReportRecipient.request_id == request.id)
        .options(orm.selectinload(ReportRecipient.submission))
    ).all()
    filled = dict(
        db.session.execute(
            sa.select(ReportSubmission.recipient_id, sa.func.count(ReportValue.id))
            .join(ReportValue, ReportValue.submission_id == ReportSubmission.id)
            .join(ReportRecipient, ReportRecipient.id == ReportSubmission.recipient_id)
            .where(ReportRecipient.request_id == request.id, ReportValue.raw != "")
            .group_by(ReportSubmission.recipient_id)
        )
        .tuples()
        .all()
    )
    reminders = _last_reminders(request.id)
    rows = [_row(request, r, filled.get(r.id, 0), reminders.get(r.id), now) for r in recipients]
    rows.sort(key=lambda row: next(r.agency.sort_key for r in recipients if r.id == row.recipient_id))
    return Board(rows, _by_state(rows), _by_group(rows))


def _row(request, recipient: ReportRecipient, filled: int, reminder, now: datetime) -> BoardRow:
    submission = recipient.submission
    submitted = submission is not None and submission.is_submitted
    window = queries.window_for(request, recipient)
    state = rules.report_state(
        window,
        now,
        is_submitted=submitted,
        is_late=bool(submitted and submission.is_late),
        has_values=filled > 0,
        opened=recipient.first_opened_at is not None,
    )
    return BoardRow(
        recipient.id,
        recipient.agency.name,
        recipient.agency.group,
        state,
        submission.submitted_at if submitted else None,
        submission.letter_number if submitted else "",
        filled,
        effective_deadline(request.deadline_at, recipient.extended_until),
        recipient.extended_until,
        reminder.created_at if reminder else None,
        _mail_state(reminder),
        submission.attachment_name if submitted else "",
    )


def _mail_state(reminder: ReportReminder | None) -> str:
    if reminder is None or reminder.is_sent:
        return "Đã gửi"
    if not reminder.last_error:
        return "Đang gửi"
    retry = "đang thử lại" if reminder.attempts < MAX_ATTEMPTS else f"đã thử {reminder.attempts} lần, hãy đôn đốc lại"
    return f"Gửi lỗi ({retry}): {reminder.last_error}"


def _by_state(rows: list[BoardRow]) -> dict[ReportState, int]:
    counts = Counter(row.state for row in rows)
    return {state: counts.get(state, 0) for state in ReportState}


def _by_group(rows: list[BoardRow]) -> list[tuple[AgencyGroup, int, int]]:
    return [
        (group, len(members), sum(row.has_reported for row in members))
        for group in AgencyGroup
        if (members := [row for row in rows if row.group is group])
    ]


def _last_reminders(request_id: int) -> dict[int, ReportReminder]:
    latest = (
        sa.select(sa.func.max(ReportReminder.id))
        .join(ReportRecipient)
        .where(ReportRecipient.request_id == request_id)
        .group_by(ReportReminder.recipient_id)
    )
    rows = db.session.scalars(sa.select(ReportReminder).where(ReportReminder.id.in_(latest)))
    return {row.recipient_id: row for row in rows}
