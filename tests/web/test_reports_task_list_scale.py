"""A task list at the scale of a real strategy: the demo's table of 171 tasks in 25 groups, led by ministries,
government agencies and provinces of today's directory. Imported as the team uploads it, each agency's form holds
exactly its own tasks, and the consolidation counts tasks by status and by group exactly."""

from __future__ import annotations

import csv
import io
import time
from collections import Counter, defaultdict

import pytest
import sqlalchemy as sa

from commentsvc.agencies.models import Agency
from commentsvc.core.clock import now_utc
from commentsvc.demo import load_directory
from commentsvc.reports import operations, queries
from commentsvc.reports.consolidation import NOT_REPORTED
from commentsvc.reports.demo import TASK_TABLE, task_table
from commentsvc.reports.layout import TASK_STATUSES, FormLayout
from commentsvc.reports.models import FormKind
from commentsvc.reports.periods import Period
from commentsvc.reports.template import read_task_table
from tests.web.reports_helpers import LETTER, draft_request

SILENT = {"BNG", "UBND-CBG", "VHLKHXH"}


def table_lines() -> list[dict[str, str]]:
    with TASK_TABLE.open(encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table))


def status_of(number: str) -> str:
    return TASK_STATUSES[int(number) % len(TASK_STATUSES)]


@pytest.fixture
def task_list(db, factory):
    load_directory()
    request, team = draft_request(factory, "Tình hình thực hiện nhiệm vụ chuyển đổi số", Period("half_year", 2026, 1))
    form = operations.add_form(request, code="NV", title="Nhiệm vụ", layout=FormLayout(), kind=FormKind.TASKS)
    db.session.commit()
    return request, team, form


def test_the_demo_table_is_171_tasks_in_25_groups_led_by_agencies_of_the_directory(db, client, login, task_list):
    request, team, form = task_list
    lines = table_lines()
    assert len(lines) == 171 and len({line["Nhóm nhiệm vụ"] for line in lines}) == 25
    login(team)
    response = client.post(
        f"/reports/{request.id}/forms/{form.id}/tasks",
        data={"file": (io.BytesIO(task_table()), "nhiem-vu.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập 171 nhiệm vụ." in page and "chưa xác định được cơ quan chủ trì" not in page
    db.session.expire_all()
    assert [task.number for task in form.tasks] == [str(n) for n in range(1, 172)]
    assert all(task.lead_agency is not None for task in form.tasks)
    groups = {agency.group for agency in {task.lead_agency for task in form.tasks}}
    assert {group.value for group in groups} == {"ministry", "government_agency", "province"}


def test_each_agency_fills_only_its_tasks_and_the_consolidation_counts_them_by_status_and_group(
    db, client, login, factory, task_list
):
    request, team, form = task_list
    operations.add_tasks(form, read_task_table(task_table()))
    leads = {task.lead_agency for task in form.tasks}
    operations.add_agencies(request, sorted(leads, key=lambda agency: agency.sort_key))
    operations.open_request(request, now_utc())
    db.session.commit()
    lines = table_lines()
    by_lead = defaultdict(list)
    for line in lines:
        by_lead[line["Cơ quan chủ trì"]].append(line)
    agencies = {agency.code: agency for agency in db.session.scalars(sa.select(Agency))}
    now = now_utc()
    for recipient in request.recipients:
        agency = recipient.agency
        layout = form.layout_for(agency.id)
        own = by_lead.get(agency.short_name) or by_lead[agency.name]
        assert [row.label for row in layout.rows] == [f"{line['STT']}. {line['Nhiệm vụ']}" for line in own]
        if agency.code in SILENT:
            continue
        typed = {(row.key, "status"): status_of(row.key[1:]) for row in layout.rows}
        typed |= {(row.key, "result"): f"Kết quả nhiệm vụ {row.key[1:]}" for row in layout.rows}
        member = factory.member(agency, can_submit=True)
        assert not operations.save_cells(recipient, form, typed, user=member, now=now)
        assert operations.submit_report(recipient, LETTER, user=member, now=now)
    db.session.commit()

    # the grid of one province shows its own tasks and no other agency's
    province = agencies["UBND-DNG"]
    login(factory.member(province))
    grid = client.get(f"/agency/reports/{request.id}/forms/{form.id}").get_data(as_text=True)
    own_titles = [line["Nhiệm vụ"] for line in by_lead[province.short_name]]
    assert own_titles and all(title in grid for title in own_titles)
    assert not any(line["Nhiệm vụ"] in grid for line in lines if line["Cơ quan chủ trì"] != province.short_name)

    started = time.perf_counter()
    result = queries.consolidation(request)
    elapsed = time.perf_counter() - started
    (table,) = result.tables
    silent_names = {agencies[code].short_name for code in SILENT}
    expected = Counter(
        NOT_REPORTED if line["Cơ quan chủ trì"] in silent_names else status_of(line["STT"]) for line in lines
    )
    assert table.status_counts == {status: expected.get(status, 0) for status in (*TASK_STATUSES, NOT_REPORTED)}
    assert sum(table.status_counts.values()) == 171 and table.status_counts[NOT_REPORTED] > 0
    expected_groups: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        status = NOT_REPORTED if line["Cơ quan chủ trì"] in silent_names else status_of(line["STT"])
        expected_groups[line["Nhóm nhiệm vụ"]][status] += 1
    assert table.status_by_group == {group: dict(counts) for group, counts in expected_groups.items()}
    assert list(table.status_by_group) == list(dict.fromkeys(line["Nhóm nhiệm vụ"] for line in lines))
    assert len(table.lines) == 171 - expected[NOT_REPORTED]
    assert {agency.agency_id for agency in table.not_reported} == {agencies[code].id for code in SILENT}
    assert elapsed < 5, f"consolidation of 171 tasks took {elapsed:.2f} s"

    client.post("/logout", data={})
    login(team)
    page = client.get(f"/reports/{request.id}/consolidation")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"{len(leads) - len(SILENT)}/{len(leads)} cơ quan đã báo cáo" in text
    assert "nhiệm vụ theo tình trạng" in text and "nhiệm vụ đã hoàn thành theo nhóm" in text
