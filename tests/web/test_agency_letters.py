"""An agency uploads its own signed reply letter, checks it against its online comments, and submits with it."""

from __future__ import annotations

import io

import pytest

from commentsvc.core.clock import now_utc
from commentsvc.responses import operations
from commentsvc.responses.models import ReplyStatus
from tests.letter_factory import to_pdf
from tests.letters import PROSE_POINTS
from tests.signing_factory import make_authority, make_signer, sign_pdf
from tests.web.test_letter_replies import DECREE_CLAUSES
from tests.web.test_responses import clauses_of
from tests.web.test_responses_submit import reply_of


@pytest.fixture
def agency_scene(app, factory, login, db, tmp_path):
    """The Ministry of Justice's leader, who may submit, with one online comment on khoản 2 Điều 5 and one on
    Điều 13; a CA the operator trusts and the leader's certificate."""
    justice = factory.agency(code="BTP", name="Bộ Tư pháp")
    version = factory.draft_version(clauses=DECREE_CLAUSES)
    consultation = factory.consultation(version=version, agencies=[justice])
    consultation.letter_number = "412/BKHCN-CĐS"
    db.session.commit()
    clauses = {clause.ref: clause for clause in clauses_of(db, consultation)}
    leader = factory.member(justice, can_submit=True)
    recipient = consultation.recipients[0]
    operations.add_comment(recipient, clauses["khoản 2 Điều 5"], "Đề nghị sửa khoản 2.", "", user=leader, now=now_utc())
    operations.add_comment(
        recipient, clauses["Điều 13"], "Đề nghị bổ sung Chủ tịch UBND cấp xã.", "", user=leader, now=now_utc()
    )
    db.session.commit()
    authority = make_authority()
    roots = tmp_path / "roots.pem"
    roots.write_bytes(authority.pem)
    app.config["SIGNATURE_TRUST_ROOTS"] = str(roots)
    signed = sign_pdf(to_pdf(PROSE_POINTS), make_signer(authority, "Nguyễn Thanh Tịnh", "Bộ Tư pháp"), authority)
    login(leader)
    return {
        "consultation": consultation,
        "agency": justice,
        "clauses": clauses,
        "signed": signed,
        "recipient": recipient,
    }


def upload_own(client, scene, data: bytes, name: str = "cong-van-ky-so.pdf"):
    consultation = scene["consultation"]
    return client.post(
        f"/agency/consultations/{consultation.id}/letter-readings",
        data={"upload-recipient_id": scene["recipient"].id, "upload-letter": (io.BytesIO(data), name)},
        headers={"Referer": f"http://localhost/agency/consultations/{consultation.id}/submit"},
    )


def test_agency_compares_its_signed_letter_and_submits_with_it(client, agency_scene, db):
    consultation = agency_scene["consultation"]
    page = client.get(f"/agency/consultations/{consultation.id}/submit").get_data(as_text=True)
    assert "Đối chiếu với công văn đã ký" in page
    response = upload_own(client, agency_scene, agency_scene["signed"])
    assert response.status_code == 303, response.get_data(as_text=True)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in html
    assert "Đề nghị sửa khoản 2." in html  # beside the letter's comment on the same clause
    assert "Ý kiến trực tuyến không thấy trong công văn (1)" in html and "Đề nghị bổ sung Chủ tịch UBND cấp xã." in html
    data = {
        "position": "agree_with_comments",
        "letter_number": "1582/BTP-PLDSKT",
        "letter_date": "2026-11-12",
        "letter_signer": "Thứ trưởng - Nguyễn Thanh Tịnh",
        "add-7": "1",  # "Chương III: đề nghị bổ sung điều khoản chuyển tiếp."
        "submit": "1",
    }
    done = client.post(response.headers["Location"], data=data)
    assert done.status_code == 303, done.get_data(as_text=True)
    reply = reply_of(db, agency_scene["agency"])
    assert reply.status is ReplyStatus.SUBMITTED and not reply.entered_by_team
    assert reply.attachment == agency_scene["signed"] and reply.attachment_type == "application/pdf"
    assert (reply.signature_status, reply.signature_signer) == ("valid", "Nguyễn Thanh Tịnh")
    texts = sorted(comment.text for comment in reply.comments)
    assert texts == [
        "Chương III: đề nghị bổ sung điều khoản chuyển tiếp.",
        "Đề nghị bổ sung Chủ tịch UBND cấp xã.",
        "Đề nghị sửa khoản 2.",
    ]
    receipt = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "1582/BTP-PLDSKT" in receipt


def test_member_who_may_not_submit_cannot_upload(app, agency_scene, factory, login):
    drafter_member = login(factory.member(agency_scene["agency"]), the_client=app.test_client())
    assert upload_own(drafter_member, agency_scene, agency_scene["signed"]).status_code == 403


def test_another_agency_cannot_open_the_reading(app, client, agency_scene, factory, login):
    response = upload_own(client, agency_scene, agency_scene["signed"])
    other = factory.agency()
    stranger = login(factory.member(other, can_submit=True), the_client=app.test_client())
    assert stranger.get(response.headers["Location"]).status_code == 404


def test_not_a_letter_is_refused_on_the_submit_page(client, agency_scene, db):
    response = upload_own(client, agency_scene, b"MZ\x90\x00 not a letter", "cong-van.pdf")
    assert response.status_code == 400
    assert "Tệp đính kèm phải là PDF hoặc DOCX" in response.get_data(as_text=True)
    assert reply_of(db, agency_scene["agency"]).status is ReplyStatus.DRAFTING
