"""jobs: also report consolidations and imports (a draft, a reply letter), not only a consultation's exports

Revision ID: 0020_job_subjects
Revises: 0019_reply_readings
Create Date: 2026-12-03 14:05:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_job_subjects'
down_revision = '0019_reply_readings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.alter_column('consultation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('report_request_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('agency_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('result_ref', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_jobs_report_request_id_report_requests'),
            'report_requests',
            ['report_request_id'],
            ['id'],
            ondelete='CASCADE',
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_jobs_agency_id_agencies'), 'agencies', ['agency_id'], ['id'], ondelete='CASCADE'
        )
        batch_op.create_index(batch_op.f('ix_jobs_report_request_id'), ['report_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_jobs_agency_id'), ['agency_id'], unique=False)


def downgrade():
    op.execute("DELETE FROM jobs WHERE consultation_id IS NULL")
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jobs_agency_id'))
        batch_op.drop_index(batch_op.f('ix_jobs_report_request_id'))
        batch_op.drop_constraint(batch_op.f('fk_jobs_agency_id_agencies'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_jobs_report_request_id_report_requests'), type_='foreignkey')
        batch_op.drop_column('result_ref')
        batch_op.drop_column('agency_id')
        batch_op.drop_column('report_request_id')
        batch_op.alter_column('consultation_id', existing_type=sa.Integer(), nullable=False)
