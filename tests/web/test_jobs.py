"""Exports as queue jobs: the job page, joining a running job, stored results, partial re-renders, limits, access.

Tasks run on a real queue storage (SQLite, and Redis where there is one): the web request puts them there and the
test takes them off and runs them in this process (tests/jobs_helpers.run_queue), as a worker does.
"""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from commentsvc.core.clock import now_utc
from commentsvc.jobs import runner
from commentsvc.jobs.models import Job, JobStatus
from commentsvc.jobs.queue import huey
from commentsvc.synthesis import export_pdf
from commentsvc.synthesis.exports import today
from commentsvc.synthesis.loading import synthesis_for
from commentsvc.synthesis.models import Decision
from tests.jobs_helpers import job_id_of, run_queue
from tests.web.synthesis_helpers import SIMILAR_A, build_scene, disposition_of


@pytest.fixture
def scene(app_config, factory, client, login):
    scene = build_scene(factory)
    login(scene.drafter)
    assert client.get(f"/consultations/{scene.consultation.id}/dispositions").status_code == 200  # groups them
    return scene


def _ask(client, scene, fmt: str = "pdf", **form):
    return job_id_of(client.post(f"/consultations/{scene.consultation.id}/synthesis/export.{fmt}", data=form))


def _job(db, job_id: int) -> Job:
    return db.session.get(Job, job_id, populate_existing=True)


def _whole_pdf(scene, chunk_rows: int = 2) -> bytes:
    synthesis = synthesis_for(scene.consultation, on=today(), user=scene.drafter)
    return export_pdf.to_pdf(synthesis, chunk_rows=chunk_rows)


def _rendered_parts(monkeypatch) -> list[str]:
    """The HTML of every part a worker renders from now on."""
    rendered: list[str] = []
    original = export_pdf.render_part

    def counting(html, fetcher=None):
        rendered.append(html)
        return original(html, fetcher)

    monkeypatch.setattr(export_pdf, "render_part", counting)
    return rendered


@pytest.mark.usefixtures("queue_storage")
def test_the_export_button_answers_with_a_job_page_then_the_file(app, client, db, scene):
    app.config["PDF_CHUNK_ROWS"] = 2
    job_id = _ask(client, scene)
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Bản tổng hợp ý kiến (PDF)" in page and "Đang chờ đến lượt xử lý" in page
    assert '<meta http-equiv="refresh"' in page and "job.js" in page
    assert client.get(f"/jobs/{job_id}/download").status_code == 302  # not ready: back to the job page
    assert run_queue() > 2  # the job, then its parts
    job = _job(db, job_id)
    assert job.status is JobStatus.DONE and job.parts_total > 2 and job.parts_done == job.parts_total
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert f"Đã xong {job.parts_total}/{job.parts_total} phần" in page and "Tải tệp tong-hop-y-kien_" in page
    assert 'http-equiv="refresh"' not in page
    state = client.get(f"/jobs/{job_id}.json").get_json()
    assert state["status"] == "done" and state["download_url"] == f"/jobs/{job_id}/download"
    download = client.get(f"/jobs/{job_id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert download.data == _whole_pdf(scene)  # the same bytes as the PDF rendered in one go


@pytest.mark.usefixtures("queue_storage")
def test_asking_again_while_it_runs_joins_the_running_job(client, db, scene):
    first = _ask(client, scene)
    assert _ask(client, scene) == first
    assert huey.pending_count() == 1
    other = _ask(client, scene, hide="1")  # another file (clauses without comments left out): its own job
    assert other != first and huey.pending_count() == 2
    run_queue()
    assert _job(db, first).status is JobStatus.DONE
    assert _ask(client, scene) != first  # finished: a new request is a new job (served from the stored file)


@pytest.mark.usefixtures("queue_storage")
def test_an_unchanged_synthesis_is_served_from_the_stored_file(app, client, db, scene, monkeypatch):
    app.config["PDF_CHUNK_ROWS"] = 2
    first = _ask(client, scene)
    run_queue()
    rendered = _rendered_parts(monkeypatch)

    def not_laid_out(*args, **kwargs):
        raise AssertionError("an unchanged synthesis is found by its sources' fingerprint, without laying it out")

    monkeypatch.setattr(export_pdf, "part_htmls", not_laid_out)
    again = _ask(client, scene)
    assert run_queue() == 1  # the job alone: no part rendered
    job = _job(db, again)
    assert job.status is JobStatus.DONE and job.from_cache and rendered == []
    assert job.fingerprint == _job(db, first).fingerprint
    assert "nội dung không đổi từ lần tạo trước" in client.get(f"/jobs/{again}").get_data(as_text=True)
    assert client.get(f"/jobs/{again}/download").data == client.get(f"/jobs/{first}/download").data
    for fmt in ("docx", "xlsx"):  # the other formats are kept by content too
        _ask(client, scene, fmt)
        run_queue()
        assert _job(db, _ask(client, scene, fmt)).status is JobStatus.QUEUED
        run_queue()
        assert (
            db.session.scalars(sa.select(Job).where(Job.kind == f"synthesis.{fmt}").order_by(Job.id))
            .all()[-1]
            .from_cache
        )


@pytest.mark.usefixtures("queue_storage")
def test_after_one_change_only_its_part_is_rendered_again(app, client, db, scene, monkeypatch):
    app.config["PDF_CHUNK_ROWS"] = 2
    _ask(client, scene)
    run_queue()
    group = disposition_of(db, SIMILAR_A)
    from commentsvc.synthesis import operations

    operations.decide(group, Decision.ACCEPTED, "Đã tiếp thu, sửa lại khoản 1.", group.version, now=now_utc())
    db.session.commit()
    rendered = _rendered_parts(monkeypatch)
    job_id = _ask(client, scene)
    run_queue()
    job = _job(db, job_id)
    assert job.status is JobStatus.DONE and not job.from_cache
    assert len(rendered) == 1 and "Đã tiếp thu, sửa lại khoản 1." in rendered[0]
    assert job.parts_total > 2
    joined = client.get(f"/jobs/{job_id}/download").data
    assert joined == _whole_pdf(scene)  # the joined file is the one a whole render gives, byte for byte ...
    # ... every page after the first carries its own number, and every table page its header row.
    reader = PdfReader(io.BytesIO(joined))
    assert len(reader.pages) >= job.parts_total
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        lines = [line.strip() for line in text.splitlines()]
        if number > 1:
            assert str(number) in lines, (number, lines[:5])
        if "Tiếp thu, giải trình" in text or number > 1:
            assert "Cơ quan góp ý" in text or "PHỤ LỤC" in text.upper() or number == len(reader.pages)


@pytest.mark.usefixtures("queue_storage")
def test_a_changed_title_renders_again_the_parts_that_show_it(app, client, db, scene, monkeypatch):
    app.config["PDF_CHUNK_ROWS"] = 2
    first = _ask(client, scene)
    run_queue()
    keys = _job(db, first).part_keys
    scene.consultation.title = "Lấy ý kiến lần hai về dự thảo Nghị định"
    scene.version.draft.title = "Nghị định sửa đổi về dữ liệu mở"  # the heading of the document
    db.session.commit()
    rendered = _rendered_parts(monkeypatch)
    job_id = _ask(client, scene)
    run_queue()
    job = _job(db, job_id)
    assert job.status is JobStatus.DONE and not job.from_cache
    changed = [key for key in job.part_keys if key not in keys]
    assert 1 <= len(rendered) == len(changed) < len(job.part_keys)  # only the parts that show it
    assert all("Nghị định sửa đổi về dữ liệu mở" in html for html in rendered)
    assert client.get(f"/jobs/{job_id}/download").data == _whole_pdf(scene)


def test_the_sources_fingerprint_follows_every_row_the_synthesis_reads(app, db, scene):
    from commentsvc.synthesis.fingerprint import source_fingerprint

    consultation = scene.consultation
    now = now_utc()
    before = source_fingerprint(consultation, now, "pdf")
    assert source_fingerprint(consultation, now, "pdf") == before
    assert source_fingerprint(consultation, now, "docx") != before  # the export's options count
    comment = scene.replies["BTP"].comments[0]
    comment.proposed_wording += " (bổ sung)"
    db.session.flush()
    after_comment = source_fingerprint(consultation, now, "pdf")
    assert after_comment != before
    scene.agencies["BTP"].name = "Bộ Tư pháp (đổi tên)"
    db.session.flush()
    renamed = source_fingerprint(consultation, now, "pdf")
    assert renamed != after_comment
    # An agency's unsent draft reply is not in the synthesis and does not change it.
    scene.replies["DNG"].comments[0].text += " (nháp)"
    db.session.flush()
    assert source_fingerprint(consultation, now, "pdf") == renamed
    db.session.rollback()


def test_a_full_queue_and_a_busy_user_are_told_so(app, client, db, scene):
    app.config["JOBS_PER_USER"] = 2
    _ask(client, scene, "pdf")
    _ask(client, scene, "docx")
    busy = client.post(f"/consultations/{scene.consultation.id}/synthesis/export.xlsx", data={})
    assert busy.status_code == 429 and "chờ một yêu cầu hoàn thành" in busy.get_data(as_text=True)
    app.config.update(JOBS_PER_USER=10, QUEUE_MAX_JOBS=2)
    full = client.post(f"/consultations/{scene.consultation.id}/synthesis/export.xlsx", data={})
    assert full.status_code == 503 and "Hàng đợi tạo tệp đang đầy" in full.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Job)) == 2


def test_a_failed_job_says_why_and_can_be_tried_again(client, db, scene, monkeypatch):
    job_id = _ask(client, scene, "docx")

    def broken(synthesis):
        raise RuntimeError("disk full")

    monkeypatch.setitem(__import__("commentsvc.synthesis.exports").synthesis.exports.FORMATS, "docx", (broken, "x"))
    run_queue()
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert _job(db, job_id).status is JobStatus.FAILED
    assert "Không tạo được tệp" in page and "Thử lại" in page and "disk full" not in page
    monkeypatch.undo()
    response = client.post(f"/jobs/{job_id}/retry", data={})
    assert response.status_code == 302
    run_queue()
    assert _job(db, job_id).status is JobStatus.DONE
    assert client.get(f"/jobs/{job_id}/download").data[:2] == b"PK"


def test_job_results_are_only_for_the_consultations_team(client, db, factory, login, scene):
    job_id = _ask(client, scene, "xlsx")
    run_queue()
    colleague = factory.drafter(scene.unit)
    other_unit = factory.drafter(factory.unit("KHAC"))
    agency = factory.member(scene.agencies["BTP"], can_submit=True)
    client.post("/logout", data={})
    login(colleague)
    assert client.get(f"/jobs/{job_id}/download").status_code == 200
    for outsider in (other_unit, agency):
        client.post("/logout", data={})
        login(outsider)
        for url in (f"/jobs/{job_id}", f"/jobs/{job_id}.json", f"/jobs/{job_id}/download"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/jobs/{job_id}/retry", data={}).status_code == 404
    client.post("/logout", data={})
    assert client.get(f"/jobs/{job_id}/download").status_code == 302  # to the login page


def test_stale_jobs_are_queued_again_once_then_shown_failed(app, client, db, scene):
    app.config["JOB_STALE_SECONDS"] = 0
    job_id = _ask(client, scene, "xlsx")
    job = _job(db, job_id)
    job.status, job.heartbeat_at, job.attempts = JobStatus.RUNNING, now_utc(), 1
    db.session.commit()
    assert runner.recover_stale() == [job_id]
    assert _job(db, job_id).status is JobStatus.QUEUED
    job = _job(db, job_id)
    job.status, job.attempts = JobStatus.RUNNING, 2
    db.session.commit()
    assert runner.recover_stale() == []
    job = _job(db, job_id)
    assert job.status is JobStatus.FAILED and "Máy xử lý đã dừng giữa chừng" in job.error


def test_old_files_and_finished_jobs_are_cleaned(app, client, db, scene):
    job_id = _ask(client, scene, "xlsx")
    run_queue()
    job = _job(db, job_id)
    files = runner.store()
    assert files.exists("results", job.result_name)
    assert files.clean(3600) == 0 and runner.forget_finished() == 0  # used just now: kept
    job.finished_at = now_utc() - timedelta(hours=app.config["JOB_RESULT_HOURS"] + 1)
    db.session.commit()
    assert files.clean(0, now=time.time() + 10) >= 1 and not files.exists("results", job.result_name)
    assert runner.forget_finished() == 1 and db.session.get(Job, job_id) is None
