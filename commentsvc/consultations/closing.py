"""Closing: recording who stayed silent once the deadline has passed, and undoing it when an agency gets more time.

Whether a consultation is closed is decided from the clock on every request (rules.py); ``close-due`` only records it
(closed_at, each silent recipient's outcome) so that reports and later rounds need not recompute it. The status stays
OPEN: late replies remain possible when the consultation accepts them; only the team's own "close early" sets CLOSED.
These functions flush and audit, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa

from commentsvc.consultations import rules, tracking
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient, SilenceOutcome
from commentsvc.consultations.queries import window_for
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.responses.models import Reply, ReplyStatus


def record_silence(consultation: Consultation, now: datetime, user=None) -> list[Recipient]:
    """Give every recipient that is silent now its outcome (implicit agreement or no reply).

    Silent is rules.silence_outcome, the rule the tracking page and the synthesis apply: no submitted reply (a
    draft with unsent comments is none) and its own deadline passed, or the consultation closed by the team.
    Idempotent: recipients already recorded keep their first outcome and time. Returns those recorded now.
    """
    submitted = _submitted_recipient_ids(consultation.id)
    recorded = []
    for recipient in consultation.recipients:
        if recipient.silence_outcome is not None:
            continue
        window = window_for(consultation, recipient)
        state = rules.silence_outcome(window, now, is_submitted=recipient.id in submitted)
        if state is None:
            continue
        outcome = SilenceOutcome(state.value)
        recipient.silence_outcome, recipient.silence_recorded_at = outcome, now
        audit.record("recipient.silence", recipient, user=user, agency=recipient.agency, outcome=outcome.value)
        recorded.append(recipient)
    db.session.flush()
    return recorded


def undo_silence(consultation: Consultation, recipients: list[Recipient], user=None) -> list[Recipient]:
    """Clear the recorded outcome of ``recipients`` (reopened or extended); the audit keeps both entries."""
    undone = []
    for recipient in recipients:
        if recipient.consultation_id != consultation.id or recipient.silence_outcome is None:
            continue
        previous = recipient.silence_outcome
        recipient.silence_outcome, recipient.silence_recorded_at = None, None
        audit.record("recipient.silence_undone", recipient, user=user, agency=recipient.agency, previous=previous.value)
        undone.append(recipient)
    db.session.flush()
    return undone


def is_due(consultation: Consultation, now: datetime) -> bool:
    """Whether the deadline and every agency's extension have passed and closing is not yet recorded."""
    if consultation.status is not ConsultationStatus.OPEN or consultation.closed_at is not None:
        return False
    last = max(
        [rules.effective_deadline(consultation.deadline_at, r.extended_until) for r in consultation.recipients],
        default=consultation.deadline_at,
    )
    return now >= last


def close_due(now: datetime, user=None) -> list[Consultation]:
    """Record the closing of every open consultation whose deadlines have all passed. Returns those closed now."""
    candidates = db.session.scalars(
        sa.select(Consultation).where(
            Consultation.status == ConsultationStatus.OPEN,
            Consultation.closed_at.is_(None),
            Consultation.deadline_at <= now,
        )
    ).all()
    closed = []
    for consultation in candidates:
        if not is_due(consultation, now):
            continue
        consultation.closed_at = now
        silent = record_silence(consultation, now, user)
        audit.record("consultation.close_due", consultation, user=user, silent=len(silent))
        closed.append(consultation)
    return closed


def _submitted_recipient_ids(consultation_id: int) -> set[int]:
    query = (
        sa.select(Reply.recipient_id)
        .join(Recipient)
        .where(Recipient.consultation_id == consultation_id, Reply.status == ReplyStatus.SUBMITTED)
    )
    return set(db.session.scalars(query))


# --- what closing now would do ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StillOnTime:
    """An agency without a reply whose own deadline (extension included) has not passed."""

    agency_name: str
    deadline_at: datetime
    is_extended: bool
    comment_count: int  # comments it has drafted and not sent


@dataclass(frozen=True)
class ClosePreview:
    """What "Kết thúc" does now, for the confirmation page: who still has time and what each group becomes."""

    total: int
    replied: int
    still_on_time: list[StillOnTime]
    becoming_silent: int  # own deadline passed, no reply: implicit agreement or no reply
    silence_state: rules.RecipientState
    is_early: bool  # before the consultation's deadline

    @property
    def cut_short_label(self) -> str:
        return rules.RecipientState.CUT_SHORT.label


def outcome_if_closed(window: rules.Window, now: datetime, *, is_submitted: bool) -> rules.RecipientState | None:
    """What the agency would become if the team closed now (the rule of silence_outcome, applied to a close now)."""
    closed = replace(window, is_closed_by_team=True, closed_at=now)
    return rules.silence_outcome(closed, now, is_submitted=is_submitted)


def preview(facts: list[tracking.RecipientFacts], now: datetime) -> ClosePreview:
    """Pure: the recipients' facts (tracking.load_facts) sorted into what closing at ``now`` makes of them."""
    still, silent, replied = [], 0, 0
    window = facts[0].window if facts else None
    for item in sorted(facts, key=lambda f: f.sort_key):
        outcome = outcome_if_closed(item.window, now, is_submitted=item.reply_status is ReplyStatus.SUBMITTED)
        if outcome is None:
            replied += 1
        elif outcome is rules.RecipientState.CUT_SHORT:
            deadline = rules.effective_deadline(item.window.deadline_at, item.window.extended_until)
            is_extended = deadline != item.window.deadline_at
            still.append(StillOnTime(item.agency_name, deadline, is_extended, item.comment_count))
        else:
            silent += 1
    return ClosePreview(
        total=len(facts),
        replied=replied,
        still_on_time=still,
        becoming_silent=silent,
        silence_state=rules.silence_state(window) if window else rules.RecipientState.IMPLICIT_AGREEMENT,
        is_early=window is not None and now < window.deadline_at,
    )
