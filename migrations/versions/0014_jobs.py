"""jobs: exports made by the queue's workers

Revision ID: 0014_jobs
Revises: 0013_letter_readings
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0014_jobs'
down_revision = '0013_letter_readings'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('drafting_unit_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column(
            'status',
            sa.Enum('queued', 'running', 'joining', 'done', 'failed', name='jobstatus', native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column('parts_done', sa.Integer(), nullable=False),
        sa.Column('parts_total', sa.Integer(), nullable=False),
        sa.Column('part_keys', sa.JSON(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('result_name', sa.String(length=120), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('media_type', sa.String(length=120), nullable=False),
        sa.Column('from_cache', sa.Boolean(), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_jobs_consultation_id_consultations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['drafting_unit_id'], ['drafting_units.id'], name=op.f('fk_jobs_drafting_unit_id_drafting_units')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_jobs_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')),
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jobs_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_drafting_unit_id'), ['drafting_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_user_id'))
        batch_op.drop_index(batch_op.f('ix_jobs_status'))
        batch_op.drop_index(batch_op.f('ix_jobs_key'))
        batch_op.drop_index(batch_op.f('ix_jobs_drafting_unit_id'))
        batch_op.drop_index(batch_op.f('ix_jobs_consultation_id'))
    op.drop_table('jobs')
