"""Where a deadline is decided. Pure rules: they take ``now`` and plain values, import no Flask, touch no database.

A consultation is open for an agency from ``opens_at`` until its effective deadline (the consultation's deadline, or the
agency's extension if later). At the deadline itself it is closed: "trước ngày 09/3" ends at 00:00 on 9 March.
After the deadline, an agency may still submit when late replies are accepted (the reply is marked late), unless the
team has closed the consultation. Agencies without a submitted reply are then implicit agreement (when silence counts
as agreement) or no reply; this is decided from the clock on every request, never from a job having run.

Who counts as agreeing is decided once, by :func:`silence_outcome`, for the tracking page and its XLSX, for
``close-due`` and the team's closing (what the database records), and for the synthesis: a draft never submitted
is not a reply, so after the deadline an agency with unsent comments is silent like any other; before its own
deadline (extension included) an agency without a reply is nothing yet, and is never counted as agreeing.

Closing early (the team closes before an agency's own deadline, extension included) does not wait for that agency and
does not count it as agreeing: it is recorded as "chưa hết hạn khi kết thúc" (CUT_SHORT), a state of its own that the
board, the synthesis and the exports count apart. Reopening gives it its time back.

The consultation's lifecycle, for the team and the agencies alike: draft → (scheduled) → open → ended/closed →
decisions in progress → published (:func:`lifecycle`). Deadlines are written one way everywhere:
core.deadlines.deadline_phrase.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

# The deadline itself is shared with report requests; consultations keep importing it from here.
from commentsvc.core.deadlines import (  # noqa: F401
    Window,
    deadline_from_local,
    effective_deadline,
    is_on_time,
    local_deadline_fields,
    normalised_reminder_days,
    reminder_steps,
)


class Phase(enum.StrEnum):
    """Where a consultation stands now, for everybody (extensions aside)."""

    DRAFT = "draft"  # saved, not sent
    SCHEDULED = "scheduled"  # sent, not yet open
    OPEN = "open"
    ENDED = "ended"  # the deadline has passed; late replies possible if accepted
    CLOSED = "closed"  # closed by the team: nothing more is accepted
    DECIDING = "deciding"  # ended or closed, and the team has started deciding on the comments
    PUBLISHED = "published"  # the head of the drafting unit has published the synthesis

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.DRAFT: "Bản nháp (chưa gửi)",
    Phase.SCHEDULED: "Chưa đến thời gian lấy ý kiến",
    Phase.OPEN: "Đang lấy ý kiến",
    Phase.ENDED: "Đã hết hạn",
    Phase.CLOSED: "Đã kết thúc",
    Phase.DECIDING: "Đã kết thúc, đang xử lý ý kiến",
    Phase.PUBLISHED: "Đã công bố kết quả tiếp thu, giải trình",
}

# Phases in which nobody may reply any more on time: the consultation's own window is over.
AFTER_COLLECTION = (Phase.ENDED, Phase.CLOSED, Phase.DECIDING, Phase.PUBLISHED)


class RecipientState(enum.StrEnum):
    """One recipient agency's state, as the team's tracking page and the agency's inbox show it."""

    NOT_OPENED = "not_opened"
    OPENED = "opened"
    DRAFTING = "drafting"
    SUBMITTED_ON_TIME = "submitted_on_time"
    SUBMITTED_LATE = "submitted_late"
    IMPLICIT_AGREEMENT = "implicit_agreement"  # no reply by the deadline, silence counts as agreement
    NO_REPLY = "no_reply"  # no reply by the deadline, silence does not count
    CUT_SHORT = "cut_short"  # no reply, and the team closed before its own deadline: never counted as agreeing

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def has_replied(self) -> bool:
        return self in (RecipientState.SUBMITTED_ON_TIME, RecipientState.SUBMITTED_LATE)

    @property
    def is_silent(self) -> bool:
        return self in (RecipientState.IMPLICIT_AGREEMENT, RecipientState.NO_REPLY)


def state_label(state: RecipientState, comment_count: int) -> str:
    """The state in words, for the team and the agency alike. A silent agency may have written comments and never sent
    them: it is counted as silent like everybody without a reply (silence_outcome), and the words say so."""
    if state is RecipientState.DRAFTING:
        return f"{state.label} ({comment_count} ý kiến)"
    if state.is_silent and comment_count:
        return f"{state.label}, có {comment_count} ý kiến chưa gửi"
    return state.label


STATE_LABELS = {
    RecipientState.NOT_OPENED: "Chưa mở",
    RecipientState.OPENED: "Đã mở",
    RecipientState.DRAFTING: "Đang soạn góp ý",
    RecipientState.SUBMITTED_ON_TIME: "Đã gửi đúng hạn",
    RecipientState.SUBMITTED_LATE: "Đã gửi quá hạn",
    RecipientState.IMPLICIT_AGREEMENT: "Không trả lời (coi như nhất trí)",
    RecipientState.NO_REPLY: "Không trả lời",
    RecipientState.CUT_SHORT: "Chưa hết hạn khi kết thúc",
}


def phase(window: Window, now: datetime) -> Phase:
    """The consultation's phase for everybody (an agency's extension is not taken into account here)."""
    if not window.is_sent:
        return Phase.DRAFT
    if window.is_closed_by_team:
        return Phase.CLOSED
    if now < window.opens_at:
        return Phase.SCHEDULED
    if now < window.deadline_at:
        return Phase.OPEN
    return Phase.ENDED


def can_edit(window: Window, now: datetime, *, is_submitted: bool) -> bool:
    """Whether the agency may write, change or delete its comments now."""
    if is_submitted or not window.is_sent or window.is_closed_by_team or now < window.opens_at:
        return False
    return is_on_time(window, now) or window.accepts_late


def can_submit(window: Window, now: datetime, *, is_submitted: bool) -> bool:
    """Same as editing: an agency that may still write may submit (late when past its deadline)."""
    return can_edit(window, now, is_submitted=is_submitted)


def refusal_reason(window: Window, now: datetime, *, is_submitted: bool) -> str | None:
    """Why the agency may not change its reply now (Vietnamese), or None when it may."""
    if is_submitted:
        return "Cơ quan đã gửi văn bản góp ý; nội dung không thể sửa nữa."
    if not window.is_sent or now < window.opens_at:
        return "Đợt lấy ý kiến chưa mở."
    if window.is_closed_by_team:
        return "Đợt lấy ý kiến đã kết thúc; không thể góp ý thêm."
    if not is_on_time(window, now) and not window.accepts_late:
        return "Đã hết hạn góp ý; cơ quan chủ trì không nhận ý kiến gửi muộn."
    return None


def is_silence_final(window: Window, now: datetime) -> bool:
    """Whether an agency without a submitted reply now has an outcome (silent, or cut short by an early close)."""
    if not window.is_sent:
        return False
    return window.is_closed_by_team or not is_on_time(window, now)


def silence_state(window: Window) -> RecipientState:
    return RecipientState.IMPLICIT_AGREEMENT if window.silence_is_agreement else RecipientState.NO_REPLY


def was_cut_short(window: Window, now: datetime) -> bool:
    """Whether the team closed the consultation while this agency still had time (its extension included)."""
    if not window.is_closed_by_team:
        return False
    closed_at = window.closed_at or now
    return closed_at < effective_deadline(window.deadline_at, window.extended_until)


def silence_outcome(window: Window, now: datetime, *, is_submitted: bool) -> RecipientState | None:
    """The one rule of silence: IMPLICIT_AGREEMENT, NO_REPLY or CUT_SHORT for an agency without a reply, else None.

    Silent means: no submitted reply, and its own deadline has passed. Comments drafted but never sent change
    nothing, even while a late reply is still possible: until it is submitted the agency has not replied. An agency
    whose own deadline had not passed when the team closed is CUT_SHORT, never agreeing. None means it has replied,
    or may still reply on time: it does not count as agreeing.
    """
    if is_submitted or not is_silence_final(window, now):
        return None
    if was_cut_short(window, now):
        return RecipientState.CUT_SHORT
    return silence_state(window)


def is_collecting(windows: Iterable[Window], now: datetime) -> bool:
    """Whether some agency may still reply within its own deadline: until then any synthesis is provisional."""
    return any(window.is_sent and not window.is_closed_by_team and is_on_time(window, now) for window in windows)


def recipient_state(
    window: Window,
    now: datetime,
    *,
    is_submitted: bool,
    is_late: bool,
    has_draft_reply: bool,
    comment_count: int,
    opened: bool,
) -> RecipientState:
    """The state of one recipient now. Submitted replies win; then silence after the deadline; then progress.

    Unsent comments after the deadline are silence (see :func:`silence_outcome`); the tracking page says they exist.
    """
    if is_submitted:
        return RecipientState.SUBMITTED_LATE if is_late else RecipientState.SUBMITTED_ON_TIME
    silent = silence_outcome(window, now, is_submitted=False)
    if silent is not None:
        return silent
    if has_draft_reply and comment_count:
        return RecipientState.DRAFTING
    if opened or has_draft_reply:
        return RecipientState.OPENED
    return RecipientState.NOT_OPENED


def time_left(window: Window, now: datetime) -> timedelta | None:
    """How long the agency still has on time, for countdowns; None once its window is closed (or not yet open)."""
    if not window.is_sent or window.is_closed_by_team or now < window.opens_at:
        return None
    left = effective_deadline(window.deadline_at, window.extended_until) - now
    return left if left > timedelta(0) else None


def may_be_reminded(window: Window, now: datetime, *, is_submitted: bool) -> bool:
    """Whether a reminder to this agency makes sense now: sent, open, not closed by the team, no reply yet.

    After its own deadline a reminder is still allowed while late replies are accepted (the letter asks for a reply
    "as soon as possible"); once the team has closed, or nothing is accepted any more, nobody is reminded.
    """
    return not is_submitted and can_submit(window, now, is_submitted=False)


def reminder_refusal(window: Window, now: datetime) -> str | None:
    """Why no reminder may be sent for the consultation now (Vietnamese), or None."""
    if not window.is_sent:
        return "Đợt lấy ý kiến chưa được gửi; chưa thể đôn đốc."
    if window.is_closed_by_team:
        return "Đợt lấy ý kiến đã kết thúc; không gửi thư đôn đốc nữa vì cơ quan không thể gửi ý kiến."
    if now < window.opens_at:
        return "Đợt lấy ý kiến chưa bắt đầu; chưa thể đôn đốc."
    return None


def lifecycle(window: Window, now: datetime, *, decided: int = 0, is_published: bool = False) -> Phase:
    """The consultation's stage in its whole life: :func:`phase`, then deciding and published once ended.

    ``decided``: how many groups of comments the team has decided on; ``is_published``: a synthesis is published.
    Deciding starts only once nobody may still reply on time (an agency's extension keeps it collecting).
    """
    current = phase(window, now)
    if current not in (Phase.ENDED, Phase.CLOSED):
        return current
    if is_published:
        return Phase.PUBLISHED
    return Phase.DECIDING if decided else current
