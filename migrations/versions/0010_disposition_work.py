"""dispositions: assigned team member and internal note

On SQLite the columns are added in place, not by batch mode: batch mode copies the table, and the copy would lose the
triggers that keep the search index in step (0003_search).

Revision ID: 0010_disposition_work
Revises: 0009_consultation_documents
Create Date: 2026-12-03 10:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_disposition_work'
down_revision = '0009_consultation_documents'
branch_labels = None
depends_on = None

SEARCH_TRIGGERS = (  # as made by 0003_search, remade after the downgrade's table copy
    "CREATE TRIGGER dispositions_fts_ai AFTER INSERT ON dispositions BEGIN "
    "INSERT INTO dispositions_fts(rowid, explanation) VALUES (new.id, "
    "replace(replace(new.explanation, 'đ', 'd'), 'Đ', 'D')); END",
    "CREATE TRIGGER dispositions_fts_ad AFTER DELETE ON dispositions BEGIN "
    "INSERT INTO dispositions_fts(dispositions_fts, rowid, explanation) VALUES ('delete', old.id, "
    "replace(replace(old.explanation, 'đ', 'd'), 'Đ', 'D')); END",
    "CREATE TRIGGER dispositions_fts_au AFTER UPDATE OF explanation ON dispositions BEGIN "
    "INSERT INTO dispositions_fts(dispositions_fts, rowid, explanation) VALUES ('delete', old.id, "
    "replace(replace(old.explanation, 'đ', 'd'), 'Đ', 'D')); "
    "INSERT INTO dispositions_fts(rowid, explanation) VALUES (new.id, "
    "replace(replace(new.explanation, 'đ', 'd'), 'Đ', 'D')); END",
)


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE dispositions ADD COLUMN assigned_to_id INTEGER "
            "CONSTRAINT fk_dispositions_assigned_to_id_users REFERENCES users (id)"
        )
        op.add_column('dispositions', sa.Column('note', sa.Text(), server_default='', nullable=False))
        op.create_index('ix_dispositions_assigned_to_id', 'dispositions', ['assigned_to_id'], unique=False)
        return
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_dispositions_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_dispositions_assigned_to_id_users'), 'users', ['assigned_to_id'], ['id']
        )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        if not sqlite:
            batch_op.drop_constraint(batch_op.f('fk_dispositions_assigned_to_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dispositions_assigned_to_id'))
        batch_op.drop_column('note')
        batch_op.drop_column('assigned_to_id')
    if sqlite:
        for statement in SEARCH_TRIGGERS:
            op.execute(statement)
