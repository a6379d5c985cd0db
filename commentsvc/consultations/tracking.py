"""Who has replied: one row per recipient agency, totals per state and per group (no Flask).

The team sees how many comments an agency has drafted, never their content: comments are only ever COUNTed here.
:func:`load_facts` reads the database in four small queries; everything after it is pure and takes ``now``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import rules
from commentsvc.consultations.models import OPENING_STEP, Consultation, Recipient, Reminder
from commentsvc.consultations.queries import window_for
from commentsvc.consultations.rules import RecipientState
from commentsvc.core import tracking as shared
from commentsvc.core.db import db
from commentsvc.core.tracking import (  # noqa: F401 - the board's shared parts, named here as before
    EXTENDED,
    MAIL_STATUS_LABELS,
    SORT_BY_NAME,
    SORT_BY_TIME,
    BoardRowBase,
    Filters,
    GroupTotal,
    ReminderSummary,
    Totals,
    select_rows,
)
from commentsvc.responses.models import Comment, Reply, ReplyStatus


@dataclass(frozen=True)
class RecipientFacts:
    """What the database says about one recipient; comment_count is a count, never the drafts themselves."""

    recipient_id: int
    agency_name: str
    agency_code: str
    group: AgencyGroup
    sort_key: tuple
    window: rules.Window
    reply_status: ReplyStatus | None = None
    is_late: bool = False
    submitted_at: datetime | None = None
    reply_letter_number: str = ""
    comment_count: int = 0
    opened: bool = False
    last_reminder: ReminderSummary | None = None


@dataclass(frozen=True, kw_only=True)
class TrackingRow(BoardRowBase):
    state: RecipientState
    comment_count: int

    @property
    def reply_letter_number(self) -> str:
        return self.letter_number

    @property
    def state_label(self) -> str:
        return rules.state_label(self.state, self.comment_count)

    @property
    def is_silent(self) -> bool:
        return self.state.is_silent

    @property
    def has_replied(self) -> bool:
        return self.state.has_replied

    @property
    def count(self) -> int:
        return self.comment_count


@dataclass(frozen=True)
class Board:
    consultation_id: int
    now: datetime
    rows: list[TrackingRow]  # filtered and sorted
    totals: Totals  # of every recipient, whatever the filter
    filters: Filters = field(default_factory=Filters)


def parse_filters(args: Mapping[str, str]) -> Filters:
    """Filters from GET parameters; unknown values are ignored rather than refused."""
    return shared.parse_filters(args, RecipientState)


def compute_row(facts: RecipientFacts, now: datetime) -> TrackingRow:
    state = rules.recipient_state(
        facts.window,
        now,
        is_submitted=facts.reply_status is ReplyStatus.SUBMITTED,
        is_late=facts.is_late,
        has_draft_reply=facts.reply_status is ReplyStatus.DRAFTING,
        comment_count=facts.comment_count,
        opened=facts.opened,
    )
    return TrackingRow(
        recipient_id=facts.recipient_id,
        agency_name=facts.agency_name,
        agency_code=facts.agency_code,
        group=facts.group,
        sort_key=facts.sort_key,
        state=state,
        submitted_at=facts.submitted_at if state.has_replied else None,
        letter_number=facts.reply_letter_number if state.has_replied else "",
        comment_count=facts.comment_count,
        extended_until=facts.window.extended_until,
        deadline_at=rules.effective_deadline(facts.window.deadline_at, facts.window.extended_until),
        last_reminder=facts.last_reminder,
    )


def compute_totals(rows: list[TrackingRow]) -> Totals:
    return shared.compute_totals(rows, RecipientState)


def build_board(consultation_id: int, facts: list[RecipientFacts], now: datetime, filters: Filters) -> Board:
    rows = [compute_row(item, now) for item in facts]
    return Board(consultation_id, now, select_rows(rows, filters), compute_totals(rows), filters)


def board(consultation: Consultation, now: datetime, filters: Filters | None = None) -> Board:
    """The tracking board of ``consultation`` at ``now``."""
    return build_board(consultation.id, load_facts(consultation), now, filters or Filters())


NOBODY_TO_REMIND = "Không có cơ quan nào cần đôn đốc: các cơ quan đã trả lời hoặc không thể gửi ý kiến nữa."


def letter_addressees(consultation: Consultation, now: datetime) -> list[tuple[str, datetime]]:
    """The agencies the reminder letter goes to, with their deadlines: those that may still be reminded at ``now``.

    Raises UserError (409) when there is none (the letter, its direct download and its job, would be empty)."""
    from commentsvc.core.errors import UserError

    facts = {item.recipient_id: item for item in load_facts(consultation)}
    still = [
        (row.agency_name, row.deadline_at)
        for row in build_board(consultation.id, list(facts.values()), now, Filters()).rows
        if rules.may_be_reminded(facts[row.recipient_id].window, now, is_submitted=row.has_replied)
    ]
    if not still:
        raise UserError(NOBODY_TO_REMIND, 409)
    return still


# --- loading ------------------------------------------------------------------------------------------------------


def load_facts(consultation: Consultation) -> list[RecipientFacts]:
    recipients = db.session.scalars(sa.select(Recipient).where(Recipient.consultation_id == consultation.id)).all()
    replies = _replies(consultation.id)
    counts = _comment_counts(consultation.id)
    reminders = last_reminders(consultation.id)
    return [_facts(consultation, r, replies.get(r.id), counts.get(r.id, 0), reminders.get(r.id)) for r in recipients]


def _facts(consultation, recipient, reply, comment_count, reminder) -> RecipientFacts:
    agency = recipient.agency
    return RecipientFacts(
        recipient_id=recipient.id,
        agency_name=agency.name,
        agency_code=agency.code,
        group=agency.group,
        sort_key=agency.sort_key,
        window=window_for(consultation, recipient),
        reply_status=reply.status if reply else None,
        is_late=bool(reply and reply.is_late),
        submitted_at=reply.submitted_at if reply else None,
        reply_letter_number=reply.letter_number if reply else "",
        comment_count=comment_count,
        opened=recipient.first_opened_at is not None,
        last_reminder=reminder,
    )


def _replies(consultation_id: int) -> dict[int, sa.Row]:
    # Only the columns the board shows: a draft reply's text is never loaded for the team.
    query = (
        sa.select(Reply.recipient_id, Reply.status, Reply.is_late, Reply.submitted_at, Reply.letter_number)
        .join(Recipient)
        .where(Recipient.consultation_id == consultation_id)
    )
    return {row.recipient_id: row for row in db.session.execute(query)}


def _comment_counts(consultation_id: int) -> dict[int, int]:
    query = (
        sa.select(Reply.recipient_id, sa.func.count(Comment.id))
        .join(Comment, Comment.reply_id == Reply.id)
        .join(Recipient, Recipient.id == Reply.recipient_id)
        .where(Recipient.consultation_id == consultation_id)
        .group_by(Reply.recipient_id)
    )
    return dict(db.session.execute(query).tuples().all())


def last_reminders(consultation_id: int) -> dict[int, ReminderSummary]:
    """The latest reminder of each recipient of the consultation."""
    # The opening letter is sent the same way but is no reminder: the column is "Đôn đốc gần nhất".
    return shared.last_reminders(Reminder, Recipient, Recipient.consultation_id, consultation_id, not_step=OPENING_STEP)
