"""'Trình lãnh đạo': a member without the right to send marks the reply ready; those who can send are e-mailed and
see what changed since they last read it."""

from __future__ import annotations

import email

import sqlalchemy as sa

from commentsvc.responses.models import Comment, Reply, ReplyReading


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


def _logged_in_as(client, login, user) -> None:
    client.post("/logout", data={})
    login(user)


def test_each_leader_sees_what_changed_since_their_own_last_reading(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = consultation.draft_version.clauses[1]
    member = factory.member(agency)
    first_leader = factory.member(agency, can_submit=True)
    second_leader = factory.member(agency, can_submit=True)
    url = f"/agency/consultations/{consultation.id}"
    login(member)
    client.post(f"{url}/comments", data={"clause_id": clause.id, "text": "Ý kiến thứ nhất."})
    client.post(f"{url}/ready", data={})
    for leader in (first_leader, second_leader):
        _logged_in_as(client, login, leader)
        assert "từ lần xem trước" not in client.get(f"{url}/submit").get_data(as_text=True)  # first reading

    _logged_in_as(client, login, member)
    client.post(f"{url}/comments", data={"clause_id": clause.id, "text": "Ý kiến thứ hai."})
    _logged_in_as(client, login, first_leader)
    assert "1 ý kiến mới hoặc đã sửa từ lần xem trước" in client.get(f"{url}/submit").get_data(as_text=True)
    # The first leader's reading does not clear the second leader's mark.
    _logged_in_as(client, login, second_leader)
    second = client.get(f"{url}/submit").get_data(as_text=True)
    assert "1 ý kiến mới hoặc đã sửa từ lần xem trước" in second
    assert second.count("Mới hoặc đã sửa từ lần xem trước</span>") == 1
    # Read now: nothing new for either until the member writes again.
    assert "0 ý kiến mới hoặc đã sửa" in client.get(f"{url}/submit").get_data(as_text=True)
    _logged_in_as(client, login, first_leader)
    assert "0 ý kiến mới hoặc đã sửa" in client.get(f"{url}/submit").get_data(as_text=True)
    readings = db.session.execute(sa.select(ReplyReading.user_id)).scalars().all()
    assert sorted(readings) == sorted([first_leader.id, second_leader.id])


def test_a_member_who_cannot_send_leaves_no_reading(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    factory.reply(consultation, agency, comments=[(None, "Ý kiến chung.")], submitted=False)
    login(factory.member(agency))
    assert client.get(f"/agency/consultations/{consultation.id}/submit").status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReplyReading)) == 0
