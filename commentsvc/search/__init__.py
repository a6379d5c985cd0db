"""Full-text search of drafts, comments and explanations, in the database's own index (see queries.py)."""

from __future__ import annotations


def include_name(name: str | None, type_: str, *_args) -> bool:
    """Alembic's include_name: leave out the search index, which the models do not describe (FTS5 tables and
    their shadow tables, PostgreSQL's expression indexes: migration 0003_search makes them)."""
    return not (type_ in ("table", "index") and name and "_fts" in name)
