"""Report consolidation exports as jobs are never rendered twice: an unchanged request (its submitted values, its
recipients and their deadlines by the clock, its forms, title, period and deadline) is served from the stored file,
any change renders a new one; only the request's team reads it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from commentsvc.core import clock
from commentsvc.jobs.models import Job, JobStatus
from commentsvc.reports import export_xlsx, operations
from commentsvc.reports.fingerprint import source_fingerprint
from commentsvc.reports.models import ReportValue
from tests.jobs_helpers import job_id_of, run_queue
from tests.web.reports_helpers import LETTER, build_report_scene
from tests.web.test_reports_views import _report_all


@pytest.fixture
def scene(db, factory, client, login):
    scene = build_report_scene(db, factory)
    _report_all(db, scene)
    login(scene.team)
    return scene


def _ask(client, scene, fmt: str = "xlsx") -> int:
    return job_id_of(client.post(f"/reports/{scene.request.id}/export.{fmt}", data={}))


def _job(db, job_id: int) -> Job:
    return db.session.get(Job, job_id, populate_existing=True)


def _renders(monkeypatch) -> list[int]:
    """One entry per workbook rendered from now on."""
    calls: list[int] = []
    original = export_xlsx.to_xlsx

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(export_xlsx, "to_xlsx", counting)
    return calls


def _exported(client, db, scene) -> tuple[Job, list[tuple]]:
    """Ask for the workbook, run the queue; the job and the rows of the sheet of form 01."""
    job_id = _ask(client, scene)
    run_queue()
    job = _job(db, job_id)
    assert job.status is JobStatus.DONE, job.error
    workbook = load_workbook(io.BytesIO(client.get(f"/jobs/{job_id}/download").data))
    return job, list(workbook["Biểu mẫu 01"].iter_rows(min_row=3, values_only=True))


@pytest.mark.usefixtures("queue_storage")
def test_an_unchanged_consolidation_is_served_without_rendering(client, db, scene, monkeypatch):
    renders = _renders(monkeypatch)
    first, rows = _exported(client, db, scene)
    assert renders == [1] and not first.from_cache and (rows[0][1], rows[0][4]) == ("Bộ Tư pháp", 10)
    for fmt in ("docx", "pdf"):
        _ask(client, scene, fmt)
    run_queue()

    def never(*args, **kwargs):
        raise AssertionError("an unchanged consolidation is found by its sources' fingerprint, without reading it")

    from commentsvc.reports import results

    for name in ("render", "contents"):
        monkeypatch.setattr(results, name, never)
    again, rows_again = _exported(client, db, scene)
    assert again.id != first.id and again.from_cache and renders == [1]
    assert again.result_name == first.result_name and rows_again == rows
    assert "nội dung không đổi từ lần tạo trước" in client.get(f"/jobs/{again.id}").get_data(as_text=True)
    for fmt in ("docx", "pdf"):
        job = _job(db, _ask(client, scene, fmt))
        run_queue()
        job = _job(db, job.id)
        assert job.status is JobStatus.DONE and job.from_cache
        assert client.get(f"/jobs/{job.id}/download").data[:4] in (b"PK\x03\x04", b"%PDF")


@pytest.mark.usefixtures("queue_storage")
def test_an_agencys_new_value_renders_a_new_file_with_it(client, db, scene, monkeypatch):
    renders = _renders(monkeypatch)
    first, _ = _exported(client, db, scene)
    recipient = scene.recipient(scene.province)
    member = scene.members[scene.province.id]
    operations.save_cells(
        recipient, scene.form(scene.province, "03"), {("r1", "count"): "7"}, user=member, now=scene.now
    )
    db.session.commit()
    unchanged, _ = _exported(client, db, scene)  # figures still being typed are not in the consolidation
    assert unchanged.from_cache and renders == [1]
    operations.submit_report(recipient, LETTER, user=member, now=scene.now)
    db.session.commit()
    second, _ = _exported(client, db, scene)
    assert not second.from_cache and renders == [1, 1] and second.result_name != first.result_name
    workbook = load_workbook(io.BytesIO(client.get(f"/jobs/{second.id}/download").data))
    province = list(workbook["Biểu mẫu 03"].iter_rows(min_row=3, values_only=True))
    assert (province[0][1], province[0][4]) == ("Ủy ban nhân dân tỉnh An Giang", 7)
    assert list(workbook["Chưa báo cáo"].iter_rows(min_row=2, values_only=True)) == []
    # A value corrected in a submitted report is a change too.
    value = db.session.scalars(
        sa.select(ReportValue).where(
            ReportValue.row_key == "r1", ReportValue.column_key == "count", ReportValue.value == "10"
        )
    ).one()
    value.value = "11"
    db.session.commit()
    third, rows = _exported(client, db, scene)
    assert not third.from_cache and renders == [1, 1, 1] and (rows[0][1], rows[0][4]) == ("Bộ Tư pháp", 11)


@pytest.mark.usefixtures("queue_storage")
def test_the_deadline_passing_renders_a_new_file(client, db, scene, monkeypatch):
    renders = _renders(monkeypatch)
    first, _ = _exported(client, db, scene)
    late = scene.request.deadline_at + timedelta(minutes=1)  # An Giang is now "chưa báo cáo" past its deadline
    monkeypatch.setattr(clock, "now_utc", lambda: late)
    second, _ = _exported(client, db, scene)
    assert not second.from_cache and renders == [1, 1]
    third, _ = _exported(client, db, scene)
    assert third.from_cache and renders == [1, 1]


def test_the_fingerprint_follows_what_the_consolidation_reads(db, scene):
    request, now = scene.request, clock.now_utc()
    before = source_fingerprint(request, now, "xlsx")
    assert source_fingerprint(request, now, "xlsx") == before
    assert source_fingerprint(request, now, "docx") != before
    assert source_fingerprint(request, request.deadline_at + timedelta(seconds=1), "xlsx") != before
    changes = [
        lambda: setattr(request, "title", request.title + " (sửa)"),
        lambda: setattr(request, "deadline_at", request.deadline_at + timedelta(days=30)),
        lambda: setattr(request, "period_number", 4),
        lambda: setattr(request.forms[0], "layout_json", request.forms[0].layout_json.replace("Số thủ tục", "Số TTHC")),
        lambda: setattr(scene.recipient(scene.province), "extended_until", now + timedelta(days=60)),
    ]
    seen = {before}
    for change in changes:
        change()
        db.session.commit()
        after = source_fingerprint(request, now, "xlsx")
        assert after not in seen
        seen.add(after)


@pytest.mark.usefixtures("queue_storage")
def test_only_the_requests_team_fetches_a_stored_consolidation(client, db, factory, login, scene):
    first, _ = _exported(client, db, scene)
    again, _ = _exported(client, db, scene)
    assert again.from_cache
    for outsider in (factory.drafter(), scene.members[scene.ministry.id]):
        client.post("/logout", data={})
        login(outsider)
        assert client.post(f"/reports/{scene.request.id}/export.xlsx", data={}).status_code in (403, 404)
        for job in (first, again):
            for url in (f"/jobs/{job.id}", f"/jobs/{job.id}.json", f"/jobs/{job.id}/download"):
                assert client.get(url).status_code == 404, url
    client.post("/logout", data={})
    assert client.get(f"/jobs/{again.id}/download").status_code == 302  # to the login page
