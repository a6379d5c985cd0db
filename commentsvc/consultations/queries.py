"""Read-only loaders and views of consultations shared by every blueprint (no Flask, no writes).

Build a rules.Window only with :func:`window_for`, so every page decides deadlines from the same values.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import selectinload

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import rules
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
from commentsvc.core.clock import local_year_bounds, to_local
from commentsvc.core.db import db
from commentsvc.drafts.models import Draft, DraftKind, DraftVersion
from commentsvc.responses.models import Reply, ReplyStatus


def window_for(consultation: Consultation, recipient: Recipient | None = None) -> rules.Window:
    """The deadline window of ``consultation``, for one ``recipient`` (its extension) or for everybody."""
    is_closed = consultation.status is ConsultationStatus.CLOSED
    return rules.Window(
        is_sent=consultation.status is not ConsultationStatus.DRAFT,
        is_closed_by_team=is_closed,
        closed_at=consultation.closed_at if is_closed else None,
        opens_at=consultation.opens_at,
        deadline_at=consultation.deadline_at,
        extended_until=recipient.extended_until if recipient is not None else None,
        accepts_late=consultation.accepts_late,
        silence_is_agreement=consultation.silence_is_agreement,
    )


def consultation_for_unit(consultation_id: int, unit_id: int | None) -> Consultation | None:
    """The consultation if it belongs to drafting unit ``unit_id``; None otherwise (the view answers 404)."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or unit_id is None or consultation.drafting_unit_id != unit_id:
        return None
    return consultation


def recipient_for_agency(consultation_id: int, agency_id: int | None) -> Recipient | None:
    """The recipient row of ``agency_id`` in a sent consultation; None for unsent ones or other agencies."""
    if agency_id is None:
        return None
    return db.session.scalar(
        sa.select(Recipient)
        .join(Consultation)
        .outerjoin(Recipient.reply)
        # Every caller reads both (the deadline rules ask whether the reply is submitted): one query, not three.
        .options(orm.contains_eager(Recipient.consultation), orm.contains_eager(Recipient.reply))
        .where(
            Recipient.consultation_id == consultation_id,
            Recipient.agency_id == agency_id,
            Consultation.status != ConsultationStatus.DRAFT,
        )
    )


def recipient_in(consultation: Consultation, recipient_id: int) -> Recipient | None:
    """A recipient of this consultation (None when the id belongs to another consultation)."""
    recipient = db.session.get(Recipient, recipient_id)
    if recipient is None or recipient.consultation_id != consultation.id:
        return None
    return recipient


def recipients_by_group(consultation: Consultation) -> list[tuple[AgencyGroup, list[Recipient]]]:
    """Recipients grouped by agency group (directory order), each group in Vietnamese alphabetical order."""
    recipients = sorted(consultation.recipients, key=lambda recipient: recipient.agency.sort_key)
    groups = [(group, [r for r in recipients if r.agency.group is group]) for group in AgencyGroup]
    return [(group, members) for group, members in groups if members]


def submitted_reply_for_unit(reply_id: int, unit_id: int | None) -> Reply | None:
    """A SUBMITTED reply to a consultation of ``unit_id``; an agency's draft reply is never the team's to see."""
    reply = db.session.get(Reply, reply_id)
    if reply is None or reply.status is not ReplyStatus.SUBMITTED:
        return None
    consultation = reply.recipient.consultation
    if unit_id is None or consultation.drafting_unit_id != unit_id:
        return None
    return reply


def submitted_replies(consultation: Consultation) -> list[Reply]:
    """The submitted replies of a consultation, recipients in alphabetical order."""
    replies = db.session.scalars(
        sa.select(Reply)
        .join(Recipient)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
        .options(selectinload(Reply.comments))
    ).all()
    return sorted(replies, key=lambda reply: reply.recipient.agency.sort_key)


def submitted_reply_by_recipient(consultation: Consultation) -> dict[int, Reply]:
    """The submitted replies by recipient id, without their comments (a page that lists replies needs no more)."""
    replies = db.session.scalars(
        sa.select(Reply)
        .join(Recipient)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
    )
    return {reply.recipient_id: reply for reply in replies}


def has_submitted_reply(recipient: Recipient) -> bool:
    reply = recipient.reply
    return reply is not None and reply.status is ReplyStatus.SUBMITTED


@dataclass(frozen=True)
class ConsultationRow:
    """One line of the team's list: the consultation, where it stands now and its counts."""

    consultation: Consultation
    phase: rules.Phase
    recipient_count: int
    reply_count: int


LIST_ORDERS = {
    "created": (Consultation.created_at.desc(), Consultation.id.desc()),
    "deadline": (Consultation.deadline_at, Consultation.id),
    "deadline_desc": (Consultation.deadline_at.desc(), Consultation.id.desc()),
}


def unit_consultations(
    unit_id: int, *, kind: DraftKind | None = None, year: int | None = None, order: str = "created"
) -> list[Consultation]:
    """The unit's consultations on a draft of ``kind``, created in ``year`` (local time), in ``order``."""
    query = (
        sa.select(Consultation)
        .join(DraftVersion, DraftVersion.id == Consultation.draft_version_id)
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .where(Consultation.drafting_unit_id == unit_id)
        .options(orm.contains_eager(Consultation.draft_version).contains_eager(DraftVersion.draft))
        .order_by(*LIST_ORDERS[order])
    )
    if kind is not None:
        query = query.where(Draft.kind == kind)
    if year is not None:
        query = query.where(Consultation.created_at.between(*local_year_bounds(year)))
    return list(db.session.scalars(query))


def unit_consultation_years(unit_id: int) -> list[int]:
    """The local years in which the unit created consultations, newest first (the list's year filter)."""
    created = db.session.scalars(sa.select(Consultation.created_at).where(Consultation.drafting_unit_id == unit_id))
    return sorted({to_local(moment).year for moment in created}, reverse=True)


def consultation_rows(consultations: list[Consultation], phases: dict[int, rules.Phase]) -> list[ConsultationRow]:
    """``consultations`` with their recipient and submitted-reply counts (two queries, only these consultations)."""
    ids = [c.id for c in consultations]
    recipients = _count_by_consultation(
        sa.select(Recipient.consultation_id, sa.func.count()).where(Recipient.consultation_id.in_(ids))
    )
    replies = _count_by_consultation(
        sa.select(Recipient.consultation_id, sa.func.count())
        .select_from(Reply)
        .join(Recipient)
        .where(Recipient.consultation_id.in_(ids), Reply.status == ReplyStatus.SUBMITTED)
    )
    return [ConsultationRow(c, phases[c.id], recipients.get(c.id, 0), replies.get(c.id, 0)) for c in consultations]


def _count_by_consultation(query) -> dict[int, int]:
    return dict(db.session.execute(query.group_by(Recipient.consultation_id)).tuples().all())


def unit_draft_versions(unit_id: int) -> list[DraftVersion]:
    """Every version of the unit's drafts, newest draft first, versions newest first (for the form's choice)."""
    return list(
        db.session.scalars(
            sa.select(DraftVersion)
            .join(Draft)
            .where(Draft.drafting_unit_id == unit_id)
            .order_by(Draft.created_at.desc(), Draft.id.desc(), DraftVersion.number.desc())
        )
    )


def is_version_locked(version: DraftVersion) -> bool:
    """A version that a sent consultation uses is immutable: its clauses are what agencies commented on."""
    return _locks(sa.select(Consultation.id).where(Consultation.draft_version_id == version.id))


def is_draft_locked(draft: Draft) -> bool:
    """Whether any version of ``draft`` is used by a sent consultation."""
    used = sa.select(Consultation.id).join(DraftVersion).where(DraftVersion.draft_id == draft.id)
    return _locks(used)


def _locks(query) -> bool:
    query = query.where(Consultation.status != ConsultationStatus.DRAFT).limit(1)
    return db.session.scalar(query) is not None


def previous_rounds(consultation: Consultation) -> list[Consultation]:
    """The earlier rounds of this consultation, most recent first (round 1 of a round 2, and so on)."""
    rounds = []
    current = consultation.previous
    while current is not None and current not in rounds:
        rounds.append(current)
        current = current.previous
    return rounds
