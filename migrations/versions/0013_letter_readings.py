"""reply letters read into comments wait for review; a reply keeps its letter's signature verdict

Revision ID: 0013_letter_readings
Revises: 0012_recipient_lists
Create Date: 2026-12-03 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0013_letter_readings"
down_revision = "0012_recipient_lists"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "letter_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("by_agency", sa.Boolean(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("reading_json", sa.Text(), nullable=False),
        sa.Column("signature_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["recipients.id"], name=op.f("fk_letter_readings_recipient_id_recipients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_letter_readings_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_readings")),
        sa.UniqueConstraint("token", name=op.f("uq_letter_readings_token")),
    )
    with op.batch_alter_table("letter_readings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letter_readings_recipient_id"), ["recipient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letter_readings_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature_status", sa.String(length=16), server_default="", nullable=False))
        batch_op.add_column(sa.Column("signature_signer", sa.String(length=255), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("signature_organisation", sa.String(length=255), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("signature_signed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_column("signature_signed_at")
        batch_op.drop_column("signature_organisation")
        batch_op.drop_column("signature_signer")
        batch_op.drop_column("signature_status")
    with op.batch_alter_table("letter_readings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letter_readings_user_id"))
        batch_op.drop_index(batch_op.f("ix_letter_readings_recipient_id"))
    op.drop_table("letter_readings")
