"""Read a round-1 consultation and a revised version into the carry-over rows (and the files made from them).

Only comments of SUBMITTED replies are read. The clause links are computed on first use (ensure_links), which
flushes: the view that calls this commits.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
from commentsvc.core.db import db
from commentsvc.drafts.models import DraftVersion
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.revisions import carryover, operations
from commentsvc.revisions.carryover_export import CarryTitle, carryover_docx, carryover_xlsx
from commentsvc.synthesis.models import Disposition


def round_one_comments(consultation: Consultation) -> list[carryover.CommentIn]:
    query = (
        sa.select(Comment, Reply, Recipient, Disposition)
        .join(Reply, Comment.reply_id == Reply.id)
        .join(Recipient, Reply.recipient_id == Recipient.id)
        .outerjoin(Disposition, Comment.disposition_id == Disposition.id)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
        .options(joinedload(Recipient.agency))
    )
    return [
        carryover.CommentIn(
            id=comment.id,
            agency_id=recipient.agency_id,
            agency_name=recipient.agency.name,
            clause_id=comment.clause_id,
            text=comment.text,
            proposed_wording=comment.proposed_wording,
            decision=disposition.decision.label if disposition and disposition.decision else None,
            explanation=disposition.explanation if disposition else "",
            is_submitted=reply.status is ReplyStatus.SUBMITTED,
        )
        for comment, reply, recipient, disposition in db.session.execute(query).tuples()
    ]


def carryover_rows(previous: Consultation, version: DraftVersion | None, *, user=None) -> list[carryover.CarryRow]:
    """Each comment on ``previous``: its disposition and where its clause went in ``version`` (None: not yet)."""
    old_version = previous.draft_version
    comparable = (
        version is not None and version.draft_id == old_version.draft_id and version.number > old_version.number
    )
    links = operations.link_rows(old_version, version, user=user) if comparable else []
    return carryover.carry_over(round_one_comments(previous), operations.clause_texts(old_version), links)


def next_round(previous: Consultation, *, sent_only: bool = False) -> Consultation | None:
    """The latest consultation opened as the next round of ``previous`` (only sent ones if ``sent_only``)."""
    query = sa.select(Consultation).where(Consultation.previous_id == previous.id)
    if sent_only:
        query = query.where(Consultation.status != ConsultationStatus.DRAFT)
    return db.session.scalar(query.order_by(Consultation.id.desc()).limit(1))


@dataclass(frozen=True)
class CarryOverFile:
    data: bytes
    filename: str
    media_type: str


MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def carryover_title(previous: Consultation, version: DraftVersion | None) -> CarryTitle:
    return CarryTitle(previous.draft_version.draft.title, previous.round_number, version.number if version else None)


def carryover_file(consultation: Consultation, fmt: str, *, user=None) -> CarryOverFile:
    """For a later-round ``consultation``: how the previous round's comments were handled, "docx" or "xlsx"."""
    previous = consultation.previous
    if previous is None:
        raise ValueError("not a later round")
    rows = carryover_rows(previous, consultation.draft_version, user=user)
    title = carryover_title(previous, consultation.draft_version)
    data = (carryover_docx if fmt == "docx" else carryover_xlsx)(title, rows)
    filename = f"tiep-thu-y-kien-lan-{previous.round_number}_dot-{consultation.id}.{fmt}"
    return CarryOverFile(data, filename, MEDIA_TYPES[fmt])
