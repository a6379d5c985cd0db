"""'Trình lãnh đạo': a member without the right to send marks the reply ready; those who can send are e-mailed and
see what changed since they last read it."""

from __future__ import annotations

import email

import sqlalchemy as sa

from commentsvc.responses.models import Comment, Reply


def test_member_marks_ready_and_the_leader_is_emailed_and_sees_changes(client, factory, login, db, tmp_path):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = consultation.draft_version.clauses[1]
    member = factory.member(agency)
    leader = factory.member(agency, can_submit=True)
    login(member)
    url = f"/agency/consultations/{consultation.id}"
    client.post(f"{url}/comments", data={"clause_id": clause.id, "text": "Ý kiến thứ nhất."})
    page = client.get(f"{url}/submit").get_data(as_text=True)
    assert "Trình lãnh đạo</button>" in page
    ready = client.post(f"{url}/ready", data={})
    assert ready.status_code == 303
    assert "thư báo đã gửi đến 1 người" in client.get(url).get_data(as_text=True)
    reply = db.session.scalar(sa.select(Reply))
    assert reply.ready_by_id == member.id and reply.ready_at is not None and not reply.is_submitted
    messages = [email.message_from_bytes(p.read_bytes()) for p in (tmp_path / "outbox").glob("*.eml")]
    assert [m["To"] for m in messages] == [leader.email]
    body = messages[0].get_payload(decode=True).decode()
    assert member.full_name in body and f"/agency/consultations/{consultation.id}/submit" in body

    client.post("/logout", data={})
    login(leader)
    first = client.get(f"{url}/submit").get_data(as_text=True)
    assert f"{member.full_name} đã trình lãnh đạo lúc" in first and "từ lần xem trước" not in first
    client.post("/logout", data={})
    login(member)
    saved = db.session.scalar(sa.select(Comment))
    client.post(f"{url}/comments/{saved.id}", data={"text": "Ý kiến thứ nhất, đã sửa.", "version": 1})
    client.post(f"{url}/comments", data={"clause_id": clause.id, "text": "Ý kiến thứ hai."})
    client.post("/logout", data={})
    login(leader)
    again = client.get(f"{url}/submit").get_data(as_text=True)
    assert "2 ý kiến mới hoặc đã sửa từ lần xem trước" in again
    assert again.count("Mới hoặc đã sửa từ lần xem trước</span>") == 2


def test_nothing_to_mark_ready_is_refused(client, factory, login):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    refused = client.post(f"/agency/consultations/{consultation.id}/ready", data={})
    assert refused.status_code in (400, 409) and "chưa có ý kiến nào để trình lãnh đạo" in refused.get_data(
        as_text=True
    )
