"""Full-text search of drafts, comments and explanations, in the database's own index (see queries.py)."""

from __future__ import annotations


def include_name(name: str | None, type_: str, *_args) -> bool:
    """Alembic's include_name: leave out the search index, which the models do not describe (FTS5 tables and
    their shadow tables, migration 0003_search; PostgreSQL's stored vectors ``search_fts`` and their GIN indexes,
    0018_search_vectors)."""
    return not (type_ in ("table", "index", "column") and name and "_fts" in name)
