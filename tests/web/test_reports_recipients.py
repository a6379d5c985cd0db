"""A report request's recipients change one agency at a time, as a consultation's do: added from the picker (once
sent, the agency added is e-mailed the request with its own forms), removed until it has typed figures, never once
the request is closed; another unit's team and agencies cannot touch the list."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.clock import now_utc
from commentsvc.reports import operations
from commentsvc.reports.models import ReportRecipient, ReportReminder
from commentsvc.reports.periods import Period
from commentsvc.reports.reminders import NOTICE_STEP
from tests.jobs_helpers import run_queue
from tests.unit.reports_data import EVERY_TYPE
from tests.web.reports_helpers import build_report_scene


def _agency_ids(db, request) -> set[int]:
    query = sa.select(ReportRecipient.agency_id).where(ReportRecipient.request_id == request.id)
    return set(db.session.scalars(query))


def _notices(db) -> list[ReportReminder]:
    return db.session.scalars(sa.select(ReportReminder).where(ReportReminder.step == NOTICE_STEP)).all()


def test_a_draft_gets_and_loses_single_agencies_without_any_mail(client, login, db, factory):
    unit = factory.unit()
    team = factory.drafter(unit)
    justice, health = factory.agency(name="Bộ Tư pháp"), factory.agency(name="Bộ Y tế")
    now = now_utc()
    request = operations.create_request(
        unit=unit,
        title="Báo cáo quý",
        period=Period("quarter", 2026, 1),
        opens_at=now,
        deadline_at=now + timedelta(days=9),
    )
    operations.add_form(request, code="01", title="Bộ", layout=EVERY_TYPE)
    db.session.commit()
    login(team)
    page = client.get(f"/reports/{request.id}").get_data(as_text=True)
    assert f'id="pick-agency-{justice.id}"' in page and f'id="pick-agency-{health.id}"' in page
    added = client.post(f"/reports/{request.id}/recipients/add", data={"agency_ids": [justice.id]})
    assert added.status_code == 302 and _agency_ids(db, request) == {justice.id}
    page = client.get(f"/reports/{request.id}").get_data(as_text=True)
    assert f'id="pick-agency-{justice.id}"' not in page and "Bỏ Bộ Tư pháp khỏi danh sách" in page
    recipient = db.session.scalar(sa.select(ReportRecipient).where(ReportRecipient.agency_id == justice.id))
    removed = client.post(f"/reports/{request.id}/recipients/{recipient.id}/remove", data={})
    assert removed.status_code == 302 and _agency_ids(db, request) == set()
    assert client.post(f"/reports/{request.id}/recipients/add", data={}).status_code == 400  # nothing ticked
    assert client.post(f"/reports/{request.id}/recipients/add", data={"agency_ids": [987654]}).status_code == 400
    inactive = factory.agency(name="Bộ Đã Giải Thể")
    inactive.is_active = False
    db.session.commit()
    refused = client.post(f"/reports/{request.id}/recipients/add", data={"agency_ids": [inactive.id]})
    assert refused.status_code == 400 and "đã ngừng hoạt động" in refused.get_data(as_text=True)
    assert not _notices(db)


@pytest.mark.usefixtures("queue_storage")
def test_an_agency_added_after_sending_is_emailed_its_forms(client, login, db, factory, tmp_path):
    scene = build_report_scene(db, factory)
    login(scene.team)
    finance = factory.agency(name="Bộ Tài chính")
    before = len(_notices(db))
    response = client.post(f"/reports/{scene.request.id}/recipients/add", data={"agency_ids": [finance.id]})
    assert response.status_code == 302
    assert finance.id in _agency_ids(db, scene.request)
    [notice] = [row for row in _notices(db) if row.recipient.agency_id == finance.id]
    assert len(_notices(db)) == before + 1 and finance.email in notice.to_address
    assert "Biểu mẫu 01" in notice.body and "Biểu mẫu 03" not in notice.body
    run_queue()
    db.session.refresh(notice)
    assert notice.is_sent
    member = factory.member(finance, can_submit=True)
    client.post("/logout", data={})
    login(member)
    assert client.get(f"/agency/reports/{scene.request.id}").status_code == 200  # it reports like the others


def test_once_sent_an_agency_without_a_form_is_refused_and_nothing_is_added(client, login, db, factory):
    scene = build_report_scene(db, factory)
    login(scene.team)
    broadcaster = factory.agency(name="Đài Truyền hình Việt Nam", group=AgencyGroup.GOVERNMENT_AGENCY)
    present = _agency_ids(db, scene.request)
    refused = client.post(f"/reports/{scene.request.id}/recipients/add", data={"agency_ids": [broadcaster.id]})
    assert refused.status_code == 400
    assert "không có biểu mẫu nào để báo cáo: Đài Truyền hình Việt Nam" in refused.get_data(as_text=True)
    assert _agency_ids(db, scene.request) == present


def test_an_agency_with_figures_stays_and_a_closed_request_keeps_its_list(client, login, db, factory):
    scene = build_report_scene(db, factory)
    justice = scene.recipient(scene.ministry)
    operations.save_cells(
        justice,
        scene.form(scene.ministry, "01"),
        {("r1", "count"): "7"},
        user=scene.members[scene.ministry.id],
        now=scene.now,
    )
    db.session.commit()
    login(scene.team)
    refused = client.post(f"/reports/{scene.request.id}/recipients/{justice.id}/remove", data={})
    assert refused.status_code == 409 and "đã nhập số liệu báo cáo" in refused.get_data(as_text=True)
    province = scene.recipient(scene.province)
    province_id = province.id
    assert client.post(f"/reports/{scene.request.id}/recipients/{province_id}/remove", data={}).status_code == 302
    assert scene.province.id not in _agency_ids(db, scene.request)
    assert db.session.get(ReportRecipient, province_id) is None
    assert not db.session.scalars(sa.select(ReportReminder).where(ReportReminder.recipient_id == province_id)).all()
    client.post("/logout", data={})
    login(scene.members[scene.province.id])
    assert client.get(f"/agency/reports/{scene.request.id}").status_code == 404  # no longer asked
    client.post("/logout", data={})
    login(scene.team)
    operations.close_request(scene.request, scene.now, user=scene.team)
    db.session.commit()
    other = scene.recipient(scene.other)
    assert client.post(f"/reports/{scene.request.id}/recipients/{other.id}/remove", data={}).status_code == 409
    added = client.post(f"/reports/{scene.request.id}/recipients/add", data={"agency_ids": [scene.province.id]})
    assert added.status_code == 409 and scene.province.id not in _agency_ids(db, scene.request)


def test_only_the_requesting_team_changes_the_list(client, login, db, factory):
    scene = build_report_scene(db, factory)
    finance = factory.agency(name="Bộ Tài chính")
    province = scene.recipient(scene.province)
    present = _agency_ids(db, scene.request)
    for user, status in ((factory.drafter(factory.unit()), 404), (scene.members[scene.province.id], 403)):
        login(user)
        add = client.post(f"/reports/{scene.request.id}/recipients/add", data={"agency_ids": [finance.id]})
        remove = client.post(f"/reports/{scene.request.id}/recipients/{province.id}/remove", data={})
        assert (add.status_code, remove.status_code) == (status, status)
        client.post("/logout", data={})
    assert _agency_ids(db, scene.request) == present
