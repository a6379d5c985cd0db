"""Read a consultation from the database into the compiler's plain inputs, and the team's view of its groups.

Only SUBMITTED replies are read: an agency's draft reply is its own until it submits, and never reaches the
synthesis. Each recipient carries its deadline window (queries.window_for), so the compiler decides who is silent
and who may still reply with the rule of the tracking page and of closing. Nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import selectinload

from commentsvc.accounts.models import DraftingUnit
from commentsvc.agencies.models import Agency
from commentsvc.consultations import rules
from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.consultations.queries import window_for
from commentsvc.core import clock
from commentsvc.core.db import db
from commentsvc.drafts.models import Clause
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.revisions import loading as carryover_loading
from commentsvc.synthesis.compiler import (
    AgencyIn,
    ClauseIn,
    CommentIn,
    ConsultationIn,
    DispositionIn,
    ReplyIn,
    Synthesis,
    compile_synthesis,
)
from commentsvc.synthesis.models import Disposition
from commentsvc.synthesis.previous_round import PreviousRound

# Provinces sort by place name ("An Giang" before "Hà Nội"), not by "Ủy ban nhân dân tỉnh …".
_PROVINCE_PREFIX = re.compile(r"^Ủy ban nhân dân (tỉnh|thành phố|Thành phố) ")


def clauses_of(consultation: Consultation) -> list[Clause]:
    return list(
        db.session.scalars(
            sa.select(Clause).where(Clause.version_id == consultation.draft_version_id).order_by(Clause.position)
        )
    )


def submitted_replies(consultation: Consultation, *, with_comments: bool = True) -> list[Reply]:
    """Submitted replies with their agencies, and their comments unless told not to (never an agency's draft)."""
    options = [selectinload(Reply.recipient).joinedload(Recipient.agency)]
    if with_comments:
        options.append(selectinload(Reply.comments))
    return list(
        db.session.scalars(
            sa.select(Reply)
            .join(Recipient)
            .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
            .options(*options)
            .order_by(Reply.id)
        )
    )


def comment_count(consultation: Consultation) -> int:
    """Comments of submitted replies: how big the synthesis is, counted without loading it."""
    return db.session.scalar(
        sa.select(sa.func.count(Comment.id))
        .join(Reply, Comment.reply_id == Reply.id)
        .join(Recipient)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
    )


def dispositions_of(consultation: Consultation) -> list[Disposition]:
    return list(
        db.session.scalars(
            sa.select(Disposition).where(Disposition.consultation_id == consultation.id).order_by(Disposition.id)
        )
    )


def agency_in(agency: Agency, window: rules.Window | None = None) -> AgencyIn:
    return AgencyIn(
        id=agency.id,
        code=agency.code,
        name=agency.name,
        short_name=agency.short_name,
        group=agency.group.value,
        sort_key=_PROVINCE_PREFIX.sub("", agency.name),
        window=window,
    )


def reply_in(reply: Reply) -> ReplyIn:
    return ReplyIn(
        agency_id=reply.recipient.agency_id,
        position=reply.position.value if reply.position else "agree_entirely",
        submitted_at=reply.submitted_at or reply.received_at or reply.created_at,
        is_late=reply.is_late,
        is_used=reply.is_used,
        letter_number=reply.letter_number,
        letter_date=reply.letter_date,
        entered_by_team=reply.entered_by_team,
        reason=reply.reason,
    )


def comment_in(comment: Comment, agency_id: int) -> CommentIn:
    return CommentIn(
        id=comment.id,
        agency_id=agency_id,
        clause_id=comment.clause_id,
        text=comment.text,
        proposed_wording=comment.proposed_wording,
        disposition_id=comment.disposition_id,
    )


def clause_in(clause: Clause) -> ClauseIn:
    return ClauseIn(clause.id, clause.position, clause.kind, clause.label, clause.ref, clause.text, clause.depth)


def load_consultation_in(consultation: Consultation) -> ConsultationIn:
    """Everything the compiler needs about ``consultation``, read in a handful of queries.

    Clauses, comments and dispositions (thousands) are read as plain rows straight into the compiler's inputs:
    as ORM objects they took most of the synthesis page's time.
    """
    unit = db.session.get(DraftingUnit, consultation.drafting_unit_id)
    replies = submitted_replies(consultation, with_comments=False)
    recipients = db.session.scalars(
        sa.select(Recipient)
        .where(Recipient.consultation_id == consultation.id)
        .options(orm.joinedload(Recipient.agency))
        .order_by(Recipient.id)
    ).all()
    version = consultation.draft_version
    clauses = db.session.execute(
        sa.select(Clause.id, Clause.position, Clause.kind, Clause.label, Clause.ref, Clause.text, Clause.depth)
        .where(Clause.version_id == consultation.draft_version_id)
        .order_by(Clause.position)
    ).tuples()
    comments = db.session.execute(
        sa.select(
            Comment.id,
            Recipient.agency_id,
            Comment.clause_id,
            Comment.text,
            Comment.proposed_wording,
            Comment.disposition_id,
        )
        .join(Reply, Comment.reply_id == Reply.id)
        .join(Recipient, Reply.recipient_id == Recipient.id)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
        .order_by(Reply.id, Comment.id)
    ).tuples()
    dispositions = db.session.execute(
        sa.select(Disposition.id, Disposition.decision, Disposition.explanation)
        .where(Disposition.consultation_id == consultation.id)
        .order_by(Disposition.id)
    ).tuples()
    return ConsultationIn(
        title=consultation.title,
        draft_title=version.draft.title,
        draft_kind=version.draft.kind.value,
        round_number=consultation.round_number,
        letter_number=consultation.letter_number,
        deadline_at=consultation.deadline_at,
        silence_is_agreement=consultation.silence_is_agreement,
        issuing_parent=unit.parent_name,
        issuing_unit=unit.name,
        unit_code=unit.code,
        signer_title=unit.signer_title,
        signer_name=unit.signer_name,
        place=unit.place,
        recipients=tuple(agency_in(r.agency, window_for(consultation, r)) for r in recipients),
        clauses=tuple(ClauseIn(*row) for row in clauses),
        replies=tuple(reply_in(reply) for reply in replies),
        comments=tuple(CommentIn(*row) for row in comments),
        dispositions=tuple(
            DispositionIn(id_, decision.value if decision else None, explanation)
            for id_, decision, explanation in dispositions
        ),
    )


def synthesis_for(
    consultation: Consultation,
    *,
    on: date,
    hide_uncommented: bool = False,
    with_previous: bool | None = None,
    user=None,
    now: datetime | None = None,
    page: slice | None = None,
) -> Synthesis:
    """The synthesis, with part II (the previous round's comments) for a later round: see previous_round_of.

    ``page``: only those rows of the table are built (compile_synthesis), the figures stay the whole table's.
    """
    synthesis = compile_synthesis(
        load_consultation_in(consultation),
        hide_uncommented=hide_uncommented,
        generated_on=on,
        now=now or clock.now_utc(),  # who is silent and who may still reply, as the tracking page says now
        page=page,
    )
    section = previous_round_of(consultation, include=with_previous, user=user)
    return replace(synthesis, previous_round=section) if section is not None else synthesis


def previous_round_of(consultation: Consultation, *, include: bool | None = None, user=None) -> PreviousRound | None:
    """How the previous round's comments were handled, from the carry-over page's own rows.

    None for a first round and when the team leaves it out (``include`` False); by default (None) the part is
    there when the previous round had comments. Computing the rows may store the clause mapping (it flushes):
    a view that calls this commits.
    """
    previous = consultation.previous
    if previous is None or include is False:
        return None
    version = consultation.draft_version
    rows = carryover_loading.carryover_rows(previous, version, user=user)
    if include is None and not rows:
        return None
    return PreviousRound(carryover_loading.carryover_title(previous, version), tuple(rows), consultation.round_number)


# --- the team's working view: groups of comments with their dispositions ------------------------------------------


@dataclass
class GroupComment:
    comment: Comment
    reply: Reply

    @property
    def agency(self) -> Agency:
        return self.reply.recipient.agency

    @property
    def is_used(self) -> bool:
        return not self.reply.is_late or self.reply.is_used


@dataclass
class Group:
    """One disposition (or one comment not grouped yet) with its comments, agencies in alphabetical order."""

    disposition: Disposition | None
    clause: Clause | None
    comments: list[GroupComment] = field(default_factory=list)

    @property
    def is_used(self) -> bool:
        return any(item.is_used for item in self.comments)

    @property
    def is_decided(self) -> bool:
        return self.disposition is not None and self.disposition.decision is not None

    @property
    def agencies(self) -> list[Agency]:
        return list(dict.fromkeys(item.agency for item in self.comments))


def load_groups(consultation: Consultation) -> list[Group]:
    """Groups in the draft's order (general comments first), each group's comments by agency name."""
    clauses = clauses_of(consultation)
    order = {clause.id: index for index, clause in enumerate(clauses, start=1)}
    by_id = {clause.id: clause for clause in clauses}
    dispositions = {d.id: d for d in dispositions_of(consultation)}
    groups: dict[tuple, Group] = {}
    for reply in submitted_replies(consultation):
        for comment in reply.comments:
            key = ("d", comment.disposition_id) if comment.disposition_id else ("c", comment.id)
            group = groups.setdefault(
                key, Group(dispositions.get(comment.disposition_id), by_id.get(comment.clause_id))
            )
            group.comments.append(GroupComment(comment, reply))
    keys: dict[int, tuple] = {}  # an agency's sort key, computed once (not once per comment)
    for group in groups.values():
        for item in group.comments:
            if item.agency.id not in keys:
                keys[item.agency.id] = item.agency.sort_key
        group.comments.sort(key=lambda item: (keys[item.agency.id], item.comment.id))
    return sorted(groups.values(), key=lambda g: (order.get(g.clause.id, 0) if g.clause else 0, _first_id(g)))


def group_of(disposition: Disposition) -> Group:
    """One group alone, as load_groups gives it (the answer to decisions.js after a save)."""
    return _groups_of([disposition], {disposition.id: disposition.clause_id})[0]


def _groups_of(dispositions: list[Disposition], clause_ids: dict[int, int | None]) -> list[Group]:
    """The groups of ``dispositions`` (in that order) with their comments, in three queries whatever their number."""
    ids = [disposition.id for disposition in dispositions]
    comments = db.session.scalars(
        sa.select(Comment)
        .join(Reply, Reply.id == Comment.reply_id)
        .where(Comment.disposition_id.in_(ids), Reply.status == ReplyStatus.SUBMITTED)
        .options(orm.joinedload(Comment.reply).joinedload(Reply.recipient).joinedload(Recipient.agency))
    ).all()
    wanted = {clause_id for clause_id in clause_ids.values() if clause_id is not None}
    clauses = {c.id: c for c in db.session.scalars(sa.select(Clause).where(Clause.id.in_(wanted)))} if wanted else {}
    groups = {d.id: Group(d, clauses.get(clause_ids.get(d.id))) for d in dispositions}
    for comment in comments:
        groups[comment.disposition_id].comments.append(GroupComment(comment, comment.reply))
    for group in groups.values():
        group.comments.sort(key=lambda item: (item.agency.sort_key, item.comment.id))
    return list(groups.values())


@dataclass(slots=True)  # one per group, thousands per page: no __dict__ each
class GroupEntry:
    """A group as the dispositions page lists, filters and counts it: ids and flags, no text, no ORM objects."""

    disposition_id: int
    clause_id: int | None
    is_decided: bool
    assigned_to_id: int | None
    items: list[tuple[int, int]] = field(default_factory=list)  # (agency id, comment id) of each comment
    used_comments: int = 0  # comments the synthesis uses (not those of a late reply left out)

    @property
    def is_used(self) -> bool:
        return self.used_comments > 0

    @property
    def agency_ids(self) -> set[int]:
        return {agency_id for agency_id, _ in self.items}


def group_index(consultation: Consultation) -> list[GroupEntry]:
    """The consultation's groups in load_groups' order (draft order, general comments first), read as plain rows.

    A draft of thousands of clauses with 10,000 comments would otherwise be loaded as objects to show 50 groups:
    the page lists and counts from this index and loads the shown groups alone (groups_for).
    """
    order = {
        clause_id: index
        for index, clause_id in enumerate(
            db.session.scalars(
                sa.select(Clause.id).where(Clause.version_id == consultation.draft_version_id).order_by(Clause.position)
            ),
            start=1,
        )
    }
    rows = db.session.execute(
        sa.select(
            Comment.id,
            Comment.disposition_id,
            Comment.clause_id,
            Recipient.agency_id,
            sa.or_(Reply.is_late.is_(False), Reply.is_used.is_(True)),
            Disposition.decision.is_not(None),
            Disposition.assigned_to_id,
        )
        .join(Reply, Comment.reply_id == Reply.id)
        .join(Recipient, Reply.recipient_id == Recipient.id)
        .join(Disposition, Disposition.id == Comment.disposition_id)
        .where(
            Recipient.consultation_id == consultation.id,
            Reply.status == ReplyStatus.SUBMITTED,
            Disposition.consultation_id == consultation.id,
        )
        .order_by(Reply.id, Comment.id)  # as load_groups reads them: a group's clause is its first comment's
    ).tuples()
    entries: dict[int, GroupEntry] = {}
    for comment_id, disposition_id, clause_id, agency_id, is_used, is_decided, assigned_to_id in rows:
        entry = entries.get(disposition_id)
        if entry is None:
            entry = entries[disposition_id] = GroupEntry(
                disposition_id, clause_id if clause_id in order else None, bool(is_decided), assigned_to_id
            )
        entry.items.append((agency_id, comment_id))
        entry.used_comments += 1 if is_used else 0
    return sorted(entries.values(), key=lambda e: (order.get(e.clause_id, 0), e.disposition_id))


def groups_for(entries: list[GroupEntry]) -> list[Group]:
    """The full groups of ``entries`` (a page of the index), in the same order."""
    if not entries:
        return []
    dispositions = {
        d.id: d
        for d in db.session.scalars(
            sa.select(Disposition).where(Disposition.id.in_([e.disposition_id for e in entries]))
        )
    }
    return _groups_of(
        [dispositions[e.disposition_id] for e in entries], {e.disposition_id: e.clause_id for e in entries}
    )


def _first_id(group: Group) -> int:
    return group.disposition.id if group.disposition else min(item.comment.id for item in group.comments)


def received_letters(consultation: Consultation) -> list[Reply]:
    """Every submitted reply, for the list of letters received (with their signature verdicts)."""
    # The list needs no comments: loading 10,000 of them again would double the synthesis page's time.
    replies = submitted_replies(consultation, with_comments=False)
    return sorted(replies, key=lambda reply: reply.recipient.agency.sort_key)


def late_replies(consultation: Consultation) -> list[Reply]:
    replies = db.session.scalars(
        sa.select(Reply)
        .join(Recipient)
        .where(
            Recipient.consultation_id == consultation.id,
            Reply.status == ReplyStatus.SUBMITTED,
            Reply.is_late.is_(True),
        )
        .options(selectinload(Reply.recipient).joinedload(Recipient.agency))
    ).all()
    return sorted(replies, key=lambda reply: reply.recipient.agency.sort_key)
