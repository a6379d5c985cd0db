"""replies: marked ready for the leader ("trình lãnh đạo")

Revision ID: 0015_reply_ready
Revises: 0014_jobs
Create Date: 2026-12-03 10:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_reply_ready'
down_revision = '0014_jobs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ready_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('ready_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('leader_read_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_replies_ready_by_id_users'), 'users', ['ready_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('replies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_replies_ready_by_id_users'), type_='foreignkey')
        batch_op.drop_column('leader_read_at')
        batch_op.drop_column('ready_by_id')
        batch_op.drop_column('ready_at')
