"""failed logins remember the known device they came from

Revision ID: 0006_login_device
Revises: 0005_import_addresses
Create Date: 2026-12-03 09:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_login_device'
down_revision = '0005_import_addresses'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device', sa.String(length=32), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_login_attempts_device'), ['device'], unique=False)


def downgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_device'))
        batch_op.drop_column('device')
