"""Asking for a job from a web request: join the same one while it runs, or queue a new one within the limits.

Like every operation it flushes and never commits; the view commits and only then puts the job on the queue
(`enqueue`), so a worker never looks for a row that is not there yet.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.jobs import runner
from commentsvc.jobs.models import ACTIVE, Job, JobStatus

PER_USER_MESSAGE = "Bạn đang có {count} yêu cầu tạo tệp chưa xong. Vui lòng chờ một yêu cầu hoàn thành rồi tạo tiếp."
QUEUE_FULL_MESSAGE = "Hàng đợi tạo tệp đang đầy ({count} yêu cầu chưa xong). Vui lòng thử lại sau ít phút."
QUEUE_DOWN_MESSAGE = "Không kết nối được hàng đợi tạo tệp. Vui lòng thử lại sau ít phút hoặc báo quản trị hệ thống."


@dataclass(frozen=True)
class Subject:
    """What a job is about: the drafting unit whose team may read it, and its consultation, report request or the
    agency whose own upload it is (jobs.kinds decides who reads each kind)."""

    drafting_unit_id: int
    consultation_id: int | None = None
    report_request_id: int | None = None
    agency_id: int | None = None

    @classmethod
    def of_consultation(cls, consultation) -> Subject:
        return cls(consultation.drafting_unit_id, consultation_id=consultation.id)


def job_key(kind: str, subject: Subject, params: dict) -> str:
    options = json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    about = ":".join(
        str(value or "") for value in (subject.consultation_id, subject.report_request_id, subject.agency_id)
    )
    key = f"{kind}:{about}:{options}"
    return key if len(key) <= 200 else f"{key[:135]}#{hashlib.sha256(key.encode()).hexdigest()}"


def running_twin(key: str) -> Job | None:
    """The unfinished job making exactly this, unless its worker died."""
    twin = db.session.scalars(
        sa.select(Job).where(Job.key == key, Job.status.in_(ACTIVE)).order_by(Job.id.desc()).limit(1)
    ).first()
    return None if twin is None or runner.is_stale(twin) else twin


def request_job(kind: str, subject: Subject, params: dict, user) -> tuple[Job, bool]:
    """The job making ``kind`` of ``subject`` with ``params``, and whether it is new (to be enqueued)."""
    key = job_key(kind, subject, params)
    twin = running_twin(key)
    if twin is not None:
        return twin, False
    _check_limits(user)
    job = Job(
        kind=kind,
        key=key,
        params=params,
        consultation_id=subject.consultation_id,
        report_request_id=subject.report_request_id,
        drafting_unit_id=subject.drafting_unit_id,
        agency_id=subject.agency_id,
        user_id=user.id,
        status=JobStatus.QUEUED,
    )
    db.session.add(job)
    db.session.flush()
    return job, True


def _check_limits(user) -> None:
    active = sa.select(sa.func.count()).select_from(Job).where(Job.status.in_(ACTIVE))
    mine = db.session.scalar(active.where(Job.user_id == user.id)) or 0
    if mine >= current_app.config["JOBS_PER_USER"]:
        raise UserError(PER_USER_MESSAGE.format(count=mine), 429)
    total = db.session.scalar(active) or 0
    if total >= current_app.config["QUEUE_MAX_JOBS"]:
        raise UserError(QUEUE_FULL_MESSAGE.format(count=total), 503)


def retry(job: Job) -> bool:
    """ "Thử lại": queue a failed (or stalled) job again; False when it is running or done."""
    if job.status is not JobStatus.FAILED and not runner.is_stale(job):
        return False
    job.status, job.error, job.parts_done, job.finished_at = JobStatus.QUEUED, "", 0, None
    job.attempts = 0
    db.session.flush()
    return True


def enqueue(job: Job) -> None:
    """Put a committed job on the queue; if the queue cannot be reached the job is failed and the user told so."""
    from commentsvc.jobs.tasks import run_job

    try:
        run_job(job.id)
    except Exception as error:  # Redis down, SQLite file unwritable: say so instead of leaving it queued forever
        current_app.logger.exception("Could not enqueue job %s", job.id)
        runner.fail(job.id, QUEUE_DOWN_MESSAGE)
        raise UserError(QUEUE_DOWN_MESSAGE, 503) from error
