"""A real worker process (`python -m commentsvc.jobs.worker`), killed in the middle of a PDF job."""

from __future__ import annotations

import io
import os
import time

import pytest
from pypdf import PdfReader

from commentsvc.jobs.models import Job, JobStatus
from commentsvc.jobs.store import RESULTS, Store
from commentsvc.synthesis import export_pdf
from commentsvc.synthesis.exports import today
from commentsvc.synthesis.loading import synthesis_for
from tests.jobs_helpers import kill_worker, start_worker, stop_worker
from tests.web.synthesis_helpers import build_scene


def _wait_for(db, job_id: int, condition, timeout: float = 120.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        job = db.session.get(Job, job_id, populate_existing=True)
        if condition(job):
            return job
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} stayed {job.status} {job.parts_done}/{job.parts_total}")


def _results(app) -> list:
    folder = Store(app.config["JOBS_DIR"]).root / RESULTS
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.usefixtures("queue_storage")
def test_a_worker_killed_mid_job_leaves_no_file_and_the_job_can_be_tried_again(
    app, app_config, client, db, factory, login
):
    scene = build_scene(factory)
    login(scene.drafter)
    app.config["JOB_STALE_SECONDS"] = 1
    worker = start_worker(app_config, PDF_CHUNK_ROWS="1")
    try:
        response = client.post(f"/consultations/{scene.consultation.id}/synthesis/export.pdf", data={})
        job_id = int(response.headers["Location"].rsplit("/", 1)[1])
        job = _wait_for(db, job_id, lambda job: job.status is JobStatus.RUNNING and job.parts_done >= 1)
        kill_worker(worker)
        assert job.parts_done < job.parts_total
    finally:
        kill_worker(worker)
    assert _results(app) == []  # nothing to serve, not even half a file
    assert client.get(f"/jobs/{job_id}/download").status_code == 302
    time.sleep(1.5)  # no sign of life for JOB_STALE_SECONDS
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Máy xử lý đã dừng giữa chừng" in page and "Thử lại" in page
    assert client.post(f"/jobs/{job_id}/retry", data={}).status_code == 302
    worker = start_worker(app_config, PDF_CHUNK_ROWS="1")
    try:
        job = _wait_for(db, job_id, lambda job: job.status in (JobStatus.DONE, JobStatus.FAILED))
    finally:
        stop_worker(worker)
    assert job.status is JobStatus.DONE, job.error
    data = client.get(f"/jobs/{job_id}/download").data
    whole = export_pdf.to_pdf(synthesis_for(scene.consultation, on=today(), user=scene.drafter), chunk_rows=1)
    assert data == whole
    assert len(PdfReader(io.BytesIO(data)).pages) == len(PdfReader(io.BytesIO(whole)).pages)


def _niceness(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[16])


def _worker_pids(session_id: int) -> list[int]:
    """The worker's processes (not the helpers it starts while importing, such as a compiler asked for a library)."""
    pids = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.getsid(int(entry)) == session_id:
                with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                    if b"commentsvc.jobs.worker" in cmdline.read():
                        pids.append(int(entry))
        except OSError:
            continue
    return pids


@pytest.mark.usefixtures("queue_storage")
def test_the_worker_processes_run_at_worker_nice(app_config):
    """The workers lower their own priority (WORKER_NICE) so that the web processes get the CPU first."""
    worker = start_worker(app_config, workers=2, WORKER_NICE="7")
    try:
        deadline = time.monotonic() + 60
        while len(_worker_pids(worker.pid)) < 3 and time.monotonic() < deadline:  # the consumer and its 2 workers
            time.sleep(0.1)
        pids = _worker_pids(worker.pid)
        assert len(pids) >= 3, pids
        # A process never raises its own priority: under a test run already niced past 7 the workers keep that.
        assert {_niceness(pid) for pid in pids} == {max(7, os.nice(0))}
    finally:
        stop_worker(worker)
