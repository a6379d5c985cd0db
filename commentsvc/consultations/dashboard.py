"""The team's home page: what needs action now, every figure counted by query (no rows loaded to count them).

Open consultations with days left, replies received / expected, agencies past their own deadline, extensions running;
ended ones with decisions left; drafts of consultations not sent yet. No Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from commentsvc.consultations import queries, rules
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
from commentsvc.core.db import db
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.synthesis.models import Disposition


@dataclass(frozen=True)
class HomeRow:
    consultation: Consultation
    phase: rules.Phase
    remaining: timedelta
    expected: int
    received: int
    overdue: int  # recipients past their own deadline without a submitted reply
    extensions: int  # recipients whose own later deadline has not passed yet
    comments: int
    undecided_groups: int
    undecided_comments: int


@dataclass(frozen=True)
class TeamHome:
    open: list[HomeRow]  # taking comments now (or scheduled)
    to_decide: list[HomeRow]  # past the deadline or closed, with comments not yet decided
    unsent: list[Consultation]


def _by_consultation(query) -> dict[int, int]:
    return dict(db.session.execute(query).tuples().all())


def team_home(unit_id: int, now: datetime) -> TeamHome:
    consultations = db.session.scalars(
        sa.select(Consultation)
        .where(Consultation.drafting_unit_id == unit_id)
        .order_by(Consultation.deadline_at, Consultation.id)
    ).all()
    ids = [c.id for c in consultations if c.status is not ConsultationStatus.DRAFT]
    counts = _counts(ids, now)
    open_rows, to_decide = [], []
    for consultation in consultations:
        if consultation.status is ConsultationStatus.DRAFT:
            continue
        phase = rules.phase(queries.window_for(consultation), now)
        row = HomeRow(consultation, phase, consultation.deadline_at - now, *(c.get(consultation.id, 0) for c in counts))
        if phase in (rules.Phase.OPEN, rules.Phase.SCHEDULED):
            open_rows.append(row)
        elif row.undecided_comments or row.undecided_groups or row.overdue or row.extensions:
            to_decide.append(row)
    unsent = [c for c in consultations if c.status is ConsultationStatus.DRAFT]
    return TeamHome(open_rows, to_decide, unsent)


def _counts(ids: list[int], now: datetime) -> list[dict[int, int]]:
    """Per consultation, in HomeRow's order: expected, received, overdue, extensions, comments, undecided groups,
    undecided comments."""
    if not ids:
        return [{}] * 7
    of = Recipient.consultation_id
    submitted = sa.and_(Reply.recipient_id == Recipient.id, Reply.status == ReplyStatus.SUBMITTED)
    own_deadline = sa.func.coalesce(Recipient.extended_until, Consultation.deadline_at)
    expected = sa.select(of, sa.func.count()).where(of.in_(ids)).group_by(of)
    received = sa.select(of, sa.func.count()).join(Reply, submitted).where(of.in_(ids)).group_by(of)
    overdue = (
        sa.select(of, sa.func.count())
        .join(Consultation, Consultation.id == of)
        .outerjoin(Reply, submitted)
        .where(of.in_(ids), Reply.id.is_(None), own_deadline < now, Consultation.status == ConsultationStatus.OPEN)
        .group_by(of)
    )
    extensions = (
        sa.select(of, sa.func.count())
        .outerjoin(Reply, submitted)
        .where(of.in_(ids), Recipient.extended_until > now, Reply.id.is_(None))
        .group_by(of)
    )
    comments_of = (
        sa.select(of, sa.func.count())
        .select_from(Comment)
        .join(Reply, Reply.id == Comment.reply_id)
        .join(Recipient, Recipient.id == Reply.recipient_id)
        .where(of.in_(ids), Reply.status == ReplyStatus.SUBMITTED, Reply.is_used.is_(True))
    )
    comments = comments_of.group_by(of)
    undecided_comments = (
        comments_of.outerjoin(Disposition, Disposition.id == Comment.disposition_id)
        .where(Disposition.decision.is_(None))
        .group_by(of)
    )
    undecided_groups = (
        sa.select(Disposition.consultation_id, sa.func.count())
        .where(Disposition.consultation_id.in_(ids), Disposition.decision.is_(None))
        .group_by(Disposition.consultation_id)
    )
    queries_in_order = (expected, received, overdue, extensions, comments, undecided_groups, undecided_comments)
    return [_by_consultation(query) for query in queries_in_order]


@dataclass(frozen=True)
class CommentCounts:
    """Submitted comments of one consultation counted by the database: per outline entry of the draft (an article
    counts what its khoản and điểm got), per agency group and per agency."""

    total: int
    by_entry: list  # reading.OutlineEntry, in the draft's order
    by_group: list[tuple[str, int]]
    by_agency: list[tuple[str, int]]


def comment_counts(consultation: Consultation) -> CommentCounts:
    from commentsvc.agencies.models import Agency
    from commentsvc.drafts.models import Clause
    from commentsvc.responses import reading

    submitted = (
        sa.select(sa.func.count())
        .select_from(Comment)
        .join(Reply, Reply.id == Comment.reply_id)
        .join(Recipient, Recipient.id == Reply.recipient_id)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
    )
    by_clause = submitted.add_columns(Comment.clause_id).group_by(Comment.clause_id)
    per_clause = {clause_id: count for count, clause_id in db.session.execute(by_clause)}
    agencies = db.session.execute(
        submitted.add_columns(Agency.name, Agency.group)
        .join(Agency, Agency.id == Recipient.agency_id)
        .group_by(Agency.id, Agency.name, Agency.group)
    ).all()
    # The outline titles only its headings: a khoản's or điểm's text (nine units in ten) is not read.
    is_heading = Clause.kind.in_(sorted(reading.OUTLINE_KINDS))
    heading_text = sa.case((is_heading, Clause.text), else_=sa.literal("")).label("text")
    clauses = db.session.execute(
        sa.select(Clause.id, Clause.kind, Clause.depth, Clause.parent_id, Clause.ref, heading_text)
        .where(Clause.version_id == consultation.draft_version_id)
        .order_by(Clause.position)
    ).all()
    groups: dict[str, int] = {}
    for count, _name, group in agencies:
        groups[group.label] = groups.get(group.label, 0) + count
    entries = [e for e in reading.outline(clauses, {k: v for k, v in per_clause.items() if k}) if e.comment_count]
    return CommentCounts(
        sum(per_clause.values()),
        entries,
        sorted(groups.items(), key=lambda item: -item[1]),
        sorted(((name, count) for count, name, _group in agencies), key=lambda item: -item[1]),
    )
