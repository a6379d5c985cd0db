"""Round 2: opening it from round 1, the carry-over of round-1 dispositions for the team and for each agency."""

from __future__ import annotations

import io
from datetime import date, timedelta

import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from commentsvc.accounts.models import Role
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from commentsvc.revisions.models import ClauseLink
from commentsvc.synthesis.loading import synthesis_for
from commentsvc.synthesis.models import Decision, Disposition
from tests.web.revisions_helpers import clause, two_versions


def decide(db, consultation, comment, decision: Decision, explanation: str) -> None:
    disposition = Disposition(
        consultation_id=consultation.id, clause_id=comment.clause_id, decision=decision, explanation=explanation
    )
    db.session.add(disposition)
    db.session.flush()
    comment.disposition_id = disposition.id
    db.session.commit()


def publish(factory, db, consultation) -> None:
    """The head of the drafting unit publishes the results: only then do agencies see them."""
    from commentsvc.synthesis import publication

    head = factory.drafter(consultation.drafting_unit)
    head.can_publish = True
    publication.publish(consultation, now_utc(), by=head)
    db.session.commit()


def round_one(factory, db, *, published: bool = True):
    """A closed round 1 on version 1: the ministry of justice commented twice (decided, published unless told
    otherwise), the police only drafted."""
    old, new = two_versions(factory, db)
    justice = factory.agency(code="BTP", name="Bộ Tư pháp")
    police = factory.agency(code="BCA", name="Bộ Công an")
    gone = factory.agency(code="BTTTT", name="Bộ Thông tin và Truyền thông", is_active=False)
    first = factory.consultation(version=old, agencies=[justice, police, gone])
    reply = factory.reply(
        first,
        justice,
        comments=[
            (clause(db, old, "khoản 3 Điều 3").id, "Đề nghị bổ sung yêu cầu về tính kịp thời."),
            (clause(db, old, "khoản 2 Điều 3").id, "Đề nghị bỏ khoản này vì trùng lặp."),
        ],
    )
    factory.reply(
        first, police, comments=[(clause(db, old, "Điều 1").id, "Ý kiến chưa gửi của Bộ Công an")], submitted=False
    )
    decide(db, first, reply.comments[0], Decision.ACCEPTED, "Đã bổ sung tại khoản 2 Điều 4.")
    decide(db, first, reply.comments[1], Decision.ACCEPTED, "Đã bỏ khoản 2 Điều 3.")
    first.status = ConsultationStatus.CLOSED
    first.closed_at = now_utc()
    db.session.commit()
    if published:
        publish(factory, db, first)
    return first, new, justice, police


def next_round_form(version, **extra) -> dict:
    deadline = (now_utc() + timedelta(days=20)).date()
    return {
        "draft_version_id": version.id,
        "title": "Lấy ý kiến lần 2 dự thảo Nghị định",
        "deadline_date": deadline.strftime("%d/%m/%Y"),
        "contact_name": "Trần Thị Bình",
        "contact_phone": "024 3943 0000",
        "contact_email": "binh@example.com",
        "silence_is_agreement": "y",
        "reminder_days": "3,1",
    } | extra


def open_round_two(client, first, new) -> Consultation:
    response = client.post(f"/drafts/rounds/{first.id}/next", data=next_round_form(new))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return Consultation.query.filter_by(previous_id=first.id).one()


def open_round_two_with_a_comment(client, login, factory, db, text: str):
    """Round 1, then round 2 opened by the team with one comment of the police on khoản 2 Điều 4 of the new version."""
    first, new, _justice, police = round_one(factory, db)
    login(factory.drafter(first.drafting_unit))
    second = open_round_two(client, first, new)
    second.status = ConsultationStatus.OPEN
    db.session.commit()
    factory.reply(second, police, comments=[(clause(db, new, "khoản 2 Điều 4").id, text)])
    return first, second


def test_the_form_is_prefilled_from_round_one(client, login, factory, db):
    first, new, _justice, _police = round_one(factory, db)
    login(factory.drafter(first.drafting_unit))
    html = client.get(f"/drafts/rounds/{first.id}/next").get_data(as_text=True)
    assert 'value="Trần Thị Bình"' in html and 'value="binh@example.com"' in html
    assert f'value="{first.title}"' in html and "Phiên bản 2" in html and "Phiên bản 1 " not in html


def test_round_two_keeps_recipients_and_settings_and_maps_the_clauses(client, login, factory, db):
    first, new, justice, police = round_one(factory, db)
    login(factory.drafter(first.drafting_unit))
    second = open_round_two(client, first, new)
    assert (second.round_number, second.previous_id, second.draft_version_id) == (2, first.id, new.id)
    assert second.status is ConsultationStatus.DRAFT
    assert {r.agency_id for r in second.recipients} == {justice.id, police.id}  # not the deactivated ministry
    assert (second.contact_name, second.contact_email, second.silence_is_agreement) == (
        "Trần Thị Bình",
        "binh@example.com",
        True,
    )
    assert factory.count(ClauseLink) > 0
    assert db.session.query(AuditEntry).filter_by(action="revisions.next_round", object_id=second.id).count() == 1
    assert db.session.query(AuditEntry).filter_by(action="consultation.create", object_id=second.id).count() == 1


def test_round_two_refuses_an_older_version_and_foreign_consultations(client, login, factory, db):
    first, _new, _justice, _police = round_one(factory, db)
    login(factory.drafter(first.drafting_unit))
    response = client.post(f"/drafts/rounds/{first.id}/next", data=next_round_form(first.draft_version))
    assert response.status_code == 400
    assert "Vui lòng chọn một phiên bản mới hơn của cùng dự thảo." in response.get_data(as_text=True)
    other = login(factory.drafter(), the_client=client.application.test_client())
    assert other.get(f"/drafts/rounds/{first.id}/next").status_code == 404
    assert Consultation.query.filter_by(previous_id=first.id).count() == 0


def test_the_team_sees_how_round_one_comments_were_handled(client, login, factory, db):
    first, new, _justice, _police = round_one(factory, db)
    login(factory.drafter(first.drafting_unit))
    second = open_round_two(client, first, new)
    page = client.get(f"/drafts/rounds/{second.id}/carryover")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Tình hình tiếp thu, giải trình ý kiến lần 1" in html
    assert "Đề nghị bổ sung yêu cầu về tính kịp thời." in html and "Đã bổ sung tại khoản 2 Điều 4." in html
    assert "2. Các bộ, ngành bảo đảm chất lượng, tính kịp thời của dữ liệu mở" in html
    assert "Đã bỏ trong dự thảo sửa đổi" in html
    assert "Ý kiến chưa gửi của Bộ Công an" not in html
    docx = client.get(f"/drafts/rounds/{second.id}/carryover.docx")
    table = Document(io.BytesIO(docx.data)).tables[0]
    assert [row.cells[2].text for row in table.rows[1:]] == ["khoản 2 Điều 3", "khoản 3 Điều 3"]
    assert table.rows[2].cells[5].text == "khoản 2 Điều 4"
    sheet = load_workbook(io.BytesIO(client.get(f"/drafts/rounds/{second.id}/carryover.xlsx").data)).active
    assert [row[3].value for row in sheet.iter_rows(min_row=4)] == [
        "Đề nghị bỏ khoản này vì trùng lặp.",
        "Đề nghị bổ sung yêu cầu về tính kịp thời.",
    ]
    assert client.get(f"/drafts/rounds/{first.id}/carryover").status_code == 404  # round 1 has no previous round


def test_round_two_synthesis_counts_only_round_two_replies(client, login, factory, db):
    _first, second = open_round_two_with_a_comment(client, login, factory, db, "Nhất trí với nội dung sửa đổi.")
    summary = synthesis_for(second, on=date(2026, 1, 5)).summary
    assert (summary.replied, summary.comments_total, summary.agreed_with_comments) == (1, 1, 1)
    carry = client.get(f"/drafts/rounds/{second.id}/carryover").get_data(as_text=True)
    assert "Đề nghị bổ sung yêu cầu về tính kịp thời." in carry and "Nhất trí với nội dung sửa đổi." not in carry


def test_an_agency_sees_only_its_own_round_one_comments(client, login, factory, db):
    first, new, justice, police = round_one(factory, db)
    team = login(factory.drafter(first.drafting_unit), the_client=client.application.test_client())
    second = open_round_two(team, first, new)
    login(factory.member(justice))
    page = client.get(f"/agency/revisions/{first.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Đã bổ sung tại khoản 2 Điều 4." in html and "Chưa có dự thảo sửa đổi" in html  # round 2 not sent yet
    assert "tính kịp thời của dữ liệu mở thuộc phạm vi quản lý" not in html
    second.status = ConsultationStatus.OPEN
    db.session.commit()
    html = client.get(f"/agency/revisions/{first.id}").get_data(as_text=True)
    assert "2. Các bộ, ngành bảo đảm chất lượng, tính kịp thời của dữ liệu mở thuộc phạm vi quản lý." in html
    police_member = login(factory.member(police), the_client=client.application.test_client())
    police_html = police_member.get(f"/agency/revisions/{first.id}").get_data(as_text=True)
    assert "Đề nghị bổ sung" not in police_html and "Ý kiến chưa gửi của Bộ Công an" not in police_html
    stranger = login(factory.member(), the_client=client.application.test_client())
    assert stranger.get(f"/agency/revisions/{first.id}").status_code == 404
    drafter = login(factory.drafter(first.drafting_unit), the_client=client.application.test_client())
    assert drafter.get(f"/agency/revisions/{first.id}").status_code == 403


def test_an_agency_waits_for_the_publication_of_round_one(client, login, factory, db):
    first, _new, justice, _police = round_one(factory, db, published=False)
    login(factory.member(justice))
    response = client.get(f"/agency/revisions/{first.id}")
    assert response.status_code == 409  # closed and decided, but the results are the team's until published
    assert "chưa được công bố" in response.get_data(as_text=True)
    assert f'href="/agency/revisions/{first.id}"' not in client.get(f"/agency/consultations/{first.id}").get_data(
        as_text=True
    )
    publish(factory, db, first)
    assert client.get(f"/agency/revisions/{first.id}").status_code == 200


def test_team_pages_are_refused_to_others(client, login, factory, db):
    first, new, _justice, _police = round_one(factory, db)
    team = login(factory.drafter(first.drafting_unit), the_client=client.application.test_client())
    second = open_round_two(team, first, new)
    for path in (f"/drafts/rounds/{second.id}/carryover", f"/drafts/rounds/{second.id}/carryover.docx"):
        for role in (Role.AGENCY, Role.ADMIN):
            other = login(factory.user(role), the_client=client.application.test_client())
            assert other.get(path).status_code == 403
        assert login(factory.drafter(), the_client=client.application.test_client()).get(path).status_code == 404
    outsider = login(factory.drafter(), the_client=client.application.test_client())
    assert outsider.post(f"/drafts/rounds/{first.id}/next", data=next_round_form(new)).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Consultation)) == 2


def test_the_agency_finds_the_outcome_from_its_consultation_pages(client, login, factory, db):
    first, new, justice, _police = round_one(factory, db)
    team = login(factory.drafter(first.drafting_unit), the_client=client.application.test_client())
    second = open_round_two(team, first, new)
    second.status = ConsultationStatus.OPEN
    db.session.commit()
    login(factory.member(justice))
    outcome = f'href="/agency/revisions/{first.id}"'
    assert outcome in client.get(f"/agency/consultations/{first.id}").get_data(as_text=True)  # round 1 closed
    round_two = client.get(f"/agency/consultations/{second.id}").get_data(as_text=True)
    assert "Kết quả tiếp thu, giải trình ý kiến lần 1" in round_two and outcome in round_two
    assert f'href="/agency/revisions/{second.id}"' not in round_two  # round 2 still open
