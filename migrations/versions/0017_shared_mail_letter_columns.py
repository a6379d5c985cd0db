"""report requests share the consultations' columns: an e-mail's status (pending, sent, failed) instead of
is_sent, and a submitted report's letter keeps its digital signature verdict

Revision ID: 0017_shared_mail_letter_columns
Revises: 0016_report_mail_attempts
Create Date: 2026-12-03 13:55:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_shared_mail_letter_columns'
down_revision = '0016_report_mail_attempts'
branch_labels = None
depends_on = None

STATUS = sa.Enum('pending', 'sent', 'failed', name='mailstatus', native_enum=False, length=32)


def upgrade():
    with op.batch_alter_table('report_reminders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', STATUS, server_default='pending', nullable=False))
    # Sent stays sent; an unsent e-mail with an error had failed; the others wait for their first attempt.
    op.execute("UPDATE report_reminders SET status = 'sent' WHERE is_sent")
    op.execute("UPDATE report_reminders SET status = 'failed' WHERE NOT is_sent AND last_error <> ''")
    with op.batch_alter_table('report_reminders', schema=None) as batch_op:
        batch_op.drop_column('is_sent')
    with op.batch_alter_table('report_submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature_status', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signature_signer', sa.String(length=255), server_default='', nullable=False))
        batch_op.add_column(
            sa.Column('signature_organisation', sa.String(length=255), server_default='', nullable=False)
        )
        batch_op.add_column(sa.Column('signature_signed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('report_submissions', schema=None) as batch_op:
        batch_op.drop_column('signature_signed_at')
        batch_op.drop_column('signature_organisation')
        batch_op.drop_column('signature_signer')
        batch_op.drop_column('signature_status')
    with op.batch_alter_table('report_reminders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_sent', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE report_reminders SET is_sent = (status = 'sent')")
    with op.batch_alter_table('report_reminders', schema=None) as batch_op:
        batch_op.drop_column('status')
