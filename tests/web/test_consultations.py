"""The drafting team's consultation lifecycle: create, choose recipients, open, extend, close, reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import queries
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient, SilenceOutcome
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc, to_local


@pytest.fixture
def team(factory):
    """A drafting unit, one of its drafters and a draft version."""
    unit = factory.unit()
    return {"unit": unit, "drafter": factory.drafter(unit), "version": factory.draft_version(unit)}


def local_day(moment: datetime) -> str:
    return to_local(moment).strftime("%d/%m/%Y")


def form_data(version, **changes) -> dict:
    data = {
        "draft_version_id": version.id,
        "title": "",
        "round_number": "1",
        "deadline_date": local_day(now_utc() + timedelta(days=10)),
        "silence_is_agreement": "y",
        "accepts_late": "y",
        "reminder_days": "1, 3",
        "letter_number": "3256/BKHCN-CĐS",
        "contact_name": "Trần Thị Bình",
        "contact_email": "binh@example.com",
    }
    data.update(changes)
    return data


def only_consultation(db) -> Consultation:
    db.session.expire_all()
    return db.session.scalars(sa.select(Consultation)).one()


def actions(db, consultation) -> list[tuple[str, int | None]]:
    entries = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.object_type == "Consultation", AuditEntry.object_id == consultation.id)
        .order_by(AuditEntry.id)
    )
    return [(entry.action, entry.user_id) for entry in entries]


def test_team_opens_a_consultation_for_two_groups_then_edits_the_list(client, login, factory, db, team):
    ministries = [factory.agency(name="Bộ Y tế"), factory.agency(name="Bộ Công an")]
    factory.agency(name="Bộ Đã Giải Thể", is_active=False)
    provinces = [factory.agency(name=f"Ủy ban nhân dân tỉnh {n}", group=AgencyGroup.PROVINCE) for n in ("A", "B")]
    television = factory.agency(name="Đài Truyền hình Việt Nam", group=AgencyGroup.GOVERNMENT_AGENCY)
    drafter = team["drafter"]
    login(drafter)

    response = client.post("/consultations/new", data=form_data(team["version"], groups=["ministry", "province"]))
    assert response.status_code == 302
    consultation = only_consultation(db)
    assert consultation.status is ConsultationStatus.DRAFT
    assert consultation.title == team["version"].draft.title
    assert consultation.reminder_days == "3,1"
    assert {r.agency_id for r in consultation.recipients} == {a.id for a in ministries + provinces}

    police = next(r for r in consultation.recipients if r.agency_id == ministries[1].id)
    assert client.post(f"/consultations/{consultation.id}/recipients/{police.id}/remove", data={}).status_code == 302
    response = client.post(f"/consultations/{consultation.id}/recipients/add", data={"agency_ids": [television.id]})
    assert response.status_code == 302
    assert client.post(f"/consultations/{consultation.id}/open", data={}).status_code == 302

    consultation = only_consultation(db)
    assert consultation.status is ConsultationStatus.OPEN
    expected = {ministries[0].id, provinces[0].id, provinces[1].id, television.id}
    assert {r.agency_id for r in consultation.recipients} == expected
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    listed, addable = page.split('class="recipient-forms')
    assert "Đang lấy ý kiến" in listed and "Đài Truyền hình Việt Nam" in listed and "Bộ Công an" not in listed
    assert "Bộ Công an" in addable and "Bộ Đã Giải Thể" not in addable
    assert "Tỉnh, thành phố trực thuộc trung ương (2)" in page
    assert [action for action, _ in actions(db, consultation)] == [
        "consultation.create",
        "consultation.remove_recipient",
        "consultation.add_recipients",
        "consultation.open",
    ]
    assert {user_id for _, user_id in actions(db, consultation)} == {drafter.id}
    listing = client.get("/consultations/").get_data(as_text=True)
    assert consultation.title in listing and "Đang lấy ý kiến" in listing


def test_shipped_directory_groups(client, login, runner, db, team):
    result = runner.invoke(args=["agencies", "import", "data/agencies.csv"])
    assert result.exit_code == 0, result.output
    login(team["drafter"])
    response = client.post("/consultations/new", data=form_data(team["version"], groups=["ministry", "province"]))
    assert response.status_code == 302
    groups = dict(queries.recipients_by_group(only_consultation(db)))
    # 14 ministries and 3 ministerial-level agencies, but the drafting ministry (BKHCN) is never added by group
    assert len(groups[AgencyGroup.MINISTRY]) == 16
    assert len(groups[AgencyGroup.PROVINCE]) == 34
    assert AgencyGroup.GOVERNMENT_AGENCY not in groups


def test_deadline_before_a_day_without_a_time_ends_the_day_before(client, login, db, team):
    login(team["drafter"])
    data = form_data(team["version"], opens_date="2021-03-01", deadline_date="09/03/2021")
    assert client.post("/consultations/new", data=data).status_code == 302
    consultation = only_consultation(db)
    assert consultation.deadline_at == datetime(2021, 3, 8, 17, 0, tzinfo=UTC)
    assert consultation.opens_at == datetime(2021, 2, 28, 17, 0, tzinfo=UTC)

    data["deadline_time"] = "17:00"
    assert client.post(f"/consultations/{consultation.id}/edit", data=data).status_code == 302
    assert only_consultation(db).deadline_at == datetime(2021, 3, 9, 10, 0, tzinfo=UTC)
    page = client.get(f"/consultations/{consultation.id}/edit").get_data(as_text=True)
    assert 'value="17:00"' in page and 'value="2021-03-09"' in page


def test_a_bad_form_is_shown_again_in_vietnamese(client, login, factory, db, team):
    login(team["drafter"])
    data = form_data(team["version"], deadline_date="31/02/2026", contact_email="khong-hop-le")
    response = client.post("/consultations/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in page and "Địa chỉ thư điện tử không hợp lệ." in page
    assert factory.count(Consultation) == 0


def test_another_units_version_cannot_be_chosen(client, login, factory, db, team):
    foreign = factory.draft_version()
    login(team["drafter"])
    assert client.post("/consultations/new", data=form_data(foreign)).status_code == 400
    assert factory.count(Consultation) == 0


def test_opening_without_recipients_is_refused(client, login, db, team):
    login(team["drafter"])
    assert client.post("/consultations/new", data=form_data(team["version"])).status_code == 302
    consultation = only_consultation(db)
    response = client.post(f"/consultations/{consultation.id}/open", data={})
    assert response.status_code == 400
    assert "Chưa chọn cơ quan nào" in response.get_data(as_text=True)
    consultation = only_consultation(db)
    assert consultation.status is ConsultationStatus.DRAFT
    assert [action for action, _ in actions(db, consultation)] == ["consultation.create"]
    assert not queries.is_version_locked(team["version"])


def test_opening_locks_the_version(client, login, factory, db, team):
    factory.agency()
    login(team["drafter"])
    client.post("/consultations/new", data=form_data(team["version"], groups=["ministry"]))
    consultation = only_consultation(db)
    assert not queries.is_version_locked(team["version"])
    assert client.post(f"/consultations/{consultation.id}/open", data={}).status_code == 302
    assert queries.is_version_locked(team["version"])
    assert "Đã khóa" in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)


def test_opening_with_a_past_deadline_is_refused(client, login, factory, db, team):
    factory.agency()
    login(team["drafter"])
    data = form_data(team["version"], opens_date="2021-03-01", deadline_date="09/03/2021", groups=["ministry"])
    client.post("/consultations/new", data=data)
    consultation = only_consultation(db)
    assert client.post(f"/consultations/{consultation.id}/open", data={}).status_code == 400
    assert only_consultation(db).status is ConsultationStatus.DRAFT


def test_inactive_agency_cannot_be_added(client, login, factory, db, team):
    gone = factory.agency(is_active=False)
    consultation = factory.consultation(version=team["version"], agencies=[factory.agency()])
    login(team["drafter"])
    response = client.post(f"/consultations/{consultation.id}/recipients/add", data={"agency_ids": [gone.id]})
    assert response.status_code == 400
    assert "đã ngừng hoạt động" in response.get_data(as_text=True)
    assert factory.count(Recipient) == 1


def test_after_opening_only_letter_and_contact_change(client, login, factory, db, team):
    consultation = factory.consultation(version=team["version"])
    deadline, title = consultation.deadline_at, consultation.title
    login(team["drafter"])
    data = form_data(team["version"], title="Tên khác", letter_number="99/BKHCN-CĐS", contact_phone="024 3943 1111")
    assert client.post(f"/consultations/{consultation.id}/edit", data=data).status_code == 302
    consultation = only_consultation(db)
    assert (consultation.letter_number, consultation.contact_phone) == ("99/BKHCN-CĐS", "024 3943 1111")
    assert (consultation.title, consultation.deadline_at) == (title, deadline)


def test_recipients_can_be_added_after_opening_but_not_removed_once_they_replied(client, login, factory, db, team):
    replied, silent, late_comer = factory.agency(), factory.agency(), factory.agency()
    consultation = factory.consultation(version=team["version"], agencies=[replied, silent])
    factory.reply(consultation, replied, submitted=False)
    login(team["drafter"])
    base = f"/consultations/{consultation.id}/recipients"
    assert client.post(f"{base}/add", data={"agency_ids": [late_comer.id]}).status_code == 302
    with_reply = next(r for r in consultation.recipients if r.agency_id == replied.id)
    response = client.post(f"{base}/{with_reply.id}/remove", data={})
    assert response.status_code == 409
    assert {r.agency_id for r in only_consultation(db).recipients} == {replied.id, silent.id, late_comer.id}


def test_extend_one_agency(client, login, factory, db, team):
    first, second = factory.agency(), factory.agency()
    consultation = factory.consultation(version=team["version"], agencies=[first, second])
    recipient = next(r for r in consultation.recipients if r.agency_id == first.id)
    login(team["drafter"])
    url = f"/consultations/{consultation.id}/recipients/{recipient.id}/extend"
    assert first.name in client.get(url).get_data(as_text=True)

    day = (to_local(consultation.deadline_at) + timedelta(days=5)).date()
    assert client.post(url, data={"deadline_date": day.isoformat(), "deadline_time": "16:30"}).status_code == 302
    db.session.expire_all()
    extended = {r.agency_id: r.extended_until for r in only_consultation(db).recipients}
    assert to_local(extended[first.id]).strftime("%H:%M %d/%m/%Y") == f"16:30 {day:%d/%m/%Y}"
    assert extended[second.id] is None
    assert ("consultation.extend_recipient", team["drafter"].id) in actions(db, consultation)

    earlier = (to_local(consultation.deadline_at) - timedelta(days=1)).date().isoformat()
    assert client.post(url, data={"deadline_date": earlier}).status_code == 400
    assert only_consultation(db).recipients[0].extended_until is not None


def test_extend_everybody(client, login, factory, db, team):
    consultation = factory.consultation(version=team["version"])
    old = consultation.deadline_at
    login(team["drafter"])
    url = f"/consultations/{consultation.id}/extend"
    day = (to_local(old) + timedelta(days=7)).date()
    assert client.post(url, data={"deadline_date": day.isoformat()}).status_code == 302
    new = only_consultation(db).deadline_at
    assert to_local(new).date() == day and to_local(new).strftime("%H:%M") == "00:00"
    assert client.post(url, data={"deadline_date": local_day(old)}).status_code == 400
    assert only_consultation(db).deadline_at == new
    assert ("consultation.extend", team["drafter"].id) in actions(db, consultation)


def test_close_early_records_silence_and_reopen_undoes_it(client, login, factory, db, team):
    replied, silent = factory.agency(), factory.agency()
    consultation = factory.consultation(version=team["version"], agencies=[replied, silent])
    factory.reply(consultation, replied)
    login(team["drafter"])
    page = client.post(f"/consultations/{consultation.id}/close", data={})  # not confirmed: the page asks first
    assert page.status_code == 200 and "Kết thúc đợt lấy ý kiến?" in page.get_data(as_text=True)
    assert only_consultation(db).status is ConsultationStatus.OPEN
    assert client.post(f"/consultations/{consultation.id}/close", data={"confirmed": "1"}).status_code == 302
    consultation = only_consultation(db)
    assert consultation.status is ConsultationStatus.CLOSED and consultation.closed_at is not None
    outcomes = {r.agency_id: r.silence_outcome for r in consultation.recipients}
    # Closed before the deadline: the silent agency still had time, so it is not taken as agreeing.
    assert outcomes == {replied.id: None, silent.id: SilenceOutcome.CUT_SHORT}
    assert "Đã kết thúc" in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert client.post(f"/consultations/{consultation.id}/close", data={"confirmed": "1"}).status_code == 409
    assert client.get(f"/consultations/{consultation.id}/close").status_code == 409

    assert client.post(f"/consultations/{consultation.id}/reopen", data={}).status_code == 302
    consultation = only_consultation(db)
    assert consultation.status is ConsultationStatus.OPEN and consultation.closed_at is None
    assert all(r.silence_outcome is None for r in consultation.recipients)
    assert [a for a, _ in actions(db, consultation)] == ["consultation.close", "consultation.reopen"]
    assert {u for _, u in actions(db, consultation)} == {team["drafter"].id}


def test_reopen_after_the_deadline_needs_a_new_future_deadline(client, login, factory, db, team):
    now = now_utc()
    consultation = factory.consultation(
        version=team["version"], opens_at=now - timedelta(days=10), deadline_at=now - timedelta(days=1)
    )
    login(team["drafter"])
    assert client.post(f"/consultations/{consultation.id}/close", data={"confirmed": "1"}).status_code == 302
    url = f"/consultations/{consultation.id}/reopen"
    response = client.post(url, data={})
    assert response.status_code == 400 and "nhập hạn nhận ý kiến mới" in response.get_data(as_text=True)
    assert client.post(url, data={"deadline_date": local_day(now - timedelta(days=1))}).status_code == 400
    assert only_consultation(db).status is ConsultationStatus.CLOSED
    new_day = (to_local(now) + timedelta(days=5)).date()
    assert client.post(url, data={"deadline_date": new_day.isoformat()}).status_code == 302
    consultation = only_consultation(db)
    assert consultation.status is ConsultationStatus.OPEN and to_local(consultation.deadline_at).date() == new_day


def test_extension_undoes_a_recorded_closing(client, login, factory, db, team):
    from commentsvc.consultations import closing

    now = now_utc()
    consultation = factory.consultation(
        version=team["version"], opens_at=now - timedelta(days=10), deadline_at=now - timedelta(hours=1)
    )
    closing.close_due(now)
    db.session.commit()
    recipient = consultation.recipients[0]
    assert recipient.silence_outcome is SilenceOutcome.IMPLICIT_AGREEMENT
    login(team["drafter"])
    url = f"/consultations/{consultation.id}/recipients/{recipient.id}/extend"
    day = (to_local(now) + timedelta(days=3)).date().isoformat()
    assert client.post(url, data={"deadline_date": day}).status_code == 302
    consultation = only_consultation(db)
    extended = next(r for r in consultation.recipients if r.id == recipient.id)
    assert extended.silence_outcome is None and consultation.closed_at is None


def test_form_offers_only_the_units_versions_and_the_deadline_fields(client, login, factory, team):
    factory.draft_version(title="Dự thảo của đơn vị khác")
    login(team["drafter"])
    page = client.get(f"/consultations/new?version_id={team['version'].id}").get_data(as_text=True)
    assert f'<option selected value="{team["version"].id}">' in page
    assert "Dự thảo của đơn vị khác" not in page
    assert "Nhận ý kiến trước ngày" in page and "Giờ (không bắt buộc)" in page
    assert 'name="groups" type="checkbox" value="ministry"' in page


def test_detail_shows_the_button_of_each_status(client, login, factory, team):
    login(team["drafter"])
    buttons = {
        ConsultationStatus.DRAFT: "Gửi xin ý kiến",
        ConsultationStatus.OPEN: "Kết thúc đợt lấy ý kiến",
        ConsultationStatus.CLOSED: "Mở lại đợt lấy ý kiến",
    }
    for status, button in buttons.items():
        consultation = factory.consultation(version=team["version"], status=status)
        page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
        assert [label for label in buttons.values() if label in page] == [button]


def test_add_a_whole_group_after_creation(client, login, factory, db, team):
    provinces = [factory.agency(group=AgencyGroup.PROVINCE) for _ in range(3)]
    consultation = factory.consultation(version=team["version"], agencies=[], status=ConsultationStatus.DRAFT)
    login(team["drafter"])
    url = f"/consultations/{consultation.id}/recipients/groups"
    response = client.post(url, data={})
    assert response.status_code == 400 and "Vui lòng chọn ít nhất một nhóm." in response.get_data(as_text=True)
    assert client.post(url, data={"groups": ["unknown"]}).status_code == 400
    assert factory.count(Recipient) == 0
    assert client.post(url, data={"groups": ["province"]}).status_code == 302
    assert {r.agency_id for r in only_consultation(db).recipients} == {a.id for a in provinces}
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert 'required type="checkbox"' not in page
