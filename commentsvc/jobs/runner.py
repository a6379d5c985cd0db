"""What a worker does with a job: prepare it, serve it from a stored result, render it (a PDF part by part), join.

A PDF job's parts are separate queue tasks, so several workers render one document at once; each part is stored by
the hash of its HTML, so a second export renders only the parts whose rows changed. The worker that finishes the
last part claims the join with a conditional UPDATE (of two finishing together, one wins). Every step commits: the
job page, served by any web process, reads the progress from the database.
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.jobs import kinds
from commentsvc.jobs.models import Job, JobStatus
from commentsvc.jobs.store import PARTS, RESULTS, SOURCES, Store

log = logging.getLogger(__name__)

FAILED_MESSAGE = (
    "Không tạo được tệp do lỗi trong khi xử lý (công việc số {id}). Vui lòng bấm “Thử lại”; nếu vẫn lỗi, "
    "xin báo quản trị hệ thống."
)
STOPPED_MESSAGE = "Máy xử lý đã dừng giữa chừng nên tệp chưa được tạo (công việc số {id}). Vui lòng bấm “Thử lại”."
MAX_ATTEMPTS = 2  # a job whose worker died is queued again once by itself, then waits for "Thử lại"


def store() -> Store:
    return Store(current_app.config["JOBS_DIR"])


def _load(job_id: int) -> Job | None:
    return db.session.get(Job, job_id, populate_existing=True)


def _touch(job_id: int, **values) -> None:
    db.session.execute(sa.update(Job).where(Job.id == job_id).values(heartbeat_at=now_utc(), **values))
    db.session.commit()


def start(job_id: int) -> list[str]:
    """Prepare a queued job; the keys of PDF parts still to render (the caller queues them), or [] when done."""
    job = _load(job_id)
    if job is None or job.status is not JobStatus.QUEUED:
        return []  # cancelled, done by a twin, or started already by another delivery of the task
    now = now_utc()
    job.status, job.started_at, job.heartbeat_at, job.attempts = JobStatus.RUNNING, now, now, job.attempts + 1
    job.parts_done, job.parts_total, job.error = 0, 0, ""
    db.session.commit()
    try:
        return _prepare_and_render(job)
    except UserError as error:  # what the user can act on (nobody left to remind, …): said as it is
        db.session.rollback()
        fail(job_id, error.message)
        return []
    except Exception:
        log.exception("Job %s (%s) failed", job_id, job.kind)
        db.session.rollback()
        fail(job_id, FAILED_MESSAGE.format(id=job_id))
        return []


def _prepare_and_render(job: Job) -> list[str]:
    kind = kinds.KINDS[job.kind]
    files = store()
    if kind.run is not None:  # an import: its result is a row of its own, the job page leads to it
        job.parts_total = 1
        db.session.commit()
        job.result_ref = kind.run(job)
        job.parts_done = 1
        _finish(job)
        return []
    # The cheap fingerprint of what the file is made from: an unchanged one is served without preparing anything.
    source = kind.source(job) if kind.source is not None else ""
    known = _known_result(files, source)
    if known is not None:
        job.result_name, job.filename, job.media_type = known["result"], known["filename"], known["media_type"]
        job.fingerprint = known["fingerprint"]
        files.touch(RESULTS, job.result_name)
        files.touch(SOURCES, f"{source}.json")
        _finish(job, from_cache=True)
        return []
    prepared = kind.prepare(job)
    unchanged = bool(source) and kind.source(job) == source  # nothing changed while it was prepared
    # A file is named by the hash of its content, or else by its sources' when they did not change meanwhile.
    job.fingerprint = prepared.fingerprint or (source if unchanged else "")
    job.filename, job.media_type = prepared.filename, prepared.media_type
    if job.fingerprint:
        job.result_name = f"{job.fingerprint}.{kind.extension}"
        if unchanged:  # remember the pair
            known = {"result": job.result_name, "filename": job.filename, "media_type": job.media_type}
            files.write(SOURCES, f"{source}.json", json.dumps({**known, "fingerprint": job.fingerprint}).encode())
        if files.exists(RESULTS, job.result_name):
            files.touch(RESULTS, job.result_name)
            _finish(job, from_cache=True)
            return []
    else:
        job.result_name = f"job-{job.id}-{job.attempts}.{kind.extension}"
    if prepared.parts is None:
        job.parts_total = 1
        db.session.commit()
        files.write(RESULTS, job.result_name, prepared.render())
        job.parts_done = 1
        _finish(job)
        return []
    keys = [kinds.digest(html) for html in prepared.parts]
    for key, html in zip(keys, prepared.parts, strict=True):
        if not files.exists(PARTS, f"{key}.pdf") and not files.exists(PARTS, f"{key}.html"):
            files.write(PARTS, f"{key}.html", html.encode("utf-8"))
    unique = list(dict.fromkeys(keys))
    missing = [key for key in unique if not files.exists(PARTS, f"{key}.pdf")]
    job.part_keys, job.parts_total, job.parts_done = keys, len(unique), len(unique) - len(missing)
    db.session.commit()
    if not missing:
        join_if_complete(job.id)
    return missing


def render_part(job_id: int, key: str) -> None:
    """Render one part of a PDF job (unless a twin job rendered it meanwhile), then join if it was the last."""
    job = _load(job_id)
    if job is None or job.status is not JobStatus.RUNNING:
        return
    try:
        files = store()
        if not files.exists(PARTS, f"{key}.pdf"):
            from commentsvc.synthesis.export_pdf import render_part as render_html

            html = files.read(PARTS, f"{key}.html").decode("utf-8")
            files.write(PARTS, f"{key}.pdf", render_html(html))
        _touch(job_id, parts_done=Job.parts_done + 1)
        join_if_complete(job_id)
    except Exception:
        log.exception("Part %s of job %s failed", key, job_id)
        db.session.rollback()
        fail(job_id, FAILED_MESSAGE.format(id=job_id))


def join_if_complete(job_id: int) -> None:
    job = _load(job_id)
    files = store()
    if job is None or not all(files.exists(PARTS, f"{key}.pdf") for key in job.part_keys):
        return
    claimed = db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
        .values(status=JobStatus.JOINING, heartbeat_at=now_utc())
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return  # another worker is joining it
    from commentsvc.synthesis import export_pdf, pdf_pages

    parts = [files.read(PARTS, f"{key}.pdf") for key in job.part_keys]
    for key in dict.fromkeys(job.part_keys):
        files.touch(PARTS, f"{key}.pdf")
    files.write(RESULTS, job.result_name, pdf_pages.join(parts, export_pdf.page_number_probe()))
    job = _load(job_id)
    job.parts_done = job.parts_total
    _finish(job)


def _known_result(files: Store, source: str) -> dict | None:
    """What a job made from the same sources left: its stored file's name, download name and type, if still kept."""
    if not source or not files.exists(SOURCES, f"{source}.json"):
        return None
    known = json.loads(files.read(SOURCES, f"{source}.json"))
    return known if files.exists(RESULTS, known["result"]) else None


def _finish(job: Job, *, from_cache: bool = False) -> None:
    job.status, job.finished_at, job.from_cache = JobStatus.DONE, now_utc(), from_cache
    if from_cache:
        job.parts_done = job.parts_total = max(job.parts_total, 1)
    db.session.commit()


def fail(job_id: int, message: str) -> None:
    db.session.execute(
        sa.update(Job)
        .where(Job.id == job_id, Job.status != JobStatus.DONE)
        .values(status=JobStatus.FAILED, error=message, finished_at=now_utc())
    )
    db.session.commit()


def stale_jobs(now=None) -> list[Job]:
    """Running jobs with no sign of life for JOB_STALE_SECONDS: their worker died (killed, machine restarted)."""
    now = now or now_utc()
    limit = now - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    return list(
        db.session.scalars(
            sa.select(Job).where(Job.status.in_([JobStatus.RUNNING, JobStatus.JOINING]), Job.heartbeat_at < limit)
        )
    )


def is_stale(job: Job, now=None) -> bool:
    if job.status not in (JobStatus.RUNNING, JobStatus.JOINING) or job.heartbeat_at is None:
        return False
    now = now or now_utc()
    return now - job.heartbeat_at > timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])


def recover_stale(now=None) -> list[int]:
    """Queue stale jobs again once (the parts already rendered are kept); after that, show them failed.

    Returns the ids to enqueue again."""
    again = []
    for job in stale_jobs(now):
        if job.attempts < MAX_ATTEMPTS:
            job.status, job.error = JobStatus.QUEUED, ""
            again.append(job.id)
        else:
            job.status, job.error, job.finished_at = JobStatus.FAILED, STOPPED_MESSAGE.format(id=job.id), now_utc()
    db.session.commit()
    return again


def forget_finished(now=None) -> int:
    """Delete the rows of jobs finished more than JOB_RESULT_HOURS ago: their files are cleaned at the same age."""
    now = now or now_utc()
    limit = now - timedelta(hours=current_app.config["JOB_RESULT_HOURS"])
    result = db.session.execute(
        sa.delete(Job).where(Job.status.in_([JobStatus.DONE, JobStatus.FAILED]), Job.finished_at < limit)
    )
    db.session.commit()
    return result.rowcount
