"""The team reads every reply's letter from the replies page, and corrects a paper reply after saving it (audited)."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import lxml.html
import sqlalchemy as sa

from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from commentsvc.responses.models import ReplyPosition
from tests.web.test_paper_replies import JPEG, received, record
from tests.web.test_responses import clauses_of, comment
from tests.web.test_responses_submit import reply_of

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_team_opens_an_agencys_attached_letter_from_the_replies_page(app, client, factory, login, db):
    justice = factory.agency(name="Bộ Tư pháp")
    consultation = factory.consultation(agencies=[justice, factory.agency()])
    agency = login(factory.member(justice, can_submit=True), the_client=app.test_client())
    comment(agency, consultation, clauses_of(db, consultation)[1].id, "Đề nghị sửa khoản 1.")
    letter = {"position": "agree_with_comments", "letter_number": "45/BTP-PLDSKT", "letter_signer": "Nguyễn Thị Hoa"}
    letter["letter_date"] = f"{now_utc():%Y-%m-%d}"
    sent = agency.post(
        f"/agency/consultations/{consultation.id}/submit",
        data={**letter, "attachment": (io.BytesIO(PDF), "cong-van-gop-y.pdf")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303

    login(factory.drafter(consultation.drafting_unit))
    page = lxml.html.fromstring(client.get(f"/consultations/{consultation.id}/replies").get_data(as_text=True))
    links = [a.get("href") for a in page.xpath("//table//a") if "cong-van-gop-y.pdf" in a.text_content()]
    assert len(links) == 1
    download = client.get(links[0])
    assert download.status_code == 200 and download.data == PDF
    assert "cong-van-gop-y.pdf" in download.headers["Content-Disposition"]
    reply_page = client.get(f"/consultations/{consultation.id}/replies/{reply_of(db, justice).id}")
    assert links[0] in reply_page.get_data(as_text=True)

    outsider = login(factory.drafter(), the_client=app.test_client())
    assert outsider.get(links[0]).status_code == 404


def test_a_paper_reply_is_corrected_after_saving_and_the_change_is_audited(client, factory, login, db):
    province = factory.agency(name="Ủy ban nhân dân tỉnh Lào Cai")
    consultation = factory.consultation(agencies=[province], deadline_at=now_utc() - timedelta(hours=1))
    clauses = clauses_of(db, consultation)
    login(factory.drafter(consultation.drafting_unit))
    late = now_utc() - timedelta(minutes=30)
    typed = {"general": "Cơ bản nhất trí.", f"clause-{clauses[2].id}": "Đề nghị bỏ khoản 2."}
    record(client, consultation, consultation.recipients[0], late, **typed, attachment=(io.BytesIO(JPEG), "scan.jpg"))
    reply = reply_of(db, province)
    assert reply.is_late and reply.letter_number == "12/UBND-VX"
    general, on_clause = (c.id for c in sorted(reply.comments, key=lambda c: c.clause_id or 0))
    edit = f"/consultations/{consultation.id}/paper-replies/{reply.id}/edit"
    form = lxml.html.fromstring(client.get(edit).get_data(as_text=True))
    assert form.xpath('//input[@name="letter_number"]/@value') == ["12/UBND-VX"]
    assert form.xpath(f'//textarea[@name="comment-{on_clause}"]')[0].text_content() == "Đề nghị bỏ khoản 2."

    on_time = consultation.deadline_at - timedelta(hours=3)  # the clerk had typed the wrong day
    correction = {
        "position": "agree_with_comments",
        "letter_number": "12/UBND-VX2",
        "letter_date": f"{on_time:%Y-%m-%d}",
        "letter_signer": "Phạm Văn Dũng",
        **received(on_time),
        f"comment-{general}": "",
        f"comment-{on_clause}": "Đề nghị bỏ hẳn khoản 2.",
        f"clause-{clauses[1].id}": "Khoản 1 cần nêu rõ dữ liệu nào được mở.",
    }
    response = client.post(edit, data=correction)
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]

    reply = reply_of(db, province)
    assert not reply.is_late and reply.letter_number == "12/UBND-VX2" and reply.attachment_name == "scan.jpg"
    assert sorted((c.clause_id, c.text) for c in reply.comments) == [
        (clauses[1].id, "Khoản 1 cần nêu rõ dữ liệu nào được mở."),
        (clauses[2].id, "Đề nghị bỏ hẳn khoản 2."),
    ]
    entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="reply.paper_correct")).one()
    changes = json.loads(entry.details)["changes"]
    assert changes["letter_number"] == ["12/UBND-VX", "12/UBND-VX2"]
    assert changes["is_late"] == [True, False]
    assert changes["comments_removed"] == [[general, "Cơ bản nhất trí."]]
    assert changes["comments_changed"] == [[on_clause, "Đề nghị bỏ khoản 2.", "Đề nghị bỏ hẳn khoản 2."]]
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lịch sử sửa đổi" in shown and "số văn bản" in shown


def test_a_refused_correction_keeps_what_was_typed(client, factory, login, db):
    province = factory.agency()
    consultation = factory.consultation(agencies=[province])
    clauses = clauses_of(db, consultation)
    login(factory.drafter(consultation.drafting_unit))
    record(client, consultation, consultation.recipients[0], now_utc(), **{f"clause-{clauses[2].id}": "Bỏ khoản 2."})
    reply = reply_of(db, province)
    edit = f"/consultations/{consultation.id}/paper-replies/{reply.id}/edit"
    data = {"position": "agree_entirely", "letter_number": "99/UBND", "letter_signer": "Lê Văn Em"}
    data |= {"letter_date": f"{now_utc():%Y-%m-%d}", **received(now_utc())}
    response = client.post(edit, data=data)
    assert response.status_code == 409
    page = lxml.html.fromstring(response.get_data(as_text=True))
    assert page.xpath('//input[@name="letter_number"]/@value') == ["99/UBND"]
    assert "Nhất trí hoàn toàn" in " ".join(page.xpath('//*[@role="alert"]/text()'))
    assert reply_of(db, province).letter_number == "12/UBND-VX"
    assert reply_of(db, province).position is ReplyPosition.AGREE_WITH_COMMENTS


def test_an_agencys_online_reply_is_not_the_teams_to_rewrite(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    reply = factory.reply(consultation, agency)
    login(factory.drafter(consultation.drafting_unit))
    assert client.get(f"/consultations/{consultation.id}/paper-replies/{reply.id}/edit").status_code == 404
