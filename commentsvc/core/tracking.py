"""The who-has-not-answered board's building blocks, shared by consultations and report requests (no Flask).

Each concept computes its own rows (its own states, its own words: "đã trả lời" or "đã báo cáo") and hands them
here for what is the same: the latest e-mail per recipient (:func:`last_reminders`), the filters and the order
(:class:`Filters`, :func:`select_rows`), the totals per state and per group (:func:`compute_totals`), and which rows
have a failed e-mail the team may send again (:func:`has_failed_reminder`).

A row is a :class:`BoardRowBase` with ``state`` (a member of the concept's state enum), ``state_label``, ``count``
and ``has_replied`` (answered: replied or reported).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.db import db
from commentsvc.core.model_mixins import MailStatus

SORT_BY_NAME = "name"
SORT_BY_TIME = "time"
EXTENDED = "extended"  # a filter beside the states: agencies with their own extension that have not answered

MAIL_STATUS_LABELS = {
    MailStatus.PENDING: "Đang chờ gửi",
    MailStatus.SENT: "Đã gửi",
    MailStatus.FAILED: "Gửi lỗi",
}


@dataclass(frozen=True)
class Words:
    """What a board calls answering, in its page, its print view and its workbook."""

    total: str  # "Tổng số cơ quan được lấy ý kiến"
    replied: str  # "Đã gửi văn bản góp ý": the totals' line
    not_replied: str
    percent: str  # "Tỷ lệ đã trả lời (%)"
    extended: str  # "Trong đó được gia hạn riêng, chưa trả lời"
    group_replied: str  # "Đã trả lời": a column of the totals by group, and the progress line
    group_not_replied: str
    count: str  # the row's count column: "Số ý kiến", "Số ô đã nhập"


CONSULTATION_WORDS = Words(
    total="Tổng số cơ quan được lấy ý kiến",
    replied="Đã gửi văn bản góp ý",
    not_replied="Chưa gửi văn bản góp ý",
    percent="Tỷ lệ đã trả lời (%)",
    extended="Trong đó được gia hạn riêng, chưa trả lời",
    group_replied="Đã trả lời",
    group_not_replied="Chưa trả lời",
    count="Số ý kiến",
)


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


@dataclass(frozen=True, kw_only=True)
class BoardRowBase:
    """What every board's row holds; each concept adds its state and what it counts (comments, cells)."""

    recipient_id: int
    agency_name: str
    agency_code: str
    group: AgencyGroup
    sort_key: tuple
    submitted_at: datetime | None
    letter_number: str
    deadline_at: datetime  # the agency's own deadline (its extension if later)
    extended_until: datetime | None
    last_reminder: ReminderSummary | None

    @property
    def has_replied(self) -> bool:  # answered: replied or reported
        raise NotImplementedError

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
    by_state: dict  # every state of the concept's enum, in the enum's order, zeros included
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
    state: str | None = None  # a state's value or EXTENDED
    sort: str = SORT_BY_NAME

    def as_args(self) -> dict[str, str]:
        args = {"group": self.group.value if self.group else "", "state": self.state or "", "sort": self.sort}
        return {key: value for key, value in args.items() if value}


def parse_filters(args: Mapping[str, str], states: type[enum.Enum]) -> Filters:
    """Filters from GET parameters; unknown values are ignored rather than refused."""
    group = args.get("group", "")
    state = args.get("state", "")
    sort = args.get("sort", SORT_BY_NAME)
    return Filters(
        group=AgencyGroup(group) if group in AgencyGroup._value2member_map_ else None,
        state=state if state in states._value2member_map_ or state == EXTENDED else None,
        sort=sort if sort in (SORT_BY_NAME, SORT_BY_TIME) else SORT_BY_NAME,
    )


def compute_totals(rows: list, states: type[enum.Enum]) -> Totals:
    by_state = {state: 0 for state in states}
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


def select_rows(rows: list, filters: Filters) -> list:
    """Rows of the filter's group and state, by Vietnamese name or by submission time (unsubmitted last)."""
    chosen = [row for row in rows if filters.group is None or row.group is filters.group]
    if filters.state == EXTENDED:
        chosen = [row for row in chosen if row.is_extended]
    elif filters.state:
        chosen = [row for row in chosen if row.state.value == filters.state]
    if filters.sort == SORT_BY_TIME:
        return sorted(chosen, key=_by_time)
    return sorted(chosen, key=lambda row: row.sort_key)


def _by_time(row) -> tuple:
    return (row.submitted_at is None, row.submitted_at or row.deadline_at, row.sort_key)


def has_failed_reminder(row) -> bool:
    """A row whose agency has not answered and has a reminder that failed: the team may send it again."""
    reminder = row.last_reminder
    if reminder is None or row.has_replied:
        return False
    return reminder.status is MailStatus.FAILED or reminder.failed_count > 0


def last_reminders(reminder_model, recipient_model, parent_column, parent_id: int, *, not_step: str | None = None):
    """The latest e-mail of each recipient of one consultation or request, with how many of each recipient's
    e-mails are FAILED now; ``not_step`` (the consultations' opening letter, no reminder) is left out."""
    mine = [parent_column == parent_id]
    if not_step is not None:
        mine.append(reminder_model.step != not_step)
    latest = (
        sa.select(sa.func.max(reminder_model.id))
        .join(recipient_model, recipient_model.id == reminder_model.recipient_id)
        .where(*mine)
        .group_by(reminder_model.recipient_id)
    )
    failed = (
        sa.select(reminder_model.recipient_id, sa.func.count())
        .join(recipient_model, recipient_model.id == reminder_model.recipient_id)
        .where(*mine, reminder_model.status == MailStatus.FAILED)
        .group_by(reminder_model.recipient_id)
    )
    failed_counts = dict(db.session.execute(failed).tuples().all())
    rows = db.session.scalars(sa.select(reminder_model).where(reminder_model.id.in_(latest))).all()
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
