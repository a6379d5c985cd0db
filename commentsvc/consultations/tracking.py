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
from commentsvc.consultations.models import OPENING_STEP, Consultation, MailStatus, Recipient, Reminder
from commentsvc.consultations.queries import window_for
from commentsvc.consultations.rules import RecipientState
from commentsvc.core.db import db
from commentsvc.responses.models import Comment, Reply, ReplyStatus

SORT_BY_NAME = "name"
SORT_BY_TIME = "time"
EXTENDED = "extended"  # a filter beside the states: agencies with their own extension and no reply yet

MAIL_STATUS_LABELS = {
    MailStatus.PENDING: "Đang chờ gửi",
    MailStatus.SENT: "Đã gửi",
    MailStatus.FAILED: "Gửi lỗi",
}


@dataclass(frozen=True)
class ReminderSummary:
    """The latest reminder of one recipient."""

    step: str
    status: MailStatus
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str
    failed_count: int = 0  # this recipient's reminders now FAILED (awaiting a retry), the latest one or older

    @property
    def at(self) -> datetime:
        return self.sent_at or self.created_at

    @property
    def is_manual(self) -> bool:
        return self.step.startswith("manual-")

    @property
    def status_label(self) -> str:
        return MAIL_STATUS_LABELS[self.status]


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


@dataclass(frozen=True)
class TrackingRow:
    recipient_id: int
    agency_name: str
    agency_code: str
    group: AgencyGroup
    sort_key: tuple
    state: RecipientState
    submitted_at: datetime | None
    reply_letter_number: str
    comment_count: int
    extended_until: datetime | None
    deadline_at: datetime  # the agency's own deadline (its extension if later)
    last_reminder: ReminderSummary | None

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
    def is_extended(self) -> bool:
        return self.extended_until is not None and not self.has_replied


@dataclass(frozen=True)
class GroupTotal:
    group: AgencyGroup
    total: int
    replied: int


@dataclass(frozen=True)
class Totals:
    total: int
    replied: int
    extended: int
    by_state: dict[RecipientState, int]  # every state, in the enum's order, zeros included
    by_group: list[GroupTotal]  # only groups with recipients, in the directory's order

    @property
    def not_replied(self) -> int:
        return self.total - self.replied

    @property
    def percent_replied(self) -> int:
        return round(100 * self.replied / self.total) if self.total else 0


@dataclass(frozen=True)
class Filters:
    group: AgencyGroup | None = None
    state: str | None = None  # a RecipientState value or EXTENDED
    sort: str = SORT_BY_NAME

    def as_args(self) -> dict[str, str]:
        args = {"group": self.group.value if self.group else "", "state": self.state or "", "sort": self.sort}
        return {key: value for key, value in args.items() if value}


@dataclass(frozen=True)
class Board:
    consultation_id: int
    now: datetime
    rows: list[TrackingRow]  # filtered and sorted
    totals: Totals  # of every recipient, whatever the filter
    filters: Filters = field(default_factory=Filters)


def parse_filters(args: Mapping[str, str]) -> Filters:
    """Filters from GET parameters; unknown values are ignored rather than refused."""
    group = args.get("group", "")
    state = args.get("state", "")
    sort = args.get("sort", SORT_BY_NAME)
    return Filters(
        group=AgencyGroup(group) if group in AgencyGroup._value2member_map_ else None,
        state=state if state in RecipientState._value2member_map_ or state == EXTENDED else None,
        sort=sort if sort in (SORT_BY_NAME, SORT_BY_TIME) else SORT_BY_NAME,
    )


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
        reply_letter_number=facts.reply_letter_number if state.has_replied else "",
        comment_count=facts.comment_count,
        extended_until=facts.window.extended_until,
        deadline_at=rules.effective_deadline(facts.window.deadline_at, facts.window.extended_until),
        last_reminder=facts.last_reminder,
    )


def compute_totals(rows: list[TrackingRow]) -> Totals:
    by_state = {state: 0 for state in RecipientState}
    for row in rows:
        by_state[row.state] += 1
    by_group = [
        GroupTotal(group, len(members), sum(row.has_replied for row in members))
        for group in AgencyGroup
        if (members := [row for row in rows if row.group is group])
    ]
    return Totals(
        total=len(rows),
        replied=sum(row.has_replied for row in rows),
        extended=sum(row.is_extended for row in rows),
        by_state=by_state,
        by_group=by_group,
    )


def select_rows(rows: list[TrackingRow], filters: Filters) -> list[TrackingRow]:
    """Rows of the filter's group and state, by Vietnamese name or by submission time (unsubmitted last)."""
    chosen = [row for row in rows if filters.group is None or row.group is filters.group]
    if filters.state == EXTENDED:
        chosen = [row for row in chosen if row.is_extended]
    elif filters.state:
        chosen = [row for row in chosen if row.state.value == filters.state]
    if filters.sort == SORT_BY_TIME:
        return sorted(chosen, key=_by_time)
    return sorted(chosen, key=lambda row: row.sort_key)


def _by_time(row: TrackingRow) -> tuple:
    return (row.submitted_at is None, row.submitted_at or row.deadline_at, row.sort_key)


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
    latest = (
        sa.select(sa.func.max(Reminder.id))
        .join(Recipient)
        .where(Recipient.consultation_id == consultation_id, Reminder.step != OPENING_STEP)
        .group_by(Reminder.recipient_id)
    )
    failed = (
        sa.select(Reminder.recipient_id, sa.func.count())
        .join(Recipient)
        .where(
            Recipient.consultation_id == consultation_id,
            Reminder.status == MailStatus.FAILED,
            Reminder.step != OPENING_STEP,
        )
        .group_by(Reminder.recipient_id)
    )
    failed_counts = dict(db.session.execute(failed).tuples().all())
    rows = db.session.scalars(sa.select(Reminder).where(Reminder.id.in_(latest))).all()
    return {
        row.recipient_id: ReminderSummary(
            row.step,
            row.status,
            row.created_at,
            row.sent_at,
            row.attempts,
            row.last_error,
            failed_counts.get(row.recipient_id, 0),
        )
        for row in rows
    }
