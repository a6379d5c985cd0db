"""Who has reported: one row per recipient agency, totals per state and per group, filters and order.

The board's parts (latest e-mail, filters, totals, the failed e-mails to send again) are core/tracking.py's, shared
with consultations; here are the report's own states and words ("chưa báo cáo", never agreement). The team sees
whether an agency has typed figures (a count of cells), never the figures of a report not submitted.
:func:`board` reads the database in three queries; :func:`build_board` is pure and takes ``now``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import orm

from commentsvc.core import tracking as shared
from commentsvc.core.db import db
from commentsvc.core.deadlines import effective_deadline
from commentsvc.core.errors import UserError
from commentsvc.core.tracking import BoardRowBase, Filters, Totals, Words
from commentsvc.reports import queries, rules
from commentsvc.reports.models import ReportRecipient, ReportReminder, ReportRequest, ReportSubmission, ReportValue
from commentsvc.reports.rules import ReportState

REPORT_WORDS = Words(
    total="Tổng số cơ quan được yêu cầu báo cáo",
    replied="Đã gửi báo cáo",
    not_replied="Chưa báo cáo",
    percent="Tỷ lệ đã báo cáo (%)",
    extended="Trong đó được gia hạn riêng, chưa báo cáo",
    group_replied="Đã báo cáo",
    group_not_replied="Chưa báo cáo",
    count="Số ô đã nhập",
)
NOBODY_TO_REMIND = "Không có cơ quan nào cần đôn đốc: các cơ quan đã báo cáo hoặc không thể gửi báo cáo nữa."


@dataclass(frozen=True, kw_only=True)
class BoardRow(BoardRowBase):
    state: ReportState
    cells_filled: int
    letter_name: str = ""  # the submitted letter's file, when one was attached
    # its digital signature's verdict, as stored when it was submitted (LetterColumns); "" when not checked
    signature_status: str = ""
    signature_label: str = ""
    signature_signer: str = ""
    signature_organisation: str = ""
    signature_signed_at: datetime | None = None

    @property
    def has_reported(self) -> bool:
        return self.state.has_reported

    @property
    def has_replied(self) -> bool:  # the shared board's name for "has answered"
        return self.has_reported

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def count(self) -> int:
        return self.cells_filled


@dataclass(frozen=True)
class Board:
    request_id: int
    now: datetime
    rows: list[BoardRow]  # filtered and sorted
    totals: Totals  # of every recipient, whatever the filter
    filters: Filters = field(default_factory=Filters)


def parse_filters(args: Mapping[str, str]) -> Filters:
    return shared.parse_filters(args, ReportState)


def build_board(request_id: int, rows: list[BoardRow], now: datetime, filters: Filters) -> Board:
    return Board(request_id, now, shared.select_rows(rows, filters), shared.compute_totals(rows, ReportState), filters)


def board(request: ReportRequest, now: datetime, filters: Filters | None = None) -> Board:
    """The tracking board of ``request`` at ``now``."""
    return build_board(request.id, load_rows(request, now), now, filters or Filters())


def letter_addressees(request: ReportRequest, now: datetime) -> list[tuple[str, datetime]]:
    """The agencies the reminder letter goes to, with their own deadlines: those that have not reported and still
    may. Raises UserError (409) when there is none."""
    recipients = {recipient.id: recipient for recipient in request.recipients}
    still = [
        (row.agency_name, row.deadline_at)
        for row in board(request, now).rows
        if rules.may_be_reminded(
            queries.window_for(request, recipients[row.recipient_id]), now, is_submitted=row.has_reported
        )
    ]
    if not still:
        raise UserError(NOBODY_TO_REMIND, 409)
    return still


# --- loading ------------------------------------------------------------------------------------------------------


def load_rows(request: ReportRequest, now: datetime) -> list[BoardRow]:
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
    # The request itself is e-mailed the same way and shown too: a failed one is sent again like a reminder.
    reminders = shared.last_reminders(ReportReminder, ReportRecipient, ReportRecipient.request_id, request.id)
    return [_row(request, r, filled.get(r.id, 0), reminders.get(r.id), now) for r in recipients]


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
    agency = recipient.agency
    return BoardRow(
        recipient_id=recipient.id,
        agency_name=agency.name,
        agency_code=agency.code,
        group=agency.group,
        sort_key=agency.sort_key,
        state=state,
        submitted_at=submission.submitted_at if submitted else None,
        letter_number=submission.letter_number if submitted else "",
        cells_filled=filled,
        deadline_at=effective_deadline(request.deadline_at, recipient.extended_until),
        extended_until=recipient.extended_until,
        last_reminder=reminder,
        **(_letter_fields(submission) if submitted else {}),
    )


def _letter_fields(submission: ReportSubmission) -> dict:
    return {
        "letter_name": submission.attachment_name,
        "signature_status": submission.signature_status,
        "signature_label": submission.signature_label,
        "signature_signer": submission.signature_signer,
        "signature_organisation": submission.signature_organisation,
        "signature_signed_at": submission.signature_signed_at,
    }
