"""published revisions of the synthesis; the head of a drafting unit may publish

Revision ID: 0011_publication
Revises: 0010_disposition_work
Create Date: 2026-12-03 09:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_publication'
down_revision = '0010_disposition_work'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('can_publish', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        'publications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ['consultation_id'], ['consultations.id'],
            name=op.f('fk_publications_consultation_id_consultations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['published_by_id'], ['users.id'], name=op.f('fk_publications_published_by_id_users')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
        sa.UniqueConstraint('consultation_id', 'revision', name=op.f('uq_publications_consultation_id_revision')),
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_consultation_id'), ['consultation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_consultation_id'))
    op.drop_table('publications')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('can_publish')
