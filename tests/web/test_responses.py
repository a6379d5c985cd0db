"""The agency's pages: inbox, reading the draft, comments per clause, edits by two members, and privacy."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.consultations.models import ConsultationStatus, Recipient
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from commentsvc.drafts.models import Clause
from commentsvc.responses.models import Comment, Reply, ReplyStatus


def clauses_of(db, consultation) -> list[Clause]:
    return db.session.scalars(
        sa.select(Clause).where(Clause.version_id == consultation.draft_version_id).order_by(Clause.position)
    ).all()


def url(consultation, tail: str = "") -> str:
    return f"/agency/consultations/{consultation.id}{tail}"


def comment(client, consultation, clause_id, text: str, proposed: str = ""):
    data = {"clause_id": clause_id or "", "text": text, "proposed_wording": proposed}
    return client.post(url(consultation, "/comments"), data=data)


def snapshot(db) -> tuple:
    """Everything an agency could change: comments, replies, recipients' opening marks."""
    db.session.expire_all()
    comments = db.session.execute(sa.select(Comment.id, Comment.text, Comment.version).order_by(Comment.id)).all()
    replies = db.session.execute(sa.select(Reply.id, Reply.status).order_by(Reply.id)).all()
    opened = db.session.execute(sa.select(Recipient.id, Recipient.first_opened_at).order_by(Recipient.id)).all()
    return comments, replies, opened


def test_inbox_lists_sent_consultations_with_state(client, factory, login, db):
    agency = factory.agency(name="Bộ Tư pháp")
    sent = factory.consultation(agencies=[agency], deadline_at=now_utc() + timedelta(days=3, hours=2))
    draft = factory.consultation(agencies=[agency], status=ConsultationStatus.DRAFT)
    other = factory.consultation()  # sent to other agencies only
    login(factory.member(agency))
    page = client.get("/agency/").get_data(as_text=True)
    assert sent.title in page and "Chưa mở" in page and "còn 3 ngày" in page
    assert url(draft) not in page and url(other) not in page
    assert client.get(url(draft)).status_code == 404
    assert client.get(url(other)).status_code == 404

    clause = clauses_of(db, sent)[1]
    comment(client, sent, clause.id, "Đề nghị làm rõ phạm vi.")
    comment(client, sent, None, "Ý kiến chung thứ nhất.")
    assert "Đang soạn góp ý (2 ý kiến)" in client.get("/agency/").get_data(as_text=True)

    # Past the deadline the unsent draft is silence, as on the team's tracking page, and the agency is told so.
    sent.deadline_at = now_utc() - timedelta(minutes=5)
    db.session.commit()
    assert "Không trả lời (coi như nhất trí), có 2 ý kiến chưa gửi" in client.get("/agency/").get_data(as_text=True)


def test_opening_sets_first_opened_once(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    page = client.get(url(consultation))
    assert page.status_code == 200
    recipient = db.session.scalar(sa.select(Recipient).where(Recipient.agency_id == agency.id))
    first = recipient.first_opened_at
    assert first is not None
    client.get(url(consultation))
    db.session.refresh(recipient)
    assert recipient.first_opened_at == first
    assert db.session.query(AuditEntry).filter_by(action="recipient.open").count() == 1


@pytest.mark.parametrize(
    "headers", [{"Sec-Fetch-Site": "cross-site"}, {"Referer": "https://evil.example/page"}], ids=["fetch", "referer"]
)
def test_a_cross_site_link_does_not_record_the_first_opening(client, factory, login, db, headers):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    assert client.get(url(consultation), headers=headers).status_code == 200  # the page itself is shown
    recipient = db.session.scalar(sa.select(Recipient).where(Recipient.agency_id == agency.id))
    assert recipient.first_opened_at is None
    client.get(url(consultation), headers={"Sec-Fetch-Site": "same-origin"})
    db.session.refresh(recipient)
    assert recipient.first_opened_at is not None


def test_draft_reads_clause_by_clause_and_comments_keep_the_place(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    member = factory.member(agency)
    login(member)
    page = client.get(url(consultation)).get_data(as_text=True)
    clauses = clauses_of(db, consultation)
    for clause in clauses:
        assert f'id="c-{clause.id}"' in page and clause.ref in page
    assert 'class="clause depth-2"' in page  # points are indented under their clause

    target = clauses[5]  # điểm a khoản 1 Điều 2
    response = comment(client, consultation, target.id, "Cần nêu rõ định dạng.", "a) Dữ liệu phải ở định dạng mở;")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url(consultation)}#c-{target.id}")
    general = comment(client, consultation, None, "Dự thảo cần bổ sung điều khoản chuyển tiếp.")
    assert general.headers["Location"].endswith("#c-general")

    reply = db.session.scalar(sa.select(Reply))
    assert reply.status is ReplyStatus.DRAFTING and reply.recipient.agency_id == agency.id
    saved = {c.clause_id: c for c in reply.comments}
    assert saved[target.id].proposed_wording == "a) Dữ liệu phải ở định dạng mở;"
    assert saved[None].text == "Dự thảo cần bổ sung điều khoản chuyển tiếp."
    assert saved[target.id].created_by_id == member.id
    page = client.get(url(consultation)).get_data(as_text=True)
    assert "Cần nêu rõ định dạng." in page and "Dự thảo cần bổ sung điều khoản chuyển tiếp." in page
    assert db.session.query(AuditEntry).filter_by(action="reply.comment_add").count() == 2


def test_empty_comment_and_foreign_clause_are_refused(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    elsewhere = factory.draft_version()
    login(factory.member(agency))
    before = snapshot(db)
    empty = comment(client, consultation, None, "   ")
    assert empty.status_code == 400
    assert "Vui lòng nhập nội dung góp ý." in empty.get_data(as_text=True)
    assert comment(client, consultation, elsewhere.clauses[0].id, "Sai dự thảo").status_code == 404
    assert comment(client, consultation, "abc", "Sai").status_code == 404
    assert snapshot(db)[:2] == before[:2]


def test_edit_and_delete_until_submission(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    comment(client, consultation, None, "Bản đầu")
    saved = db.session.scalar(sa.select(Comment))
    edit = client.post(
        url(consultation, f"/comments/{saved.id}"), data={"text": "Bản sửa", "proposed_wording": "", "version": 1}
    )
    assert edit.status_code == 303
    db.session.refresh(saved)
    assert (saved.text, saved.version) == ("Bản sửa", 2)
    assert client.post(url(consultation, f"/comments/{saved.id}/delete"), data={"version": 2}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0
    actions = {entry.action for entry in db.session.query(AuditEntry)}
    assert {"reply.comment_edit", "reply.comment_delete"} <= actions


def test_conflicting_edit_keeps_both_texts(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    first, second = factory.member(agency), factory.member(agency)
    login(first)
    other = login(second, the_client=app.test_client())
    comment(client, consultation, None, "Nội dung ban đầu")
    saved = db.session.scalar(sa.select(Comment))
    page = other.get(url(consultation)).get_data(as_text=True)
    shown_version = re.search(r'name="version" value="(\d+)"', page).group(1)

    mine = {"text": "Bản của người thứ nhất", "proposed_wording": "", "version": shown_version}
    assert client.post(url(consultation, f"/comments/{saved.id}"), data=mine).status_code == 303
    theirs = {"text": "Bản của người thứ hai", "proposed_wording": "Đề xuất B", "version": shown_version}
    refused = other.post(url(consultation, f"/comments/{saved.id}"), data=theirs)
    assert refused.status_code == 409
    body = refused.get_data(as_text=True)
    assert "Ý kiến này vừa được người khác sửa" in body
    assert "Bản của người thứ nhất" in body  # as now stored
    assert re.search(r"<textarea[^>]*>Bản của người thứ hai</textarea>", body)  # as typed, to re-submit
    assert first.full_name in body
    db.session.refresh(saved)
    assert (saved.text, saved.version) == ("Bản của người thứ nhất", 2)

    # Re-submitting from the conflict page carries the new version and succeeds.
    version = re.search(r'name="version" value="(\d+)"', body).group(1)
    again = other.post(url(consultation, f"/comments/{saved.id}"), data={**theirs, "version": version})
    assert again.status_code == 303
    db.session.refresh(saved)
    assert (saved.text, saved.version) == ("Bản của người thứ hai", 3)


def test_stale_delete_is_refused(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    comment(client, consultation, None, "Nội dung ban đầu")
    saved = db.session.scalar(sa.select(Comment))
    client.post(url(consultation, f"/comments/{saved.id}"), data={"text": "Đã sửa", "version": 1})
    refused = client.post(url(consultation, f"/comments/{saved.id}/delete"), data={"version": 1})
    assert refused.status_code == 409 and "Đã sửa" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(Comment.text)) == "Đã sửa"


def test_other_agency_cannot_see_or_touch_comments(app, client, factory, login, db):
    agency_a, agency_b = factory.agency(), factory.agency()
    consultation = factory.consultation(agencies=[agency_a, agency_b])
    not_sent_to_b = factory.consultation(agencies=[agency_a])
    login(factory.member(agency_a))
    comment(client, consultation, None, "Bí mật của cơ quan A")
    comment(client, not_sent_to_b, None, "Ý kiến A ở đợt khác")
    a_comment = db.session.scalar(sa.select(Comment).where(Comment.text == "Bí mật của cơ quan A"))

    intruder = login(factory.member(agency_b, can_submit=True), the_client=app.test_client())
    intruder.get(url(consultation))  # B's own page, which sets B's opening mark
    before = snapshot(db)
    page = intruder.get(url(consultation)).get_data(as_text=True)
    assert "Bí mật của cơ quan A" not in page
    attempts = [
        intruder.post(url(consultation, f"/comments/{a_comment.id}"), data={"text": "Ghi đè", "version": 1}),
        intruder.post(url(consultation, f"/comments/{a_comment.id}/delete"), data={"version": 1}),
        intruder.get(url(not_sent_to_b)),
        intruder.post(url(not_sent_to_b, "/comments"), data={"clause_id": "", "text": "Chen vào"}),
        intruder.get(url(not_sent_to_b, "/submit")),
        intruder.post(url(not_sent_to_b, "/submit"), data={"position": "agree_entirely"}),
        intruder.get(url(not_sent_to_b, "/receipt")),
        intruder.get(url(not_sent_to_b, "/receipt.txt")),
        intruder.get(url(not_sent_to_b, "/letter")),
    ]
    assert [response.status_code for response in attempts] == [404] * len(attempts)
    assert snapshot(db) == before


def test_drafters_and_admins_get_403_on_agency_pages(client, factory, login):
    consultation = factory.consultation()
    for user in (factory.drafter(consultation.drafting_unit), factory.admin()):
        login(user)
        assert client.get("/agency/").status_code == 403
        assert client.get(url(consultation)).status_code == 403
        assert client.post(url(consultation, "/comments"), data={"text": "x"}).status_code == 403
        client.post("/logout")
