"""Who reaches the team's consultation pages, and the submitted replies the team reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.accounts.models import Role
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import to_local
from commentsvc.responses.models import Comment


def snapshot(db) -> list[tuple]:
    """Every consultation and recipient column that a request could change."""
    db.session.expire_all()
    consultations = db.session.execute(
        sa.select(Consultation.id, Consultation.status, Consultation.deadline_at, Consultation.closed_at)
    ).all()
    recipients = db.session.execute(sa.select(Recipient.id, Recipient.agency_id, Recipient.extended_until)).all()
    return sorted(consultations) + sorted(recipients)


@pytest.fixture
def foreign(factory):
    """A consultation of another unit, one still a draft, and the ids its URLs need."""
    consultation = factory.consultation()
    draft = factory.consultation(status=ConsultationStatus.DRAFT)
    return {"open": consultation, "draft": draft, "recipient": consultation.recipients[0]}


def post_urls(consultation, recipient, agency_id) -> list[tuple[str, dict]]:
    base = f"/consultations/{consultation.id}"
    later = (to_local(consultation.deadline_at) + timedelta(days=3)).date().isoformat()
    return [
        (f"{base}/edit", {"letter_number": "1/X", "title": "Đổi tên"}),
        (f"{base}/open", {}),
        (f"{base}/close", {"confirmed": "1"}),
        (f"{base}/reopen", {"deadline_date": later}),
        (f"{base}/extend", {"deadline_date": later}),
        (f"{base}/recipients/groups", {"groups": ["ministry"]}),
        (f"{base}/recipients/add", {"agency_ids": [agency_id]}),
        (f"{base}/recipients/{recipient.id}/remove", {}),
        (f"{base}/recipients/{recipient.id}/extend", {"deadline_date": later}),
    ]


def test_drafters_of_other_units_get_404_and_change_nothing(client, login, factory, db, foreign):
    login(factory.drafter())
    extra = factory.agency()
    for consultation in (foreign["open"], foreign["draft"]):
        base = f"/consultations/{consultation.id}"
        for path in (base, f"{base}/edit", f"{base}/replies", f"{base}/recipients/{foreign['recipient'].id}/extend"):
            assert client.get(path).status_code == 404, path
        before, audit_count = snapshot(db), factory.count(AuditEntry)
        for path, data in post_urls(consultation, foreign["recipient"], extra.id):
            assert client.post(path, data=data).status_code == 404, path
        assert snapshot(db) == before
        assert factory.count(AuditEntry) == audit_count
    assert foreign["open"].title not in client.get("/consultations/").get_data(as_text=True)


def test_a_recipient_of_another_consultation_is_404(client, login, factory, db, foreign):
    unit = factory.unit()
    own = factory.consultation(version=factory.draft_version(unit))
    login(factory.drafter(unit))
    before = snapshot(db)
    path = f"/consultations/{own.id}/recipients/{foreign['recipient'].id}"
    assert client.post(f"{path}/remove", data={}).status_code == 404
    assert client.post(f"{path}/extend", data={"deadline_date": "2099-01-01"}).status_code == 404
    assert snapshot(db) == before


@pytest.mark.parametrize("role", [Role.AGENCY, Role.ADMIN])
def test_other_roles_get_403(client, login, factory, db, foreign, role):
    consultation = foreign["open"]
    member = factory.user(role, agency=consultation.recipients[0].agency if role is Role.AGENCY else None)
    login(member)
    base = f"/consultations/{consultation.id}"
    for path in ("/consultations/", "/consultations/new", base, f"{base}/replies"):
        assert client.get(path).status_code == 403, path
    before = snapshot(db)
    for path, data in post_urls(consultation, foreign["recipient"], factory.agency().id):
        assert client.post(path, data=data).status_code == 403, path
    assert client.post("/consultations/new", data={}).status_code == 403
    assert snapshot(db) == before


def test_anonymous_visitors_are_sent_to_login(client, foreign):
    response = client.get(f"/consultations/{foreign['open'].id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_posts_without_csrf_are_refused(client, login, factory, db):
    unit = factory.unit()
    consultation = factory.consultation(version=factory.draft_version(unit))
    login(factory.drafter(unit))
    before = snapshot(db)
    assert client.post(f"/consultations/{consultation.id}/close", data={}, csrf=False).status_code == 400
    assert snapshot(db) == before


@pytest.fixture
def replied(factory):
    """A unit's open consultation where one agency submitted comments and another is still drafting."""
    unit = factory.unit()
    version = factory.draft_version(unit)
    submitted_agency, drafting_agency = factory.agency(name="Bộ Tư pháp"), factory.agency(name="Bộ Y tế")
    consultation = factory.consultation(version=version, agencies=[submitted_agency, drafting_agency])
    point = next(clause for clause in version.clauses if clause.ref == "điểm a khoản 1 Điều 2")
    submitted = factory.reply(
        consultation, submitted_agency, comments=[(point.id, "Đề nghị làm rõ định dạng."), (None, "Nhất trí chung.")]
    )
    comment = next(c for c in submitted.comments if c.clause_id == point.id)
    comment.proposed_wording = "a) Dữ liệu phải ở định dạng mở, máy đọc được;"
    drafting = factory.reply(consultation, drafting_agency, comments=[(None, "Nội dung nháp bí mật")], submitted=False)
    factory.db.session.commit()
    return {"unit": unit, "consultation": consultation, "submitted": submitted, "drafting": drafting}


def test_team_reads_submitted_replies_with_their_comments(client, login, factory, replied):
    login(factory.drafter(replied["unit"]))
    consultation = replied["consultation"]
    listing = client.get(f"/consultations/{consultation.id}/replies").get_data(as_text=True)
    assert "Bộ Tư pháp" in listing and "Bộ Y tế" not in listing
    assert "1 trên 2 cơ quan" in listing
    response = client.get(f"/consultations/{consultation.id}/replies/{replied['submitted'].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "điểm a khoản 1 Điều 2" in page and "Đề nghị làm rõ định dạng." in page
    assert "a) Dữ liệu phải ở định dạng mở, máy đọc được;" in page
    assert page.index("Nhất trí chung.") < page.index("Đề nghị làm rõ định dạng.")  # general comments first
    detail = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert f"/replies/{replied['submitted'].id}" in detail
    assert f"/replies/{replied['drafting'].id}" not in detail


def test_an_agencys_unsubmitted_reply_is_404(client, login, factory, replied):
    login(factory.drafter(replied["unit"]))
    consultation = replied["consultation"]
    response = client.get(f"/consultations/{consultation.id}/replies/{replied['drafting'].id}")
    assert response.status_code == 404
    assert "Nội dung nháp bí mật" not in response.get_data(as_text=True)
    other = factory.consultation(version=consultation.draft_version)
    assert client.get(f"/consultations/{other.id}/replies/{replied['submitted'].id}").status_code == 404


def test_another_units_submitted_reply_is_404(client, login, factory, replied):
    login(factory.drafter())
    consultation = replied["consultation"]
    assert client.get(f"/consultations/{consultation.id}/replies/{replied['submitted'].id}").status_code == 404
    assert factory.count(Comment) == 3
