"""Submitting a reply: the choice, the letter, deadlines at the edge, one submission only, attachments, the receipt."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta

import docx
import pytest
import sqlalchemy as sa

from commentsvc.consultations.models import Recipient, SilenceOutcome
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc, to_local
from commentsvc.core.errors import UserError
from commentsvc.responses.attachments import check_attachment
from commentsvc.responses.models import Comment, Reply, ReplyPosition, ReplyStatus
from tests.letter_factory import to_pdf
from tests.letters import PROSE_POINTS
from tests.signing_factory import make_authority, make_signer, sign_pdf
from tests.web.test_responses import clauses_of, comment, snapshot, url

LETTER = {"letter_number": "45/BTP-PLDSKT", "letter_date": "2026-03-05", "letter_signer": "Nguyễn Thị Hoa"}


def submit(client, consultation, position: str, **extra):
    return client.post(url(consultation, "/submit"), data={"position": position, **LETTER, **extra})


def reply_of(db, agency) -> Reply | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Reply).join(Recipient).where(Recipient.agency_id == agency.id))


def submits(db) -> int:
    return db.session.query(AuditEntry).filter_by(action="reply.submit").count()


def docx_bytes(text: str = "Văn bản góp ý") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_three_agencies_one_agrees_one_late(app, client, factory, login, db):
    justice, finance, province = factory.agency(), factory.agency(), factory.agency()
    consultation = factory.consultation(agencies=[justice, finance, province], accepts_late=True)
    clauses = clauses_of(db, consultation)
    login(factory.member(justice, can_submit=True))
    comment(client, consultation, clauses[1].id, "Bộ Tư pháp: sửa khoản 1.")
    assert submit(client, consultation, "agree_with_comments").status_code == 303
    finance_client = login(factory.member(finance, can_submit=True), the_client=app.test_client())
    comment(finance_client, consultation, clauses[4].id, "Bộ Tài chính: khoản 1 Điều 2.")
    comment(finance_client, consultation, None, "Bộ Tài chính: ý kiến chung.")
    province_client = login(factory.member(province, can_submit=True), the_client=app.test_client())
    assert submit(province_client, consultation, "agree_entirely").status_code == 303

    consultation.deadline_at = now_utc() - timedelta(seconds=1)  # the finance ministry is now late
    db.session.commit()
    assert submit(finance_client, consultation, "agree_with_comments").status_code == 303

    justice_reply, finance_reply, province_reply = (reply_of(db, a) for a in (justice, finance, province))
    assert (justice_reply.position, justice_reply.is_late) == (ReplyPosition.AGREE_WITH_COMMENTS, False)
    assert (finance_reply.is_late, len(finance_reply.comments)) == (True, 2)
    assert (province_reply.position, province_reply.comments) == (ReplyPosition.AGREE_ENTIRELY, [])
    assert {r.status for r in (justice_reply, finance_reply, province_reply)} == {ReplyStatus.SUBMITTED}
    assert finance_reply.letter_signer == "Nguyễn Thị Hoa" and finance_reply.letter_date == date(2026, 3, 5)
    inbox = finance_client.get("/agency/").get_data(as_text=True)
    assert "Đã gửi quá hạn" in inbox
    assert "Đã gửi đúng hạn" in client.get("/agency/").get_data(as_text=True)


def test_deadline_edges_one_second(app, client, factory, login, db):
    before_edge, after_edge = factory.agency(), factory.agency()
    login(factory.member(before_edge, can_submit=True))  # first: hashing a password is slow on a busy machine
    open_one = factory.consultation(agencies=[before_edge], deadline_at=now_utc() + timedelta(seconds=2))
    ended = factory.consultation(agencies=[after_edge], deadline_at=now_utc() - timedelta(seconds=1))
    assert comment(client, open_one, None, "Kịp hạn").status_code == 303
    assert submit(client, open_one, "agree_with_comments").status_code == 303
    assert reply_of(db, before_edge).is_late is False

    late_client = login(factory.member(after_edge, can_submit=True), the_client=app.test_client())
    before = snapshot(db)
    refused = comment(late_client, ended, None, "Quá hạn")
    assert refused.status_code == 403
    assert "cơ quan chủ trì không nhận ý kiến gửi muộn" in refused.get_data(as_text=True)
    assert submit(late_client, ended, "agree_entirely").status_code == 403
    assert snapshot(db)[:2] == before[:2] and submits(db) == 1
    page = late_client.get(url(ended)).get_data(as_text=True)
    assert "Đã hết hạn góp ý" in page and "Lưu ý kiến" not in page


def test_extension_reopens_for_one_agency(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency], deadline_at=now_utc() - timedelta(hours=1))
    recipient = consultation.recipients[0]
    recipient.extended_until = now_utc() + timedelta(days=2)
    db.session.commit()
    login(factory.member(agency, can_submit=True))
    assert comment(client, consultation, None, "Trong thời gian gia hạn").status_code == 303
    assert submit(client, consultation, "agree_with_comments").status_code == 303
    assert reply_of(db, agency).is_late is False


def test_late_reply_clears_silence_outcome(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency], deadline_at=now_utc() - timedelta(days=1), accepts_late=True)
    consultation.recipients[0].silence_outcome = SilenceOutcome.IMPLICIT_AGREEMENT
    consultation.recipients[0].silence_recorded_at = now_utc()
    db.session.commit()
    login(factory.member(agency, can_submit=True))
    assert submit(client, consultation, "agree_entirely").status_code == 303
    db.session.expire_all()
    recipient = db.session.get(Recipient, consultation.recipients[0].id)
    assert recipient.silence_outcome is None and recipient.reply.is_late
    entry = db.session.query(AuditEntry).filter_by(action="reply.submit").one()
    assert entry.details_dict["cleared_silence"] == "implicit_agreement" and entry.agency_id == agency.id


def test_choice_must_match_the_comments(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency, can_submit=True))
    assert submit(client, consultation, "agree_with_comments").status_code == 400
    assert submit(client, consultation, "disagree").status_code == 400
    unsigned = submit(client, consultation, "agree_entirely", letter_number="", letter_signer="")
    assert unsigned.status_code == 400
    assert "Vui lòng nhập số văn bản." in unsigned.get_data(as_text=True)
    assert "Vui lòng nhập người ký." in unsigned.get_data(as_text=True)
    comment(client, consultation, None, "Có ý kiến")
    refused = submit(client, consultation, "agree_entirely")
    assert refused.status_code == 409 and "vui lòng xóa các ý kiến" in refused.get_data(as_text=True)
    assert reply_of(db, agency).status is ReplyStatus.DRAFTING and submits(db) == 0
    assert submit(client, consultation, "disagree", reason="Chưa phù hợp thực tiễn.").status_code == 303
    reply = reply_of(db, agency)
    assert (reply.position, reply.reason) == (ReplyPosition.DISAGREE, "Chưa phù hợp thực tiễn.")


def test_non_submitter_sees_summary_but_cannot_submit(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    comment(client, consultation, None, "Ý kiến của chuyên viên")
    page = client.get(url(consultation, "/submit"))
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Ý kiến của chuyên viên" in body and "Tài khoản của bạn có thể soạn ý kiến" in body
    assert 'name="letter_number"' not in body
    assert submit(client, consultation, "agree_with_comments").status_code == 403
    assert reply_of(db, agency).status is ReplyStatus.DRAFTING


def test_everything_is_read_only_after_submission(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency, can_submit=True))
    comment(client, consultation, None, "Trước khi gửi")
    submit(client, consultation, "agree_with_comments")
    saved = db.session.scalar(sa.select(Comment))
    before = snapshot(db)
    assert comment(client, consultation, None, "Sau khi gửi").status_code == 403
    edit = client.post(url(consultation, f"/comments/{saved.id}"), data={"text": "Sửa", "version": 1})
    assert edit.status_code == 403
    assert client.post(url(consultation, f"/comments/{saved.id}/delete"), data={"version": 1}).status_code == 403
    assert snapshot(db) == before
    page = client.get(url(consultation)).get_data(as_text=True)
    assert "Sửa ý kiến" not in page and "Xem phiếu xác nhận" in page


def test_double_submit_in_sequence_makes_one_submission(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency, can_submit=True))
    comment(client, consultation, None, "Một ý kiến")
    first = submit(client, consultation, "agree_with_comments")
    second = submit(client, consultation, "agree_with_comments", letter_number="46/BTP-PLDSKT")
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"].endswith(url(consultation, "/receipt"))
    assert "đã được gửi trước đó" in client.get(second.headers["Location"]).get_data(as_text=True)
    assert submits(db) == 1 and reply_of(db, agency).letter_number == "45/BTP-PLDSKT"


def _race(app, factory, login, consultation, agency, position: str) -> list[int]:
    clients = [login(factory.member(agency, can_submit=True), the_client=app.test_client()) for _ in range(2)]
    data = [{"position": position, **LETTER, "csrf_token": c.csrf_token()} for c in clients]
    target = url(consultation, "/submit")  # read here: the threads have no app context to load rows with
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def hit(index: int) -> None:
        barrier.wait()
        statuses.append(clients[index].post(target, data=data[index]).status_code)

    threads = [threading.Thread(target=hit, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


def test_concurrent_submits_make_one_submission(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    comment(client, consultation, None, "Một ý kiến")
    assert _race(app, factory, login, consultation, agency, "agree_with_comments") == [303, 303]
    assert submits(db) == 1 and reply_of(db, agency).status is ReplyStatus.SUBMITTED


def test_concurrent_first_submits_without_a_reply_row(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    assert _race(app, factory, login, consultation, agency, "agree_entirely") == [303, 303]
    assert submits(db) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Reply)) == 1


def test_attachment_is_checked_by_content(app, client, factory, login, db):
    agency = factory.agency(code="BTP")
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency, can_submit=True))
    exe = (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200), "van-ban.pdf")
    refused = submit(client, consultation, "agree_entirely", attachment=exe)
    assert refused.status_code == 400 and "PDF hoặc DOCX" in refused.get_data(as_text=True)
    assert reply_of(db, agency) is None or reply_of(db, agency).status is ReplyStatus.DRAFTING
    # A small limit here: Werkzeug's test client leaks the temporary file of bodies over 500 kB.
    app.config["REPLY_ATTACHMENT_MAX_BYTES"] = 200 * 1024
    big = (io.BytesIO(b"%PDF-1.7\n" + b"0" * (200 * 1024)), "lon.pdf")
    too_big = submit(client, consultation, "agree_entirely", attachment=big)
    assert too_big.status_code == 413 and "tối đa là 200 kB" in too_big.get_data(as_text=True)

    letter = (io.BytesIO(docx_bytes()), "../../Công văn góp ý; rm -rf.docx")
    assert submit(client, consultation, "agree_entirely", attachment=letter).status_code == 303
    reply = reply_of(db, agency)
    assert reply.attachment_name.endswith(".docx") and "/" not in reply.attachment_name
    assert ";" not in reply.attachment_name and reply.attachment_name.startswith("Công văn góp ý")
    download = client.get(url(consultation, "/letter"))
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert docx.Document(io.BytesIO(download.data)).paragraphs[0].text == "Văn bản góp ý"


def test_receipt_page_and_downloads(client, factory, login, db):
    agency = factory.agency(code="BTP", name="Bộ Tư pháp")
    consultation = factory.consultation(agencies=[agency])
    clauses = clauses_of(db, consultation)
    submitter = factory.member(agency, can_submit=True)
    login(submitter)
    comment(client, consultation, clauses[1].id, "Ý kiến 1")
    comment(client, consultation, clauses[1].id, "Ý kiến 2")
    comment(client, consultation, None, "Ý kiến chung")
    pdf = (io.BytesIO(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), "cong-van.pdf")
    submit(client, consultation, "agree_with_comments", attachment=pdf)
    reply = reply_of(db, agency)

    page = client.get(url(consultation, "/receipt")).get_data(as_text=True)
    assert submitter.full_name in page and "45/BTP-PLDSKT" in page and "Nhất trí, có ý kiến góp ý" in page
    text = client.get(url(consultation, "/receipt.txt"))
    assert text.headers.getlist("Content-Type") == ["text/plain; charset=utf-8"]  # the charset once
    body = text.get_data(as_text=True)
    assert f"Thời điểm gửi: {to_local(reply.submitted_at):%H:%M %d/%m/%Y}" in body
    assert "Tổng số ý kiến: 3" in body and "- khoản 1 Điều 1: 2" in body and "Số ý kiến chung: 1" in body
    document = docx.Document(io.BytesIO(client.get(url(consultation, "/receipt.docx")).data))
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cells["Số văn bản"] == "45/BTP-PLDSKT" and cells["Người ký"] == "Nguyễn Thị Hoa"
    assert cells["Văn bản đính kèm"] == "cong-van.pdf" and cells["Tổng số ý kiến"] == "3"


def test_receipt_before_submission_redirects(client, factory, login):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    assert client.get(url(consultation, "/receipt")).status_code == 303
    assert client.get(url(consultation, "/receipt.docx")).status_code == 404


def test_default_limit_is_ten_megabytes():
    with pytest.raises(UserError, match="tối đa là 10 MB") as refused:
        check_attachment(b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "lon.pdf")
    assert refused.value.status == 413
    assert check_attachment(b"\x89PNG\r\n\x1a\n....", "scan.pdf", allow_images=True).name == "scan.png"
    with pytest.raises(UserError, match="PDF hoặc DOCX"):
        check_attachment(b"\x89PNG\r\n\x1a\n....", "scan.png")


def test_the_receipt_docx_lists_every_comment_sent(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clauses = clauses_of(db, consultation)
    login(factory.member(agency, can_submit=True))
    comment(client, consultation, None, "Đề nghị rà soát tổng thể.")
    comment(client, consultation, clauses[1].id, "Làm rõ phạm vi.\nBổ sung dữ liệu địa phương.", "Dữ liệu mở của bộ.")
    assert submit(client, consultation, "agree_with_comments", letter_date=f"{now_utc():%Y-%m-%d}").status_code == 303
    receipt = client.get(url(consultation, "/receipt.docx"))
    table = docx.Document(io.BytesIO(receipt.data)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["STT", "Điều, khoản", "Nội dung góp ý", "Đề xuất sửa thành"],
        ["1", "Ý kiến chung", "Đề nghị rà soát tổng thể.", ""],
        ["2", clauses[1].ref, "Làm rõ phạm vi.\nBổ sung dữ liệu địa phương.", "Dữ liệu mở của bộ."],
    ]
    assert len(table.rows[2].cells[2].paragraphs) == 2
    text = client.get(url(consultation, "/receipt.txt")).get_data(as_text=True)
    assert "Đề nghị rà soát tổng thể." in text and "Đề xuất sửa thành: Dữ liệu mở của bộ." in text


def test_a_letter_attached_on_submitting_has_its_signature_checked_and_kept(app, client, factory, login, db, tmp_path):
    """The agency's own submission checks its attached letter as the letter reader does (responses/signatures.py):
    the verdict is stored with the reply and in the audit entry."""
    authority = make_authority()
    roots = tmp_path / "roots.pem"
    roots.write_bytes(authority.pem)
    app.config["SIGNATURE_TRUST_ROOTS"] = str(roots)
    agency = factory.agency(code="BYT", name="Bộ Y tế")
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency, can_submit=True))
    signed = sign_pdf(to_pdf(PROSE_POINTS), make_signer(authority, "Trần Văn Bình", "Bộ Y tế"), authority)
    assert submit(client, consultation, "agree_entirely", attachment=(io.BytesIO(signed), "cv.pdf")).status_code == 303
    reply = reply_of(db, agency)
    assert reply.is_submitted and reply.signature_status == "valid"
    assert (reply.signature_signer, reply.signature_organisation) == ("Trần Văn Bình", "Bộ Y tế")
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "reply.submit"))
    assert '"signature": "valid"' in entry.details


def test_required_signatures_refuse_an_unsigned_letter_on_submitting_and_keep_the_comments(
    app, client, factory, login, db
):
    app.config["REQUIRE_SIGNED_LETTERS"] = True
    agency = factory.agency(code="BTP")
    consultation = factory.consultation(agencies=[agency])
    clauses = clauses_of(db, consultation)
    login(factory.member(agency, can_submit=True))
    comment(client, consultation, clauses[1].id, "Đề nghị làm rõ phạm vi")
    refused = submit(client, consultation, "agree_with_comments", attachment=(io.BytesIO(docx_bytes()), "cv.docx"))
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "chữ ký" in page.lower() and LETTER["letter_number"] in page  # what was typed is shown again
    reply = reply_of(db, agency)
    assert reply.status is ReplyStatus.DRAFTING and [c.text for c in reply.comments] == ["Đề nghị làm rõ phạm vi"]
    assert submits(db) == 0
