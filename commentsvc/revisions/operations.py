"""Verbs on the clause mapping between two versions of a draft: compute and store it, correct it by hand.

The links are stored in ``clause_links`` (one row per edge, see mapping.Link). Every clause of either version is
covered by at least one link; the verbs keep it so. Flush, audit, never commit.
"""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.drafts.models import Clause, DraftVersion
from commentsvc.revisions.comparison import RELATION_LABELS, ClauseText, LinkRow, in_display_order
from commentsvc.revisions.mapping import ClauseRef, map_versions, summarise
from commentsvc.revisions.models import ClauseLink


def clause_refs(version: DraftVersion) -> list[ClauseRef]:
    rows = db.session.execute(
        sa.select(Clause.id, Clause.position, Clause.kind, Clause.label, Clause.ref, Clause.text, Clause.parent_id)
        .where(Clause.version_id == version.id)
        .order_by(Clause.position)
    )
    return [ClauseRef(*row) for row in rows]


def _check_pair(old_version: DraftVersion, new_version: DraftVersion) -> None:
    if old_version.draft_id != new_version.draft_id or old_version.number >= new_version.number:
        raise UserError("Chỉ so sánh được một phiên bản với phiên bản sau của cùng dự thảo.", 404)


def _pair(old_version: DraftVersion, new_version: DraftVersion):
    return sa.and_(ClauseLink.old_version_id == old_version.id, ClauseLink.new_version_id == new_version.id)


def stored_links(old_version: DraftVersion, new_version: DraftVersion) -> list[ClauseLink]:
    """The stored links of the pair, in the order they were written (link_rows puts them in display order)."""
    query = sa.select(ClauseLink).where(_pair(old_version, new_version)).order_by(ClauseLink.id)
    return list(db.session.scalars(query))


def map_and_store(old_version: DraftVersion, new_version: DraftVersion, *, user=None) -> list[ClauseLink]:
    """Compute the mapping and replace whatever was stored for this pair (hand corrections included)."""
    _check_pair(old_version, new_version)
    links = map_versions(clause_refs(old_version), clause_refs(new_version))
    db.session.execute(sa.delete(ClauseLink).where(_pair(old_version, new_version)))
    rows = [
        ClauseLink(
            old_version_id=old_version.id,
            new_version_id=new_version.id,
            old_clause_id=link.old_id,
            new_clause_id=link.new_id,
            relation=link.relation,
            similarity=link.similarity,
        )
        for link in links
    ]
    db.session.add_all(rows)
    db.session.flush()
    audit.record("revisions.map", new_version, user=user, old_version=old_version.number, **summarise(links))
    return rows


def ensure_links(old_version: DraftVersion, new_version: DraftVersion, *, user=None) -> list[ClauseLink]:
    """The stored links, computed first when missing or stale (a version's split corrected since)."""
    _check_pair(old_version, new_version)
    links = stored_links(old_version, new_version)
    if links and _covers(links, old_version, new_version):
        return links
    return map_and_store(old_version, new_version, user=user)


def _covers(links: list[ClauseLink], old_version: DraftVersion, new_version: DraftVersion) -> bool:
    """Every clause of both versions, and nothing else, appears in some link."""
    old_ids = set(db.session.scalars(sa.select(Clause.id).where(Clause.version_id == old_version.id)))
    new_ids = set(db.session.scalars(sa.select(Clause.id).where(Clause.version_id == new_version.id)))
    linked_old = {link.old_clause_id for link in links} - {None}
    linked_new = {link.new_clause_id for link in links} - {None}
    return linked_old == old_ids and linked_new == new_ids


def correct_link(
    old_version: DraftVersion,
    new_version: DraftVersion,
    old_clause: Clause,
    new_clause: Clause | None,
    *,
    user=None,
) -> list[ClauseLink]:
    """By hand: ``old_clause`` now corresponds to ``new_clause`` alone, or was dropped ("đã bỏ") when None.

    New clauses left without any origin become "new"; a "new" link of ``new_clause`` goes. The result
    is marked is_manual and kept until the mapping is computed again.
    """
    links = ensure_links(old_version, new_version, user=user)
    _check_clauses(old_version, new_version, old_clause, new_clause)
    before = [(link.new_clause_id, link.relation) for link in links if link.old_clause_id == old_clause.id]
    doomed = [link for link in links if link.old_clause_id == old_clause.id or _is_new_of(link, new_clause)]
    kept = [link for link in links if link not in doomed]
    for link in doomed:
        db.session.delete(link)
    added = [_manual_link(old_version, new_version, old_clause, new_clause, kept)]
    added += _orphans_as_new(old_version, new_version, before, kept, new_clause)
    db.session.add_all(added)
    db.session.flush()
    audit.record(
        "revisions.link_correct",
        new_version,
        user=user,
        old_version=old_version.number,
        old_clause=old_clause.ref or old_clause.label,
        before=[_describe(clause_id, relation) for clause_id, relation in before],
        after=_describe(new_clause.id if new_clause else None, added[0].relation),
    )
    return stored_links(old_version, new_version)


def _check_clauses(old_version, new_version, old_clause: Clause, new_clause: Clause | None) -> None:
    if old_clause.version_id != old_version.id or (new_clause is not None and new_clause.version_id != new_version.id):
        raise UserError("Mục được chọn không thuộc phiên bản đang so sánh.", 404)


def _is_new_of(link: ClauseLink, new_clause: Clause | None) -> bool:
    return new_clause is not None and link.old_clause_id is None and link.new_clause_id == new_clause.id


def _manual_link(old_version, new_version, old_clause: Clause, new_clause: Clause | None, kept) -> ClauseLink:
    relation, similarity = "deleted", 0.0
    if new_clause is not None:
        relation, similarity = _relation(old_clause, new_clause, kept)
    return ClauseLink(
        old_version_id=old_version.id,
        new_version_id=new_version.id,
        old_clause_id=old_clause.id,
        new_clause_id=new_clause.id if new_clause else None,
        relation=relation,
        similarity=similarity,
        is_manual=True,
    )


def _relation(old_clause: Clause, new_clause: Clause, kept: list[ClauseLink]) -> tuple[str, float]:
    """The mapping's own verdict on this one pair, then "moved" when the parents do not correspond."""
    (link,) = map_versions([_ref(old_clause)], [_ref(new_clause)], threshold=0.0)
    parent_images = {k.new_clause_id for k in kept if k.old_clause_id == old_clause.parent_id}
    if old_clause.parent_id is not None and parent_images and new_clause.parent_id not in parent_images:
        return "moved", link.similarity
    return link.relation, link.similarity


def _ref(clause: Clause) -> ClauseRef:
    # Parents left out: alone, a pair must not be judged "moved" for lack of its parents' links.
    return ClauseRef(clause.id, clause.position, clause.kind, clause.label, clause.ref, clause.text)


def _orphans_as_new(old_version, new_version, before, kept, new_clause: Clause | None) -> list[ClauseLink]:
    """New clauses that lost their only origin in the correction become "new"."""
    still_linked = {link.new_clause_id for link in kept} | {getattr(new_clause, "id", None)}
    orphans = sorted({clause_id for clause_id, _relation in before if clause_id and clause_id not in still_linked})
    return [
        ClauseLink(
            old_version_id=old_version.id,
            new_version_id=new_version.id,
            old_clause_id=None,
            new_clause_id=clause_id,
            relation="new",
            similarity=0.0,
            is_manual=True,
        )
        for clause_id in orphans
    ]


def _describe(clause_id: int | None, relation: str) -> str:
    if clause_id is None:
        return RELATION_LABELS[relation]
    clause = db.session.get(Clause, clause_id)
    return f"{clause.ref or clause.label} ({RELATION_LABELS[relation]})"


# --- reading ------------------------------------------------------------------------------------------------------


def clause_texts(version: DraftVersion) -> dict[int, ClauseText]:
    rows = db.session.execute(
        sa.select(Clause.id, Clause.position, Clause.ref, Clause.label, Clause.text, Clause.parent_id).where(
            Clause.version_id == version.id
        )
    )
    return {row.id: ClauseText(*row) for row in rows}


def link_rows(old_version: DraftVersion, new_version: DraftVersion, *, user=None) -> list[LinkRow]:
    """The mapping (computed first if needed) with both clauses of each link, in the revised order."""
    links = ensure_links(old_version, new_version, user=user)
    olds, news = clause_texts(old_version), clause_texts(new_version)
    rows = (
        LinkRow(
            link.id,
            olds.get(link.old_clause_id),
            news.get(link.new_clause_id),
            link.relation,
            link.similarity,
            link.is_manual,
        )
        for link in links
    )
    return in_display_order(rows)
