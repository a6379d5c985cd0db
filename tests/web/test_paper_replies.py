"""Replies on paper or by e-mail, entered by the drafting team on the agency's behalf."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa

from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc, to_local
from commentsvc.responses.models import Comment, ReplyPosition, ReplyStatus
from commentsvc.responses.paper import split_pasted
from tests.web.test_responses import clauses_of, comment, snapshot
from tests.web.test_responses_submit import reply_of

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def received(moment) -> dict:
    local = to_local(moment)
    return {"received_date": f"{local:%Y-%m-%d}", "received_time": f"{local:%H:%M}"}


def record(client, consultation, recipient, moment, **extra):
    data = {
        "recipient_id": recipient.id,
        "position": "agree_with_comments",
        "letter_number": "12/UBND-VX",
        "letter_date": f"{to_local(moment):%Y-%m-%d}",
        "letter_signer": "Phạm Văn Dũng",
        **received(moment),
        **extra,
    }
    return client.post(f"/consultations/{consultation.id}/paper-replies/new", data=data)


def test_paper_reply_on_time_counts_like_any_other(app, client, factory, login, db):
    province = factory.agency(name="Ủy ban nhân dân tỉnh Lào Cai")
    consultation = factory.consultation(agencies=[province, factory.agency()])
    clauses = clauses_of(db, consultation)
    drafter = factory.drafter(consultation.drafting_unit)
    login(drafter)
    form = client.get(f"/consultations/{consultation.id}/paper-replies/new")
    assert form.status_code == 200 and "Ủy ban nhân dân tỉnh Lào Cai" in form.get_data(as_text=True)
    moment = now_utc() - timedelta(hours=2)
    response = record(
        client,
        consultation,
        consultation.recipients[0],
        moment,
        general="Cơ bản nhất trí.",
        **{f"clause-{clauses[2].id}": "Đề nghị bỏ khoản 2."},
        attachment=(io.BytesIO(JPEG), "scan cong van.jpg"),
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    reply = reply_of(db, province)
    assert reply.status is ReplyStatus.SUBMITTED and reply.entered_by_team and not reply.is_late
    assert reply.received_at == reply.submitted_at and abs(reply.received_at - moment) < timedelta(minutes=1)
    assert reply.submitted_by_id == drafter.id and reply.position is ReplyPosition.AGREE_WITH_COMMENTS
    assert sorted((c.clause_id or 0, c.text) for c in reply.comments) == [
        (0, "Cơ bản nhất trí."),
        (clauses[2].id, "Đề nghị bỏ khoản 2."),
    ]
    assert reply.attachment_type == "image/jpeg" and reply.attachment_name == "scan cong van.jpg"
    entry = db.session.query(AuditEntry).filter_by(action="reply.paper").one()
    assert (entry.user_id, entry.agency_id) == (drafter.id, province.id)

    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "12/UBND-VX" in shown and "Đề nghị bỏ khoản 2." in shown and "Đúng hạn" in shown
    letter = client.get(f"/consultations/{consultation.id}/replies/{reply.id}/letter")
    assert letter.status_code == 200 and letter.data == JPEG
    # The agency sees its reply as submitted, entered by the team.
    member = login(factory.member(province), the_client=app.test_client())
    receipt = member.get(f"/agency/consultations/{consultation.id}/receipt").get_data(as_text=True)
    assert "tổ soạn thảo nhập thay văn bản giấy" in receipt


def test_paper_reply_late_by_its_received_date(client, factory, login, db):
    late, early = factory.agency(), factory.agency()
    deadline = now_utc() - timedelta(days=2)
    consultation = factory.consultation(agencies=[late, early], deadline_at=deadline)
    login(factory.drafter(consultation.drafting_unit))
    recipients = {r.agency_id: r for r in consultation.recipients}
    after = record(client, consultation, recipients[late.id], deadline + timedelta(minutes=1), general="Muộn")
    before = record(client, consultation, recipients[early.id], deadline - timedelta(minutes=1), general="Kịp")
    assert after.status_code == before.status_code == 303
    assert reply_of(db, late).is_late is True
    assert reply_of(db, early).is_late is False  # entered after the deadline, but received before it


def test_pasted_letter_is_split_by_citations(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clauses = clauses_of(db, consultation)
    login(factory.drafter(consultation.drafting_unit))
    pasted = (
        "Về cơ bản thống nhất với dự thảo.\n\n"
        "Tại điểm a khoản 1 Điều 2: đề nghị nêu rõ định dạng.\n\n"
        "Điều 2 cần bổ sung khái niệm dữ liệu mở cấp tỉnh."
    )
    assert record(client, consultation, consultation.recipients[0], now_utc(), pasted=pasted).status_code == 303
    by_clause = {c.clause_id: c.text for c in reply_of(db, agency).comments}
    assert by_clause[None] == "Về cơ bản thống nhất với dự thảo."
    assert by_clause[clauses[5].id].startswith("Tại điểm a khoản 1 Điều 2")
    assert by_clause[clauses[3].id].startswith("Điều 2 cần bổ sung")


def test_split_pasted_does_not_confuse_article_numbers():
    class Clause:
        def __init__(self, id, ref):
            self.id, self.ref = id, ref

    clauses = [Clause(1, "Điều 1"), Clause(10, "Điều 10"), Clause(11, "khoản 1 Điều 10")]
    result = split_pasted("Điều 10 nên gộp.\n\nTại khoản 1 Điều 10, sửa.\n\nĐiều 1 giữ nguyên.\n\n  \n", clauses)
    assert [(c.clause_id, c.text[:8]) for c in result] == [(10, "Điều 10 "), (11, "Tại khoả"), (1, "Điều 1 g")]


def test_agency_draft_is_superseded_and_never_shown(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    member = login(factory.member(agency), the_client=app.test_client())
    comment(member, consultation, None, "Bản nháp bí mật của cơ quan")
    login(factory.drafter(consultation.drafting_unit))
    page = client.get(f"/consultations/{consultation.id}/paper-replies/new").get_data(as_text=True)
    assert "Bản nháp bí mật" not in page
    response = record(client, consultation, consultation.recipients[0], now_utc(), general="Theo công văn")
    assert response.status_code == 303
    texts = db.session.scalars(sa.select(Comment.text)).all()
    assert texts == ["Theo công văn"]
    entry = db.session.query(AuditEntry).filter_by(action="reply.paper").one()
    assert entry.details_dict["discarded_draft_comments"] == 1


def test_refusals_change_nothing(app, client, factory, login, db):
    agency, other = factory.agency(), factory.agency()
    consultation = factory.consultation(agencies=[agency, other])
    factory.reply(consultation, other, comments=[(None, "Đã gửi trực tuyến")])
    recipients = {r.agency_id: r for r in consultation.recipients}
    login(factory.drafter(consultation.drafting_unit))
    form = client.get(f"/consultations/{consultation.id}/paper-replies/new").get_data(as_text=True)
    assert f'value="{recipients[other.id].id}"' not in form  # already replied: not offered
    before = snapshot(db)
    exe = (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 64), "scan.pdf")
    refused = record(client, consultation, recipients[agency.id], now_utc(), general="x", attachment=exe)
    assert refused.status_code == 400 and "PDF, DOCX, JPEG hoặc PNG" in refused.get_data(as_text=True)
    assert record(client, consultation, recipients[other.id], now_utc(), general="Ghi đè").status_code == 409
    future = record(client, consultation, recipients[agency.id], now_utc() + timedelta(days=1), general="x")
    assert future.status_code == 400 and "tương lai" in future.get_data(as_text=True)
    assert record(client, consultation, recipients[agency.id], now_utc()).status_code == 400  # no comment
    assert snapshot(db) == before

    outsider = login(factory.drafter(), the_client=app.test_client())
    assert outsider.get(f"/consultations/{consultation.id}/paper-replies/new").status_code == 404
    assert record(outsider, consultation, recipients[agency.id], now_utc(), general="x").status_code == 404
    member = login(factory.member(agency, can_submit=True), the_client=app.test_client())
    assert member.get(f"/consultations/{consultation.id}/paper-replies/new").status_code == 403
    assert snapshot(db) == before


def test_team_cannot_open_an_unsubmitted_reply(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    draft = factory.reply(consultation, agency, comments=[(None, "Nháp")], submitted=False)
    login(factory.drafter(consultation.drafting_unit))
    assert client.get(f"/consultations/{consultation.id}/paper-replies/{draft.id}").status_code == 404
    assert client.get(f"/consultations/{consultation.id}/replies/{draft.id}/letter").status_code == 404


def test_the_team_finds_the_paper_form_from_the_consultation_page(client, factory, login, db):
    justice, police = factory.agency(name="Bộ Tư pháp"), factory.agency(name="Bộ Công an")
    consultation = factory.consultation(agencies=[justice, police])
    factory.reply(consultation, police)
    login(factory.drafter(consultation.drafting_unit))
    html = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert f'href="/consultations/{consultation.id}/paper-replies/new"' in html
    justice_recipient = next(r for r in consultation.recipients if r.agency_id == justice.id)
    police_recipient = next(r for r in consultation.recipients if r.agency_id == police.id)
    per_agency = f"/consultations/{consultation.id}/paper-replies/new?recipient_id="
    assert f'href="{per_agency}{justice_recipient.id}"' in html
    assert f'href="{per_agency}{police_recipient.id}"' not in html  # it has replied already
    form = client.get(f"{per_agency}{justice_recipient.id}").get_data(as_text=True)
    assert f'<option selected value="{justice_recipient.id}">Bộ Tư pháp</option>' in form
