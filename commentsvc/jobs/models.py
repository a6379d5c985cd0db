"""A job: one export or import asked for by a user, made by a queue worker.

An export's file is kept under JOBS_DIR for a while; an import's result is a row of its own (a draft's preview, a
letter's review), named by ``result_ref`` (its token), which the job page leads to. What a job is about is its
consultation, its report request, or neither (a draft's import); the drafting unit whose team may read it is always
known, and an agency's own upload also names the agency.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db, enum_column


class JobStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for a worker
    RUNNING = "running"  # a worker is making it (the parts of a PDF may be spread over several workers)
    JOINING = "joining"  # a PDF's parts are being joined into the file
    DONE = "done"  # the file is ready
    FAILED = "failed"  # error holds the Vietnamese reason; "Thử lại" queues it again


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.JOINING)


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))  # a key of jobs.kinds.KINDS, e.g. "synthesis.pdf"
    # What exactly is made (kind, consultation, options, date): the same key while one is active joins it.
    key: Mapped[str] = mapped_column(sa.String(200), index=True)
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    consultation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True
    )
    report_request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("report_requests.id", ondelete="CASCADE"), index=True
    )
    drafting_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_units.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED, index=True)
    parts_done: Mapped[int] = mapped_column(default=0)
    parts_total: Mapped[int] = mapped_column(default=0)  # 0 until the worker knows how many parts there are
    part_keys: Mapped[list] = mapped_column(sa.JSON, default=list)  # a PDF's parts, by content hash, in order
    fingerprint: Mapped[str] = mapped_column(sa.String(64), default="")  # hash of the content the file shows
    result_name: Mapped[str] = mapped_column(sa.String(120), default="")  # file name under JOBS_DIR/results
    filename: Mapped[str] = mapped_column(sa.String(255), default="")  # the name the user downloads it as
    media_type: Mapped[str] = mapped_column(sa.String(120), default="")
    result_ref: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")  # an import's result
    from_cache: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE
