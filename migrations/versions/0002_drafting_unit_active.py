"""drafting units can be deactivated

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    # Existing units (the demo one, or any made by hand) stay active.
    with op.batch_alter_table('drafting_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('drafting_units', schema=None) as batch_op:
        batch_op.drop_column('is_active')
