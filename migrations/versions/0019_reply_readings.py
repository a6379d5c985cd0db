"""replies: the leader's last reading is kept per person (reply_readings), not once per reply

Revision ID: 0019_reply_readings
Revises: 0018_search_vectors
Create Date: 2026-12-03 14:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_reply_readings'
down_revision = '0018_search_vectors'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reply_readings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reply_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['reply_id'], ['replies.id'], name=op.f('fk_reply_readings_reply_id_replies'), ondelete='CASCADE'
        ),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reply_readings_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reply_readings')),
        sa.UniqueConstraint('reply_id', 'user_id', name=op.f('uq_reply_readings_reply_id_user_id')),
    )
    op.create_index(op.f('ix_reply_readings_reply_id'), 'reply_readings', ['reply_id'], unique=False)
    op.create_index(op.f('ix_reply_readings_user_id'), 'reply_readings', ['user_id'], unique=False)
    # The reply's one reading counted for every member who may send: each keeps it as their own, so right after the
    # upgrade every leader sees the same marks as before it.
    op.execute(
        "INSERT INTO reply_readings (reply_id, user_id, read_at) "
        "SELECT replies.id, users.id, replies.leader_read_at FROM replies "
        "JOIN recipients ON recipients.id = replies.recipient_id "
        "JOIN users ON users.agency_id = recipients.agency_id "
        "WHERE replies.leader_read_at IS NOT NULL AND users.can_submit"
    )
    # Not batch mode: SQLite would copy and drop ``replies``, and with foreign keys on, dropping it deletes every
    # comment and reading that refers to it. SQLite 3.35+ drops a plain column in place.
    op.drop_column('replies', 'leader_read_at')


def downgrade():
    op.add_column('replies', sa.Column('leader_read_at', sa.DateTime(timezone=True), nullable=True))
    # One reading per reply again: the latest of anybody's.
    op.execute(
        "UPDATE replies SET leader_read_at = "
        "(SELECT max(read_at) FROM reply_readings WHERE reply_readings.reply_id = replies.id)"
    )
    op.drop_index(op.f('ix_reply_readings_user_id'), table_name='reply_readings')
    op.drop_index(op.f('ix_reply_readings_reply_id'), table_name='reply_readings')
    op.drop_table('reply_readings')
