"""What the team reads about a revision: the mapping rows in the revised order, and the changes with word diffs.

Pure: plain dataclasses in, plain dataclasses out (the views and the DOCX export share them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from commentsvc.revisions.wordiff import Segment, diff_words

RELATION_LABELS = {
    "same": "Giữ nguyên",
    "renumbered": "Đánh số lại",
    "changed": "Sửa đổi",
    "moved": "Chuyển vị trí",
    "split": "Tách",
    "merged": "Gộp",
    "deleted": "Đã bỏ",
    "new": "Bổ sung mới",
}
# Relations whose text is unchanged (a renumbered clause differs only by its label).
UNCHANGED = frozenset({"same", "renumbered"})


@dataclass(frozen=True)
class ClauseText:
    id: int
    position: int
    ref: str
    label: str
    text: str
    parent_id: int | None = None

    @property
    def citation(self) -> str:
        return self.ref or self.label or f"Mục {self.position + 1}"


@dataclass(frozen=True)
class LinkRow:
    """One stored link with both clauses; ``id`` is the link's row id."""

    id: int
    old: ClauseText | None
    new: ClauseText | None
    relation: str
    similarity: float
    is_manual: bool = False


@dataclass(frozen=True)
class Change:
    """Old clause(s) and what became of them; several on a side for a split or a merge."""

    olds: tuple[ClauseText, ...]
    news: tuple[ClauseText, ...]
    relation: str
    segments: tuple[Segment, ...]

    @property
    def old_citation(self) -> str:
        return ", ".join(clause.citation for clause in self.olds)

    @property
    def new_citation(self) -> str:
        return ", ".join(clause.citation for clause in self.news)

    @property
    def is_changed(self) -> bool:
        return self.relation not in UNCHANGED


def in_display_order(rows: Iterable[LinkRow]) -> list[LinkRow]:
    """Revised order; a deleted clause right after the counterpart of the old clause before it."""
    rows = list(rows)
    image: dict[int, int] = {}
    for row in rows:
        if row.old is not None and row.new is not None:
            image[row.old.id] = min(image.get(row.old.id, row.new.position), row.new.position)
    olds = sorted({row.old.id: row.old for row in rows if row.old is not None}.values(), key=lambda c: c.position)
    place: dict[int, float] = {}
    last = -1.0
    for clause in olds:
        if clause.id in image:
            last = float(image[clause.id])
        place[clause.id] = last if clause.id in image else last + 0.5

    def key(row: LinkRow) -> tuple[float, int]:
        where = float(row.new.position) if row.new is not None else place[row.old.id]
        return where, row.old.position if row.old is not None else -1

    return sorted(rows, key=key)


def changes(rows: Iterable[LinkRow]) -> list[Change]:
    """One change per group of linked clauses (a split's pieces together), in the revised order."""
    ordered = in_display_order(rows)
    groups = _components(ordered)
    result = []
    for members in groups:
        olds = _unique(row.old for row in members)
        news = _unique(row.new for row in members)
        relation = members[0].relation if len(members) == 1 else _group_relation(olds, news)
        old_text = "\n".join(clause.text for clause in olds)
        new_text = "\n".join(clause.text for clause in news)
        result.append(Change(olds, news, relation, tuple(diff_words(old_text, new_text))))
    return result


def _components(ordered: list[LinkRow]) -> list[list[LinkRow]]:
    """Rows sharing an old or a new clause, grouped; groups ordered by their first row."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for row in ordered:
        if row.old is not None and row.new is not None:
            parent[find(("old", row.old.id))] = find(("new", row.new.id))
    groups: dict[tuple[str, int], list[LinkRow]] = defaultdict(list)
    for row in ordered:
        node = ("old", row.old.id) if row.old is not None else ("new", row.new.id)
        groups[find(node)].append(row)
    return list(groups.values())  # dicts keep insertion order: the first row's place


def _unique(clauses: Iterable[ClauseText | None]) -> tuple[ClauseText, ...]:
    found = {clause.id: clause for clause in clauses if clause is not None}
    return tuple(sorted(found.values(), key=lambda clause: clause.position))


def _group_relation(olds: tuple, news: tuple) -> str:
    return "split" if len(olds) == 1 and len(news) > 1 else "merged"


def only_changed(items: Iterable[Change]) -> list[Change]:
    return [item for item in items if item.is_changed]
