"""The team uploads an agency's reply letter on the paper-reply page, reviews what was read, and records it."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc, to_local
from commentsvc.drafts.splitting import split_path
from commentsvc.responses.letter_errors import MSG_NO_TEXT_LAYER
from commentsvc.responses.letter_import import MSG_UNSIGNED_REFUSED, initial_items, record_of
from commentsvc.responses.models import LetterReading, ReplyPosition
from tests.letter_factory import to_docx, to_pdf
from tests.letters import DASH_LIST, DECREE, PROSE_POINTS, STRATEGY_SECTIONS
from tests.signing_factory import make_authority, make_signer, sign_pdf
from tests.web.test_responses import clauses_of
from tests.web.test_responses_submit import reply_of

DECREE_CLAUSES = [(unit.kind, unit.label, unit.ref, unit.text) for unit in split_path(DECREE) if unit.ref]


@pytest.fixture
def scene(factory, login, db):
    """A consultation on the sample decree (request 412/BKHCN-CĐS) sent to the Ministry of Justice and another
    ministry, and its drafter logged in."""
    justice = factory.agency(code="BTP", name="Bộ Tư pháp")
    version = factory.draft_version(clauses=DECREE_CLAUSES)
    consultation = factory.consultation(version=version, agencies=[justice, factory.agency()])
    consultation.letter_number = "412/BKHCN-CĐS"
    db.session.commit()
    drafter = factory.drafter(consultation.drafting_unit)
    login(drafter)
    return {
        "consultation": consultation,
        "agency": justice,
        "drafter": drafter,
        "clauses": clauses_of(db, consultation),
    }


def upload(client, scene, data: bytes, name: str, recipient=None):
    consultation = scene["consultation"]
    recipient = recipient or consultation.recipients[0]
    return client.post(
        f"/consultations/{consultation.id}/paper-replies/letters",
        data={"upload-recipient_id": recipient.id, "upload-letter": (io.BytesIO(data), name)},
        headers={"Referer": f"http://localhost/consultations/{consultation.id}/paper-replies/new"},
    )


def review_data(db, token: str, moment, **changes) -> dict:
    """What the review page posts when the team changes nothing but ``changes``."""
    row = db.session.scalar(sa.select(LetterReading).filter_by(token=token))
    record = record_of(row)
    items = initial_items(record, {})
    data = {
        "count": len(items),
        "letter_number": record["letter"]["number"],
        "letter_date": record["letter"]["date"],
        "letter_signer": record["letter"]["signer"],
        "position": {"comments": "agree_with_comments", "agree": "agree_entirely", "disagree": "disagree"}.get(
            record["position"], ""
        ),
        "received_date": f"{to_local(moment):%Y-%m-%d}",
        "received_time": f"{to_local(moment):%H:%M}",
        "submit": "1",
    }
    for number, item in enumerate(items):
        data[f"item-{number}-clause"] = item.clause_id or ""
        data[f"item-{number}-text"] = item.text
        data[f"item-{number}-wording"] = item.proposed_wording
        data[f"item-{number}-action"] = "keep"
    return data | changes


def token_of(response) -> str:
    return response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_letter_uploaded_read_reviewed_and_recorded_as_a_paper_reply(client, scene, db):
    consultation, clauses = scene["consultation"], scene["clauses"]
    page = client.get(f"/consultations/{consultation.id}/paper-replies/new").get_data(as_text=True)
    assert "Đọc công văn tự động" in page
    letter = to_docx(PROSE_POINTS)
    response = upload(client, scene, letter, "cong van BTP.docx")
    assert response.status_code == 303, response.get_data(as_text=True)
    review = client.get(response.headers["Location"])
    html = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "Không có chữ ký số" in html and 'value="1582/BTP-PLDSKT"' in html and 'value="2026-11-12"' in html
    assert "Thứ trưởng - Nguyễn Thanh Tịnh" in html
    assert "Dự thảo không có" not in html and "không phải văn bản xin ý kiến" not in html
    by_ref = {clause.ref: clause.id for clause in clauses}
    assert re.search(rf'<option value="{by_ref["khoản 2 Điều 5"]}" selected>\s*khoản 2 Điều 5', html)
    assert "Công văn cũng nêu: Điều 5." in html  # "Điều 4 và Điều 5": the first clause proposed, the other named

    moment = now_utc() - timedelta(hours=1)
    done = client.post(response.headers["Location"], data=review_data(db, token_of(response), moment))
    assert done.status_code == 303, done.get_data(as_text=True)
    reply = reply_of(db, scene["agency"])
    assert reply.entered_by_team and not reply.is_late and reply.position is ReplyPosition.AGREE_WITH_COMMENTS
    assert (reply.letter_number, f"{reply.letter_date}") == ("1582/BTP-PLDSKT", "2026-11-12")
    assert reply.attachment == letter and reply.attachment_name == "cong van BTP.docx"
    assert reply.signature_status == "unsigned"
    saved = {(c.clause_id, c.text, c.proposed_wording) for c in reply.comments}
    assert (
        by_ref["khoản 2 Điều 5"],
        "Tại khoản 2 Điều 5, đề nghị sửa lại như sau:",
        "2. Cố ý công bố dữ liệu sai lệch dưới danh nghĩa cơ quan nhà nước.",
    ) in saved
    assert (by_ref["Chương III"], "Chương III: đề nghị bổ sung điều khoản chuyển tiếp.", "") in saved
    assert len(saved) == 9 and sum(1 for c in reply.comments if c.clause_id is None) == 1
    assert db.session.query(AuditEntry).filter_by(action="reply.paper").count() == 1
    # The reading is spent: an old tab cannot record it again.
    again = client.post(response.headers["Location"], data=review_data(db, token_of(response), moment))
    assert again.status_code == 303 and f"/paper-replies/{reply.id}" in again.headers["Location"]
    assert db.session.query(AuditEntry).filter_by(action="reply.paper").count() == 1


def test_review_edits_merge_split_move_and_delete(client, scene, db):
    response = upload(client, scene, to_docx(PROSE_POINTS), "cv.docx")
    token = token_of(response)
    moment = now_utc()
    data = review_data(db, token, moment, submit="")
    data.pop("submit")
    data |= {"refresh": "1", "item-1-action": "merge", "item-2-action": "delete", "item-3-action": "general"}
    data["item-4-text"] = "Dòng một.\nDòng hai."
    data["item-4-action"] = "split"
    page = client.post(response.headers["Location"], data=data)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ý kiến đọc được (8)" in html  # 9, one merged, one deleted, one more from the split
    assert "Tại khoản 2 Điều 5, đề nghị sửa lại như sau:\nkhoản 1, Điều 3" in html
    assert "Dòng một.</textarea>" in html and "Dòng hai.</textarea>" in html


def test_signed_pdf_letter_shows_and_keeps_its_verdict(app, client, scene, db, tmp_path):
    authority = make_authority()
    roots = tmp_path / "roots.pem"
    roots.write_bytes(authority.pem)
    app.config["SIGNATURE_TRUST_ROOTS"] = str(roots)
    signer = make_signer(authority, "Nguyễn Thanh Tịnh", "Bộ Tư pháp")
    response = upload(client, scene, sign_pdf(to_pdf(PROSE_POINTS), signer, authority), "cv.pdf")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in html and "ký bởi Nguyễn Thanh Tịnh (Bộ Tư pháp)" in html
    done = client.post(response.headers["Location"], data=review_data(db, token_of(response), now_utc()))
    assert done.status_code == 303
    reply = reply_of(db, scene["agency"])
    assert (reply.signature_status, reply.signature_signer, reply.attachment_type) == (
        "valid",
        "Nguyễn Thanh Tịnh",
        "application/pdf",
    )


def test_required_signature_refuses_an_unsigned_letter_and_records_nothing(app, client, scene, db):
    app.config["REQUIRE_SIGNED_LETTERS"] = True
    response = upload(client, scene, to_docx(PROSE_POINTS), "cv.docx")
    refused = client.post(response.headers["Location"], data=review_data(db, token_of(response), now_utc()))
    assert refused.status_code == 422
    assert MSG_UNSIGNED_REFUSED.format(verdict="không có chữ ký số") in refused.get_data(as_text=True)
    assert reply_of(db, scene["agency"]) is None or not reply_of(db, scene["agency"]).is_submitted


def test_letter_for_another_request_and_clauses_the_draft_lacks_are_warned(client, scene, factory, db):
    factory.agency(name="Ủy ban nhân dân tỉnh Lào Cai")
    scene["consultation"].letter_number = "999/BKHCN-CĐS"
    db.session.commit()
    response = upload(client, scene, to_docx(DASH_LIST), "cv.docx")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Công văn trả lời văn bản số 412/BKHCN-CĐS, không phải văn bản xin ý kiến số 999/BKHCN-CĐS" in html
    assert "Dự thảo không có “Điều 25”" in html
    assert "Công văn do Ủy ban nhân dân tỉnh Lào Cai ban hành, không phải Bộ Tư pháp." in html


def test_letter_that_maps_nothing_keeps_its_comments_as_general(client, scene, db):
    response = upload(client, scene, to_docx(STRATEGY_SECTIONS), "cv.docx")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Không ý kiến nào gắn được với điều, khoản của dự thảo" in html
    assert "Ý kiến đọc được (5)" in html
    assert html.count('<option value="" selected>') == 5


def test_scan_without_text_is_refused_on_the_paper_page(client, scene, db):
    from weasyprint import HTML

    scan = HTML(string="<div style='height:10cm;background:#eee'></div>").write_pdf()
    response = upload(client, scene, scan, "scan.pdf")
    assert response.status_code == 400
    assert MSG_NO_TEXT_LAYER in response.get_data(as_text=True)
    assert db.session.query(LetterReading).count() == 0


def test_another_units_drafter_cannot_see_the_review(app, client, scene, factory, login, db):
    response = upload(client, scene, to_docx(PROSE_POINTS), "cv.docx")
    stranger = login(factory.drafter(), the_client=app.test_client())
    assert stranger.get(response.headers["Location"]).status_code == 404
    assert stranger.get(response.headers["Location"] + "/file").status_code == 404


def test_verdict_on_the_reply_page_and_in_the_synthesis_list_of_letters(app, client, scene, db, tmp_path):
    authority = make_authority()
    signer = make_signer(authority, "Nguyễn Thanh Tịnh", "Bộ Tư pháp")
    response = upload(client, scene, sign_pdf(to_pdf(PROSE_POINTS), signer, authority), "cv.pdf")  # no trust roots
    done = client.post(response.headers["Location"], data=review_data(db, token_of(response), now_utc()))
    reply_page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Chữ ký số của văn bản: " in reply_page
    assert "Không xác định được nguồn cấp chứng thư số</span> — ký bởi Nguyễn Thanh Tịnh (Bộ Tư pháp)" in reply_page
    consultation_id = scene["consultation"].id
    reply_id = reply_of(db, scene["agency"]).id
    team_reply = client.get(f"/consultations/{consultation_id}/replies/{reply_id}").get_data(as_text=True)
    assert "<dt>Chữ ký số</dt>" in team_reply and "Không xác định được nguồn cấp chứng thư số" in team_reply
    replies = client.get(f"/consultations/{consultation_id}/replies").get_data(as_text=True)
    assert "Không xác định được nguồn cấp chứng thư số" in replies
    synthesis = client.get(f"/consultations/{consultation_id}/synthesis").get_data(as_text=True)
    letters = synthesis[synthesis.index('id="letters"') :]
    assert "Văn bản góp ý đã nhận" in letters and "1582/BTP-PLDSKT, ngày 12/11/2026" in letters
    assert "Không xác định được nguồn cấp chứng thư số" in letters
