"""The agency's reading page as a document: its outline, comment counts per outline entry, the filters, and runs of
table rows shown as tables. Pure: takes clause-like rows (id, kind, depth, parent_id, ref, text), no Flask."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Units that open a place in the outline (annexes and the forms they hold among them).
OUTLINE_KINDS = frozenset({"part", "chapter", "section", "subsection", "article", "heading", "annex", "form"})
# Units shown as a heading of the document, with the HTML heading level under the page's h2 "Nội dung dự thảo".
HEADING_LEVELS = {
    "annex": 3,
    "part": 3,
    "chapter": 3,
    "heading": 3,
    "form": 4,
    "section": 4,
    "subsection": 4,
    "article": 4,
}
ROW_KINDS = frozenset({"table_row"})
CELL_SEPARATOR = " | "  # how the splitter joins the cells of a table row (drafts/structure.py)


@dataclass
class OutlineEntry:
    clause_id: int
    depth: int
    title: str
    comment_count: int = 0


@dataclass
class Block:
    """What the page renders in order: one unit, or a run of table rows (``rows``) shown as one table."""

    clause: object | None = None
    rows: list = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def title_of(clause) -> str:
    """The outline's words for a unit: its first line ("Điều 5. Phạm vi…", "Chương II"), cut short."""
    first = (clause.text or "").split("\n", 1)[0].strip() or clause.ref
    return first if len(first) <= 90 else first[:88].rsplit(" ", 1)[0] + "…"


def outline(clauses: Sequence, counts: dict[int, int]) -> list[OutlineEntry]:
    """The outline entries in order; each counts the comments on it and on every unit inside it."""
    entries = {c.id: OutlineEntry(c.id, 0, title_of(c)) for c in clauses if c.kind in OUTLINE_KINDS}
    # Each unit's chain of outline entries from the top down to itself, worked out once per unit: walking up from
    # every counted unit again was most of the team's consultation page (3,000 units, 10,000 comments).
    parent_of = {clause.id: clause.parent_id for clause in clauses}
    chains: dict[int | None, tuple[int, ...]] = {None: ()}

    def chain(clause_id: int | None) -> tuple[int, ...]:
        pending = []
        while clause_id not in chains:
            pending.append(clause_id)
            parent = parent_of.get(clause_id)
            clause_id = parent if parent in parent_of else None
        found = chains[clause_id]
        for unit in reversed(pending):
            found = chains[unit] = found + (unit,) if unit in entries else found
        return found

    for clause_id, count in counts.items():
        if clause_id in parent_of:
            for entry_id in chain(clause_id):
                entries[entry_id].comment_count += count
    for entry_id, entry in entries.items():
        entry.depth = min(len(chain(entry_id)) - 1, 3)
    return [entries[c.id] for c in clauses if c.id in entries]


def with_context(clauses: Sequence, keep: set[int]) -> list:
    """The clauses in ``keep`` and the units that contain them (the article and chapter around a kept khoản)."""
    by_id = {clause.id: clause for clause in clauses}
    shown = set()
    for clause_id in keep:
        current = by_id.get(clause_id)
        while current is not None and current.id not in shown:
            shown.add(current.id)
            current = by_id.get(current.parent_id)
    return [clause for clause in clauses if clause.id in shown]


def blocks(clauses: Iterable) -> list[Block]:
    """Units in order, consecutive table rows gathered into one block each."""
    out: list[Block] = []
    for clause in clauses:
        if clause.kind in ROW_KINDS:
            if out and out[-1].is_table:
                out[-1].rows.append(clause)
            else:
                out.append(Block(rows=[clause]))
        else:
            out.append(Block(clause=clause))
    return out


def cells(clause) -> list[str]:
    return clause.text.split(CELL_SEPARATOR)


def paragraphs(clause) -> list[str]:
    return [line for line in clause.text.split("\n") if line.strip()] or [""]
