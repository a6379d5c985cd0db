"""Search queries on the database's own full-text index (no Flask). The index itself is made by migrations
0003_search (FTS5 tables kept in step by triggers on SQLite) and 0018_search_vectors (on PostgreSQL, a generated
tsvector column per table, ``search_fts``, with a GIN index).

A hit is a clause of the consulted draft, a comment (its text and proposed wording together) or a group's
explanation. The team sees submitted comments only; an agency sees the drafts it was consulted on and its own
comments, never another agency's nor the team's explanations.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import orm

from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
from commentsvc.core.db import db
from commentsvc.drafts.models import Clause
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.search.text import Query
from commentsvc.synthesis.models import Decision, Disposition

KINDS = {"clause": "Nội dung dự thảo", "comment": "Ý kiến góp ý", "explanation": "Giải trình của cơ quan soạn thảo"}
UNDECIDED = "none"
MAX_MATCHES = 1_000_000


@dataclass(frozen=True)
class Filters:
    """The team's filters; ``clause`` also takes in what the clause contains (an article and its khoản, điểm)."""

    kind: str | None = None
    agency_id: int | None = None
    group: AgencyGroup | None = None
    clause: Clause | None = None
    decision: str | None = None  # a Decision value, or UNDECIDED

    @property
    def narrows_comments(self) -> bool:
        """Filters that only comments and explanations have: clause hits are left out under them."""
        return bool(self.agency_id or self.group or self.decision)


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    consultation_id: int
    score: float


@dataclass(frozen=True)
class Page:
    hits: list[Hit]
    total: int


def _matching(select, table: str, id_column, query: Query):
    """``select`` narrowed to the rows of ``table`` matching ``query``, with their score (higher: better) added."""
    if db.engine.dialect.name == "postgresql":
        # The row's stored vector (migration 0018_search_vectors), GIN-indexed: neither the match nor the rank
        # computes to_tsvector(search_fold(...)) again.
        vector = sa.literal_column(f"{table}.search_fts")
        tsquery = sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), sa.func.search_fold(query.tsquery()))
        return select.where(vector.op("@@")(tsquery)).add_columns(sa.func.ts_rank(vector, tsquery).label("s"))
    fts = sa.table(f"{table}_fts", sa.column("rowid"))
    matched = (
        sa.select(fts.c.rowid.label("id"), (-sa.func.bm25(sa.literal_column(fts.name))).label("s"))
        .where(sa.literal_column(fts.name).op("MATCH")(query.fts5()))
        # A LIMIT keeps SQLite from flattening the subquery into the join: the index finds the matches first,
        # instead of being asked row by row of the source table.
        .limit(MAX_MATCHES)
        .subquery(f"{table}_matched")
    )
    return select.join(matched, matched.c.id == id_column).add_columns(matched.c.s)


def _within(clause_column, clause: Clause):
    """Conditions: ``clause_column`` is ``clause`` or a unit inside it (positions up to the next unit as high)."""
    end = db.session.scalar(
        sa.select(sa.func.min(Clause.position)).where(
            Clause.version_id == clause.version_id, Clause.position > clause.position, Clause.depth <= clause.depth
        )
    )
    inside = sa.select(Clause.id).where(Clause.version_id == clause.version_id, Clause.position >= clause.position)
    if end is not None:
        inside = inside.where(Clause.position < end)
    return clause_column.in_(inside)


def _decided(decision_column, decision: str):
    return decision_column.is_(None) if decision == UNDECIDED else decision_column == Decision(decision)


def _clause_hits(consultation: Consultation, query: Query, filters: Filters):
    select = sa.select(sa.literal("clause").label("kind"), Clause.id, sa.literal(consultation.id)).select_from(Clause)
    select = _matching(select, "clauses", Clause.id, query).where(Clause.version_id == consultation.draft_version_id)
    if filters.clause is not None:
        select = select.where(_within(Clause.id, filters.clause))
    return select


def _comment_hits(consultation: Consultation, query: Query, filters: Filters):
    select = sa.select(sa.literal("comment").label("kind"), Comment.id, sa.literal(consultation.id))
    select = (
        _matching(select.select_from(Comment), "comments", Comment.id, query)
        .join(Reply, Reply.id == Comment.reply_id)
        .join(Recipient, Recipient.id == Reply.recipient_id)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
    )
    if filters.agency_id:
        select = select.where(Recipient.agency_id == filters.agency_id)
    if filters.group:
        select = select.join(Agency, Agency.id == Recipient.agency_id).where(Agency.group == filters.group)
    if filters.clause is not None:
        select = select.where(_within(Comment.clause_id, filters.clause))
    if filters.decision:
        select = select.outerjoin(Disposition, Disposition.id == Comment.disposition_id)
        select = select.where(_decided(Disposition.decision, filters.decision))
    return select


def _explanation_hits(consultation: Consultation, query: Query, filters: Filters):
    select = sa.select(sa.literal("explanation").label("kind"), Disposition.id, sa.literal(consultation.id))
    select = _matching(select.select_from(Disposition), "dispositions", Disposition.id, query)
    select = select.where(Disposition.consultation_id == consultation.id)
    if filters.clause is not None:
        select = select.where(_within(Disposition.clause_id, filters.clause))
    if filters.decision:
        select = select.where(_decided(Disposition.decision, filters.decision))
    if filters.agency_id or filters.group:
        of_agency = (
            sa.select(Comment.disposition_id)
            .join(Reply, Reply.id == Comment.reply_id)
            .join(Recipient, Recipient.id == Reply.recipient_id)
            .join(Agency, Agency.id == Recipient.agency_id)
            .where(Recipient.consultation_id == consultation.id, Comment.disposition_id.is_not(None))
        )
        if filters.agency_id:
            of_agency = of_agency.where(Agency.id == filters.agency_id)
        if filters.group:
            of_agency = of_agency.where(Agency.group == filters.group)
        select = select.where(Disposition.id.in_(of_agency))
    return select


def team_search(consultation: Consultation, query: Query, *, filters: Filters, limit: int, offset: int) -> Page:
    """The team's search across one consultation: its draft's clauses, submitted comments, explanations."""
    if not query:
        return Page([], 0)
    builders = {"clause": _clause_hits, "comment": _comment_hits, "explanation": _explanation_hits}
    if filters.narrows_comments:
        builders.pop("clause")
    if filters.kind in builders:
        builders = {filters.kind: builders[filters.kind]}
    selects = [build(consultation, query, filters) for build in builders.values()]
    return _page(selects, limit, offset)


def agency_search(agency_id: int, query: Query, *, limit: int, offset: int) -> Page:
    """An agency's search: the drafts of the consultations sent to it, and its own comments (drafted or sent)."""
    if not query:
        return Page([], 0)
    sent = sa.and_(Recipient.agency_id == agency_id, Consultation.status != ConsultationStatus.DRAFT)
    clauses = sa.select(sa.literal("clause").label("kind"), Clause.id, Consultation.id).select_from(Clause)
    clauses = (
        _matching(clauses, "clauses", Clause.id, query)
        .join(Consultation, Consultation.draft_version_id == Clause.version_id)
        .join(Recipient, Recipient.consultation_id == Consultation.id)
        .where(sent)
    )
    comments = sa.select(sa.literal("comment").label("kind"), Comment.id, Consultation.id).select_from(Comment)
    comments = (
        _matching(comments, "comments", Comment.id, query)
        .join(Reply, Reply.id == Comment.reply_id)
        .join(Recipient, Recipient.id == Reply.recipient_id)
        .join(Consultation, Consultation.id == Recipient.consultation_id)
        .where(sent)
    )
    return _page([clauses, comments], limit, offset)


def _page(selects: list, limit: int, offset: int) -> Page:
    union = sa.union_all(*selects).subquery()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(union))
    rows = db.session.execute(
        sa.select(union).order_by(union.c.s.desc(), union.c.kind, union.c[1]).limit(limit).offset(offset)
    ).all()
    return Page([Hit(row[0], row[1], row[2], float(row[3])) for row in rows], total or 0)


@dataclass(frozen=True)
class Loaded:
    """The rows behind a page of hits, by kind and id."""

    clauses: dict[int, Clause]
    comments: dict[int, Comment]
    dispositions: dict[int, Disposition]
    consultations: dict[int, Consultation]


def load(hits: list[Hit]) -> Loaded:
    def ids(kind: str) -> list[int]:
        return [hit.id for hit in hits if hit.kind == kind]

    comments = db.session.scalars(
        sa.select(Comment)
        .where(Comment.id.in_(ids("comment")))
        .options(orm.joinedload(Comment.reply).joinedload(Reply.recipient), orm.joinedload(Comment.clause))
    )
    dispositions = list(db.session.scalars(sa.select(Disposition).where(Disposition.id.in_(ids("explanation")))))
    clause_ids = ids("clause") + [d.clause_id for d in dispositions if d.clause_id]
    clauses = db.session.scalars(sa.select(Clause).where(Clause.id.in_(clause_ids)))
    consultations = db.session.scalars(
        sa.select(Consultation).where(Consultation.id.in_({hit.consultation_id for hit in hits}))
    )
    return Loaded(
        {c.id: c for c in clauses},
        {c.id: c for c in comments.unique()},
        {d.id: d for d in dispositions},
        {c.id: c for c in consultations},
    )
