"""PostgreSQL search reads a stored tsvector column instead of computing to_tsvector for every row

Migration 0003_search indexed the expression to_tsvector('simple', search_fold(...)). Ranking a match (ts_rank) and
any plan that does not go through the index computed that expression again for each row: unaccent on every comment
of a consultation, seconds at 10,000 comments. Each searched table now has a generated column holding the vector,
written by PostgreSQL in the statement that writes the row (the same operations that write comments), and the GIN
index is on that column. SQLite keeps its FTS5 tables and triggers: nothing changes there.

Revision ID: 0018_search_vectors
Revises: 0017_shared_mail_letter_columns
Create Date: 2026-12-03 14:05:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0018_search_vectors"
down_revision = "0017_shared_mail_letter_columns"
branch_labels = None
depends_on = None

# source table -> its searchable text columns (as in 0003_search and commentsvc/search/queries.py)
SOURCES = {
    "clauses": ("text",),
    "comments": ("text", "proposed_wording"),
    "dispositions": ("explanation",),
}
COLUMN = "search_fts"  # "_fts": left out of the models' comparison, like the index (commentsvc.search.include_name)


def _vector(columns: tuple[str, ...]) -> str:
    document = " || ' ' || ".join(columns)
    return f"to_tsvector('simple'::regconfig, search_fold({document}))"


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in SOURCES.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")
        op.execute(f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS ({_vector(columns)}) STORED")
        op.execute(f"CREATE INDEX ix_{table}_fts ON {table} USING gin ({COLUMN})")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in SOURCES.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_fts")
        op.execute(f"ALTER TABLE {table} DROP COLUMN {COLUMN}")
        op.execute(f"CREATE INDEX ix_{table}_fts ON {table} USING gin ({_vector(columns)})")
