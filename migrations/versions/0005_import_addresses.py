"""each import preview has its own unguessable address and remembers what became of it

Revision ID: 0005_import_addresses
Revises: 0004_report_requests
Create Date: 2026-12-03 09:40:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005_import_addresses"
down_revision = "0004_report_requests"
branch_labels = None
depends_on = None

STATUS = sa.Enum("pending", "saved", "discarded", name="importstatus", native_enum=False, length=32)


def upgrade():
    with op.batch_alter_table("draft_imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("status", STATUS, server_default="pending", nullable=False))
        batch_op.add_column(sa.Column("version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
    imports = sa.table("draft_imports", sa.column("id", sa.Integer), sa.column("token", sa.String))
    connection = op.get_bind()
    for (import_id,) in connection.execute(sa.select(imports.c.id)).all():
        connection.execute(imports.update().where(imports.c.id == import_id).values(token=secrets.token_urlsafe(24)))
    with op.batch_alter_table("draft_imports", schema=None) as batch_op:
        batch_op.alter_column("token", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("status", existing_type=STATUS, server_default=None)
        batch_op.create_unique_constraint(batch_op.f("uq_draft_imports_token"), ["token"])
        batch_op.create_foreign_key(
            batch_op.f("fk_draft_imports_version_id_draft_versions"),
            "draft_versions",
            ["version_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    # Saved and discarded imports were only kept to answer old addresses; before this revision they did not exist.
    op.execute("DELETE FROM draft_imports WHERE status != 'pending'")
    with op.batch_alter_table("draft_imports", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_draft_imports_version_id_draft_versions"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_draft_imports_token"), type_="unique")
        batch_op.drop_column("finished_at")
        batch_op.drop_column("version_id")
        batch_op.drop_column("status")
        batch_op.drop_column("token")
