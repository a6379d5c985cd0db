"""dispositions: assigned team member and internal note

Revision ID: 0009_disposition_work
Revises: 0008_audit_no_text
Create Date: 2026-12-03 10:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_disposition_work'
down_revision = '0008_audit_no_text'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_dispositions_assigned_to_id'), ['assigned_to_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_dispositions_assigned_to_id_users'), 'users', ['assigned_to_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('dispositions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_dispositions_assigned_to_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dispositions_assigned_to_id'))
        batch_op.drop_column('note')
        batch_op.drop_column('assigned_to_id')
