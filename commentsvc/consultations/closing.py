"""Closing: recording who stayed silent once the deadline has passed, and undoing it when an agency gets more time.

Whether a consultation is closed is decided from the clock on every request (rules.py); ``close-due`` only records it
(closed_at, each silent recipient's outcome) so that reports and later rounds need not recompute it. The status stays
OPEN: late replies remain possible when the consultation accepts them; only the team's own "close early" sets CLOSED.
These functions flush and audit, never commit.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from commentsvc.consultations import rules
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
