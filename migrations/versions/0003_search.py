"""full-text search of clauses, comments and explanations

SQLite: contentless FTS5 tables (unicode61 with remove_diacritics 2) kept in step by triggers on the source tables;
the triggers fold đ/Đ to d/D, which unicode61 leaves alone. PostgreSQL: GIN indexes on to_tsvector('simple',
search_fold(...)), search_fold being lower(unaccent(NFC text)). Either way the index is written by the statement that
writes the row, so it never lags behind a comment. The queries are in commentsvc/search/queries.py.

Revision ID: 0003_search
Revises: 0002
Create Date: 2026-12-03 09:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003_search"
down_revision = "0002"
branch_labels = None
depends_on = None

# source table -> its searchable text columns (kept in step with commentsvc/search/queries.py)
SOURCES = {
    "clauses": ("text",),
    "comments": ("text", "proposed_wording"),
    "dispositions": ("explanation",),
}


def _fold(expression: str) -> str:
    return f"replace(replace({expression}, 'đ', 'd'), 'Đ', 'D')"


def _sqlite_upgrade():
    for table, columns in SOURCES.items():
        fts = f"{table}_fts"
        names = ", ".join(columns)
        new = ", ".join(_fold(f"new.{c}") for c in columns)
        old = ", ".join(_fold(f"old.{c}") for c in columns)
        yield (f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='', tokenize='unicode61 remove_diacritics 2')")
        yield f"INSERT INTO {fts}(rowid, {names}) SELECT id, {', '.join(_fold(c) for c in columns)} FROM {table}"
        insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"
        delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"
        yield f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END"
        yield f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END"
        yield f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END"


def _pg_upgrade():
    yield "CREATE EXTENSION IF NOT EXISTS unaccent"
    schema = op.get_bind().scalar(
        sa.text(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
    )
    # The two-argument unaccent names its dictionary, so the function is truly immutable and can back an index.
    yield (
        "CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        f"AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, normalize($1, NFC))) $$"
    )
    for table, columns in SOURCES.items():
        document = " || ' ' || ".join(columns)
        yield (
            f"CREATE INDEX ix_{table}_fts ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, search_fold({document})))"
        )


def upgrade():
    statements = _pg_upgrade() if op.get_bind().dialect.name == "postgresql" else _sqlite_upgrade()
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in SOURCES:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")
        op.execute("DROP FUNCTION IF EXISTS search_fold(text)")
        return
    for table in SOURCES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")
