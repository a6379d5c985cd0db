"""report reminders: attempts counted by the queue's worker

Revision ID: 0016_report_mail_attempts
Revises: 0015_reply_ready
Create Date: 2026-12-03 11:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_report_mail_attempts'
down_revision = '0015_reply_ready'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_reminders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('report_reminders', schema=None) as batch_op:
        batch_op.drop_column('attempts')
