"""Report requests' e-mails and letters use the consultations' columns (core/model_mixins.py), and migration 0017
turns the report e-mails' is_sent into the same status, keeping every row and what it said."""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.consultations.models import Reminder
from commentsvc.core.model_mixins import LetterColumns, MailColumns, MailStatus
from commentsvc.reports.models import ReportReminder, ReportSubmission
from commentsvc.responses.models import Reply
from tests.web.migration_helpers import migration as load_migration
from tests.web.migration_helpers import run_step as _run
from tests.web.reports_helpers import build_report_scene


def _migration():
    return load_migration("0017_shared_mail_letter_columns.py")


def _columns(model) -> dict[str, str]:
    return {column.name: repr(column.type) for column in model.__table__.columns}


def test_reminders_and_letters_share_their_columns_with_the_consultations():
    for shared, consultation_model, report_model in (
        (MailColumns, Reminder, ReportReminder),
        (LetterColumns, Reply, ReportSubmission),
    ):
        assert issubclass(consultation_model, shared) and issubclass(report_model, shared)
        ours, theirs = _columns(consultation_model), _columns(report_model)
        common = {name for name in ours if name in theirs}
        assert {"status", "attempts", "to_address"} <= common or {"letter_number", "signature_status"} <= common
        assert all(ours[name] == theirs[name] for name in common - {"id", "recipient_id", "status"})
    assert "is_sent" not in _columns(ReportReminder)
    assert ReportReminder.__table__.c.created_by_id.foreign_keys and Reply.__table__.c.submitted_by_id.foreign_keys


def test_migration_0017_keeps_each_report_mail_as_sent_failed_or_waiting(db, factory):
    scene = build_report_scene(db, factory)
    recipients = {r.agency_id: r.id for r in scene.request.recipients}
    ids = [recipients[scene.ministry.id], recipients[scene.other.id], recipients[scene.province.id]]
    migration = _migration()
    _run(db, migration.downgrade)
    try:
        with db.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM report_reminders"))
            for recipient_id, is_sent, error in zip(
                ids, (True, False, False), ("", "Máy chủ thư từ chối", ""), strict=True
            ):
                connection.execute(
                    sa.text(
                        "INSERT INTO report_reminders (recipient_id, step, to_address, subject, body, is_sent, "
                        "attempts, last_error, created_at) VALUES (:r, 'manual-1', 'a@b.vn', 'Đôn đốc', 'Nội dung', "
                        ":sent, 1, :error, CURRENT_TIMESTAMP)"
                    ),
                    {"r": recipient_id, "sent": is_sent, "error": error},
                )
    finally:
        _run(db, migration.upgrade)
    rows = db.session.scalars(sa.select(ReportReminder).order_by(ReportReminder.recipient_id)).all()
    by_recipient = {row.recipient_id: row for row in rows}
    assert len(rows) == 3
    assert by_recipient[ids[0]].status is MailStatus.SENT and by_recipient[ids[0]].is_sent
    assert by_recipient[ids[1]].status is MailStatus.FAILED
    assert by_recipient[ids[1]].last_error == "Máy chủ thư từ chối"
    assert by_recipient[ids[2]].status is MailStatus.PENDING
    assert all(row.subject == "Đôn đốc" and row.attempts == 1 for row in rows)
    submission_columns = {column["name"] for column in sa.inspect(db.engine).get_columns("report_submissions")}
    signature = {"signature_status", "signature_signer", "signature_organisation", "signature_signed_at"}
    assert signature <= submission_columns
