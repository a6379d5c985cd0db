"""saved recipient lists of a drafting unit

Revision ID: 0012_recipient_lists
Revises: 0011_publication
Create Date: 2026-12-03 10:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_recipient_lists'
down_revision = '0011_publication'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'recipient_lists',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('drafting_unit_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_recipient_lists_created_by_id_users')),
        sa.ForeignKeyConstraint(
            ['drafting_unit_id'], ['drafting_units.id'], name=op.f('fk_recipient_lists_drafting_unit_id_drafting_units')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recipient_lists')),
        sa.UniqueConstraint('drafting_unit_id', 'name', name=op.f('uq_recipient_lists_drafting_unit_id_name')),
    )
    op.create_index(op.f('ix_recipient_lists_drafting_unit_id'), 'recipient_lists', ['drafting_unit_id'], unique=False)
    op.create_table(
        'recipient_list_members',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('list_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_recipient_list_members_agency_id_agencies')),
        sa.ForeignKeyConstraint(
            ['list_id'], ['recipient_lists.id'], name=op.f('fk_recipient_list_members_list_id_recipient_lists'),
            ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recipient_list_members')),
        sa.UniqueConstraint('list_id', 'agency_id', name=op.f('uq_recipient_list_members_list_id_agency_id')),
    )
    op.create_index(op.f('ix_recipient_list_members_list_id'), 'recipient_list_members', ['list_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_recipient_list_members_list_id'), table_name='recipient_list_members')
    op.drop_table('recipient_list_members')
    op.drop_index(op.f('ix_recipient_lists_drafting_unit_id'), table_name='recipient_lists')
    op.drop_table('recipient_lists')
