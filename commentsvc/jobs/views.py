"""The job page: what is being made, its progress and elapsed time, then the download; "Thử lại" after a failure.

A job is read only by those who may read the export it makes (jobs.kinds.may_read): anybody else gets 404, as for
another unit's consultation. The page refreshes itself (meta refresh); static/job.js updates it in place instead.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.jobs import kinds, operations, runner
from commentsvc.jobs.models import Job, JobStatus
from commentsvc.jobs.store import RESULTS, UPLOADS
from commentsvc.synthesis.exports import content_disposition

bp = Blueprint("jobs", __name__, url_prefix="/jobs")

GONE_MESSAGE = "Tệp này đã được dọn khỏi máy chủ sau một thời gian. Vui lòng tạo lại tệp."


def readable_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not kinds.may_read(current_user, job):
        abort(404)
    return job


def landing_url(job: Job) -> str | None:
    """Where a finished import leads: the page of what it made (None for exports and unfinished jobs)."""
    kind = kinds.KINDS[job.kind]
    if job.status is not JobStatus.DONE or not job.result_ref or kind.landing is None:
        return None
    return kind.landing(job)


def job_state(job: Job) -> dict:
    """What the page and its JSON show: status, parts done of total, seconds elapsed, messages."""
    now = now_utc()
    stale = runner.is_stale(job, now)
    ended = job.finished_at if job.status in (JobStatus.DONE, JobStatus.FAILED) else now
    return {
        "id": job.id,
        "status": "failed" if stale else job.status.value,
        "title": kinds.KINDS[job.kind].title,
        "parts_done": job.parts_done,
        "parts_total": job.parts_total,
        "elapsed": max(0, int(((ended or now) - job.created_at).total_seconds())),
        "error": runner.STOPPED_MESSAGE.format(id=job.id) if stale else job.error,
        "from_cache": job.from_cache,
        "filename": job.filename,
        "download_url": url_for("jobs.download", job_id=job.id)
        if job.status is JobStatus.DONE and not job.result_ref
        else None,
        "landing_url": landing_url(job),
        "is_import": kinds.KINDS[job.kind].run is not None,
    }


def start_job(kind: str, consultation, params: dict):
    """The view's answer to an export button: the job page of a new job, or of the same one already running."""
    return start(kind, operations.Subject.of_consultation(consultation), params)


def start(kind: str, subject: operations.Subject, params: dict):
    """The job page of a new job making ``kind`` of ``subject``, or of the same one already running."""
    job, is_new = operations.request_job(kind, subject, params, current_user)
    db.session.commit()
    if is_new:
        operations.enqueue(job)
    return redirect(url_for("jobs.show", job_id=job.id), 303)


def start_upload(kind: str, subject: operations.Subject, data: bytes, params: dict):
    """The job page of an import: the uploaded bytes are kept under JOBS_DIR/uploads for the worker (never in this
    process's memory only), named at random so that two uploads are two jobs."""
    name = f"{uuid.uuid4().hex}.bin"
    job, is_new = operations.request_job(kind, subject, {**params, "upload": name}, current_user)
    runner.store().write(UPLOADS, name, data)
    db.session.commit()
    if is_new:
        operations.enqueue(job)
    return redirect(url_for("jobs.show", job_id=job.id), 303)


@bp.route("/<int:job_id>")
@login_required
def show(job_id: int):
    job = readable_job(job_id)
    if landing_url(job):  # an import is done: its preview or review page
        return redirect(landing_url(job))
    back_url, about = kinds.KINDS[job.kind].page(job)
    return render_template("jobs/show.html", job=job, state=job_state(job), back_url=back_url, about=about)


@bp.route("/<int:job_id>.json")
@login_required
def status(job_id: int):
    return job_state(readable_job(job_id))


@bp.route("/<int:job_id>/download")
@login_required
def download(job_id: int):
    job = readable_job(job_id)
    if job.status is not JobStatus.DONE:
        return redirect(url_for("jobs.show", job_id=job.id))
    files = runner.store()
    if not files.exists(RESULTS, job.result_name):
        raise UserError(GONE_MESSAGE, 410)
    files.touch(RESULTS, job.result_name)
    response = Response(files.read(RESULTS, job.result_name), mimetype=job.media_type)
    response.headers["Content-Disposition"] = content_disposition(job.filename)
    return response


@bp.route("/<int:job_id>/retry", methods=["POST"])
@login_required
def retry(job_id: int):
    job = readable_job(job_id)
    if operations.retry(job):
        db.session.commit()
        operations.enqueue(job)
    return redirect(url_for("jobs.show", job_id=job.id))
