"""audit entries of deleted unsent comments keep ids, not the comment's text

Revision ID: 0008_audit_no_text
Revises: 0007_import_split_summary
Create Date: 2026-12-03 10:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_audit_no_text'
down_revision = '0007_import_split_summary'
branch_labels = None
depends_on = None

entries = sa.table('audit_entries', sa.column('id', sa.Integer), sa.column('action', sa.String), sa.column('details', sa.Text))


def upgrade():
    # The administrator reads the audit log outside the agency; a comment deleted before sending was never sent.
    connection = op.get_bind()
    rows = connection.execute(sa.select(entries.c.id, entries.c.details).where(entries.c.action == 'reply.comment_delete'))
    for entry_id, details in rows.all():
        values = json.loads(details or '{}')
        if 'text' in values:
            values.pop('text')
            connection.execute(
                entries.update().where(entries.c.id == entry_id).values(details=json.dumps(values, ensure_ascii=False, sort_keys=True))
            )


def downgrade():
    pass  # the text is gone for good, as intended
