"""How each round-1 comment was handled and which clause(s) of the revised draft it concerns now.

"Tình hình tiếp thu, giải trình ý kiến lần 1": for every comment of a SUBMITTED round-1 reply, the team's
decision and explanation (its disposition), and through the clause links the clause(s) it now concerns with
their new text. Pure: the caller reads the database into these dataclasses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from commentsvc.core.text import vietnamese_sort_key
from commentsvc.revisions.comparison import RELATION_LABELS, ClauseText, LinkRow

UNDECIDED = "Chưa xử lý"
GENERAL = "Ý kiến chung về dự thảo"
DROPPED = "Đã bỏ trong dự thảo sửa đổi"


@dataclass(frozen=True)
class CommentIn:
    """A round-1 comment with its agency and its disposition (decision already as its Vietnamese label)."""

    id: int
    agency_id: int
    agency_name: str
    clause_id: int | None
    text: str
    proposed_wording: str = ""
    decision: str | None = None
    explanation: str = ""
    is_submitted: bool = True


@dataclass(frozen=True)
class CarryRow:
    comment_id: int
    agency_id: int
    agency_name: str
    old: ClauseText | None  # None: a comment on the draft as a whole
    text: str
    proposed_wording: str
    decision: str
    explanation: str
    relation: str  # how the old clause went into the new version; "" for a general comment
    targets: tuple[ClauseText, ...]

    @property
    def old_citation(self) -> str:
        return self.old.citation if self.old is not None else GENERAL

    @property
    def relation_label(self) -> str:
        return RELATION_LABELS.get(self.relation, "")

    @property
    def new_citation(self) -> str:
        if self.old is None:
            return GENERAL
        if not self.targets:
            return DROPPED
        return ", ".join(target.citation for target in self.targets)


def carry_over(
    comments: Iterable[CommentIn], old_clauses: dict[int, ClauseText], links: Iterable[LinkRow]
) -> list[CarryRow]:
    """One row per comment of a submitted reply, in the old draft's order (general comments first), then agency."""
    targets, relations = _where_clauses_went(links)
    rows = [_row(comment, old_clauses, targets, relations) for comment in comments if comment.is_submitted]
    return sorted(rows, key=_order)


def _where_clauses_went(links: Iterable[LinkRow]) -> tuple[dict[int, list[ClauseText]], dict[int, str]]:
    targets: dict[int, list[ClauseText]] = defaultdict(list)
    relations: dict[int, str] = {}
    for link in links:
        if link.old is None:
            continue
        relations.setdefault(link.old.id, link.relation)
        if link.new is not None and link.new not in targets[link.old.id]:
            targets[link.old.id].append(link.new)
    return targets, relations


def _row(comment: CommentIn, old_clauses, targets, relations) -> CarryRow:
    old = old_clauses.get(comment.clause_id) if comment.clause_id is not None else None
    went = sorted(targets.get(comment.clause_id, []), key=lambda clause: clause.position) if old else []
    return CarryRow(
        comment_id=comment.id,
        agency_id=comment.agency_id,
        agency_name=comment.agency_name,
        old=old,
        text=comment.text,
        proposed_wording=comment.proposed_wording,
        decision=comment.decision or UNDECIDED,
        explanation=comment.explanation,
        relation=relations.get(comment.clause_id, "deleted") if old else "",
        targets=tuple(went),
    )


def _order(row: CarryRow) -> tuple:
    position = row.old.position if row.old is not None else -1
    return position, vietnamese_sort_key(row.agency_name), row.comment_id


def for_agency(rows: Iterable[CarryRow], agency_id: int) -> list[CarryRow]:
    """Only this agency's own comments: an agency never sees another's."""
    return [row for row in rows if row.agency_id == agency_id]
