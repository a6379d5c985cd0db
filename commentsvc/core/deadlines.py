"""Deadlines shared by every concept that asks agencies for something by a date (consultations, report requests).

Pure: takes ``now`` and plain values, imports no Flask, touches no database. What an agency may do inside its window
(comment, report) and what its silence means stay with each concept's own rules; what a deadline *is* lives here:
a request's window (:class:`Window`), an agency's own deadline with its extension, "trước ngày D" typed by the team,
the reminder schedule counted back from the deadline, and the deadline in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from commentsvc.core import clock


@dataclass(frozen=True)
class Window:
    """The times and settings that decide what one agency may do; built from a request and its recipient."""

    is_sent: bool  # status is not DRAFT
    is_closed_by_team: bool  # status is CLOSED
    opens_at: datetime
    deadline_at: datetime
    extended_until: datetime | None = None
    accepts_late: bool = True
    silence_is_agreement: bool = True
    closed_at: datetime | None = None  # when the team closed it (is_closed_by_team)


def effective_deadline(deadline_at: datetime, extended_until: datetime | None) -> datetime:
    """The agency's own deadline: an extension only ever moves it later."""
    if extended_until is not None and extended_until > deadline_at:
        return extended_until
    return deadline_at


def is_on_time(window: Window, now: datetime) -> bool:
    """Whether an agency acting ``now`` is within its own deadline."""
    return now < effective_deadline(window.deadline_at, window.extended_until)


def deadline_from_local(day: date, at: time | None = None) -> datetime:
    """The UTC deadline of "Nhận ý kiến trước ngày D": 00:00 local on D (the end of D-1), or D at ``at`` local."""
    if at is None:
        return clock.end_of_day_before(day)
    return clock.local_to_utc(day, at.replace(second=0, microsecond=0, tzinfo=None))


def local_deadline_fields(deadline_at: datetime) -> tuple[date, time | None]:
    """The (date, time) a team would type for ``deadline_at``: no time when it falls at 00:00 local."""
    local = clock.to_local(deadline_at)
    if local.time() == time(0, 0):
        return local.date(), None
    return local.date(), local.time().replace(second=0, microsecond=0)


def deadline_phrase(deadline_at: datetime) -> str:
    """A deadline as people say it, the one way every page, letter, e-mail and export writes it (local time).

    00:00 is the end of the day before, "hết ngày 16/12/2026" (what "trước ngày 17/12/2026" means); any other time
    of day: "trước 17 giờ 00 ngày 16/12/2026".
    """
    day, at = local_deadline_fields(deadline_at)
    if at is None:
        return f"hết ngày {day - timedelta(days=1):%d/%m/%Y}"
    return f"trước {at.hour} giờ {at.minute:02d} ngày {day:%d/%m/%Y}"


# --- the reminder schedule -----------------------------------------------------------------------------------------


def reminder_steps(reminder_days: str) -> list[int]:
    """ "3,1" → [3, 1]: remind 3 days and 1 day before the deadline. Bad parts are ignored, duplicates dropped."""
    days = set()
    for part in reminder_days.split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) <= 60:
            days.add(int(part))
    return sorted(days, reverse=True)


def normalised_reminder_days(reminder_days: str) -> str:
    """ "1, 3,3" → "3,1": the schedule as it is stored and shown."""
    return ",".join(str(day) for day in reminder_steps(reminder_days))


def step_name(days: int, extended_until: datetime | None = None) -> str:
    """ "before-3d" before the request's deadline; "before-3d-ext-20260312T1000Z" before an agency's extension.

    The extension's deadline is part of the name: an agency reminded "1 day before" the general deadline and then
    given more time is reminded again before its own deadline, still at most once per deadline and step.
    """
    if extended_until is None:
        return f"before-{days}d"
    return f"before-{days}d-ext-{clock.as_utc(extended_until):%Y%m%dT%H%MZ}"


def due_step(
    reminder_days: str, deadline_at: datetime, now: datetime, extended_until: datetime | None = None
) -> str | None:
    """The latest step of the schedule whose time has come before the agency's own deadline (the later of
    ``deadline_at`` and ``extended_until``); earlier missed steps are not sent as well."""
    deadline = effective_deadline(deadline_at, extended_until)
    due = [days for days in reminder_steps(reminder_days) if now >= deadline - timedelta(days=days)]
    if not due:
        return None
    return step_name(min(due), deadline if deadline != deadline_at else None)
