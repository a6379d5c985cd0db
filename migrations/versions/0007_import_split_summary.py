"""an import preview remembers where all of its file's text went (units, letterhead, signature, nowhere …)

Revision ID: 0007_import_split_summary
Revises: 0006_login_device
Create Date: 2026-12-03 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007_import_split_summary"
down_revision = "0006_login_device"
branch_labels = None
depends_on = None


def upgrade():
    # Imports made before this revision have no summary; their preview says so instead of inventing one.
    with op.batch_alter_table("draft_imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("split_summary", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("draft_imports", schema=None) as batch_op:
        batch_op.drop_column("split_summary")
