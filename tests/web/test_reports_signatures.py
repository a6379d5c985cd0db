"""A report's letter is checked as a reply letter is (responses/signatures.py): its digital signature's verdict is
stored with the submission (LetterColumns) and shown to the team on the board and in its workbook, and to the agency
itself; an operator requiring signed letters refuses an unsigned one without losing the figures typed."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from commentsvc.core.audit import AuditEntry
from commentsvc.core.tracking_xlsx import ROWS_SHEET
from commentsvc.reports import operations
from commentsvc.reports.models import ReportValue
from commentsvc.responses.letter_import import MSG_UNSIGNED_REFUSED
from tests.letter_factory import to_docx, to_pdf
from tests.letters import PROSE_POINTS
from tests.signing_factory import make_authority, make_signer, sign_pdf
from tests.web.reports_helpers import build_report_scene

LETTER = {"letter_number": "15/BYT-CNTT", "letter_date": "05/01/2026", "letter_signer": "Lê Thị Hoa"}


@pytest.fixture
def scene(db, factory):
    scene = build_report_scene(db, factory)
    recipient = scene.recipient(scene.other)
    cells = {("r1", "count"): "32", ("r1", "share"): "50"}
    operations.save_cells(
        recipient, scene.form(scene.other, "01"), cells, user=scene.members[scene.other.id], now=scene.now
    )
    db.session.commit()
    return scene


def _submit(client, scene, data: bytes, name: str):
    return client.post(
        f"/agency/reports/{scene.request.id}/submit",
        data={**LETTER, "attachment": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_signed_letter_keeps_its_verdict_shown_to_the_team_and_the_agency(app, client, login, db, scene, tmp_path):
    authority = make_authority()
    roots = tmp_path / "roots.pem"
    roots.write_bytes(authority.pem)
    app.config["SIGNATURE_TRUST_ROOTS"] = str(roots)
    signed = sign_pdf(to_pdf(PROSE_POINTS), make_signer(authority, "Trần Văn Bình", "Bộ Y tế"), authority)
    login(scene.members[scene.other.id])
    assert _submit(client, scene, signed, "cong-van.pdf").status_code == 303
    submission = scene.recipient(scene.other).submission
    db.session.refresh(submission)
    assert submission.is_submitted and submission.signature_status == "valid"
    assert (submission.signature_signer, submission.signature_organisation) == ("Trần Văn Bình", "Bộ Y tế")
    assert submission.signature_signed_at is not None and submission.attachment_type == "application/pdf"
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "report.submit"))
    assert '"signature": "valid"' in entry.details
    own = client.get(f"/agency/reports/{scene.request.id}").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in own and "ký bởi Trần Văn Bình (Bộ Y tế)" in own
    client.post("/logout", data={})
    login(scene.members[scene.ministry.id])  # another agency sees nothing of it
    other = client.get(f"/agency/reports/{scene.request.id}").get_data(as_text=True)
    assert "Trần Văn Bình" not in other and "Chữ ký số hợp lệ" not in other
    assert client.get(f"/reports/{scene.request.id}/tracking").status_code == 403
    client.post("/logout", data={})
    login(scene.team)
    board = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in board and "ký bởi Trần Văn Bình (Bộ Y tế)" in board
    workbook = load_workbook(io.BytesIO(client.get(f"/reports/{scene.request.id}/tracking.xlsx").data))
    sheet = workbook[ROWS_SHEET]
    column = [cell.value for cell in sheet[3]].index("Chữ ký số")
    verdicts = {row[1]: row[column] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert verdicts["Bộ Y tế"] == "Chữ ký số hợp lệ" and verdicts["Bộ Tư pháp"] is None


def test_a_word_letter_is_recorded_as_unsigned(client, login, db, scene):
    login(scene.members[scene.other.id])
    assert _submit(client, scene, to_docx(PROSE_POINTS), "cong-van.docx").status_code == 303
    submission = scene.recipient(scene.other).submission
    db.session.refresh(submission)
    assert submission.is_submitted and submission.signature_status == "unsigned"
    client.post("/logout", data={})
    login(scene.team)
    assert "Không có chữ ký số" in client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)


def test_required_signatures_refuse_an_unsigned_letter_and_keep_the_figures(app, client, login, db, scene):
    app.config["REQUIRE_SIGNED_LETTERS"] = True
    login(scene.members[scene.other.id])
    refused = _submit(client, scene, to_pdf(PROSE_POINTS), "cong-van.pdf")
    assert refused.status_code == 422
    assert MSG_UNSIGNED_REFUSED.format(verdict="không có chữ ký số") in refused.get_data(as_text=True)
    submission = scene.recipient(scene.other).submission
    db.session.refresh(submission)
    assert not submission.is_submitted and submission.signature_status == "" and submission.attachment is None
    assert {value.raw for value in db.session.scalars(sa.select(ReportValue))} >= {"32", "50"}
