"""documents sent with a consultation's draft (tờ trình, báo cáo đánh giá tác động)

Revision ID: 0009_consultation_documents
Revises: 0008_audit_no_text
Create Date: 2026-12-03 10:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0009_consultation_documents"
down_revision = "0008_audit_no_text"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consultation_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("submission", "impact_report", "other", name="documentkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_documents_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_consultation_documents_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_documents")),
    )
    with op.batch_alter_table("consultation_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_documents_consultation_id"), ["consultation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("consultation_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_documents_consultation_id"))
    op.drop_table("consultation_documents")
