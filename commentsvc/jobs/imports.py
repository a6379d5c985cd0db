"""Imports as jobs: a large draft split into its preview, a long reply letter read into its review.

The web request keeps the uploaded bytes under JOBS_DIR/uploads (jobs.views.start_upload) and answers with the job
page; the worker reads them with the very code the request ran for small files (the same refusals of hostile files,
the same time- and memory-limited child process for PDFs), makes the preview or the review, and the job page leads
there. Files up to DIRECT_IMPORT_MAX_BYTES are still read in the request.
"""

from __future__ import annotations

from flask import current_app, url_for

from commentsvc.accounts.models import User
from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.core.db import db
from commentsvc.jobs.models import Job
from commentsvc.jobs.store import UPLOADS


def _upload(job: Job) -> bytes:
    from commentsvc.jobs.runner import store

    return store().read(UPLOADS, job.params["upload"])


def _done_with_upload(job: Job) -> None:
    from commentsvc.jobs.runner import store

    store().remove(UPLOADS, job.params["upload"])


def _user(job: Job) -> User:
    return db.session.get(User, job.user_id)


def agency_reads(user, job: Job) -> bool:
    """An agency's own upload: the members of that agency."""
    return bool(getattr(user, "is_agency_member", False)) and user.agency_id == job.agency_id


# --- a draft --------------------------------------------------------------------------------------------------------


def split_draft(job: Job) -> str:
    from commentsvc.drafts import operations
    from commentsvc.drafts.models import Draft, DraftKind
    from commentsvc.drafts.splitting import Limits

    params = job.params
    upload = operations.read_upload(_upload(job), params["filename"], Limits.from_config(current_app.config))
    draft = db.session.get(Draft, params["draft_id"]) if params.get("draft_id") else None
    pending = operations.start_import(
        upload, title=params["title"], kind=DraftKind(params["kind"]), user=_user(job), draft=draft
    )
    _done_with_upload(job)
    return pending.token


def draft_preview(job: Job) -> str:
    return url_for("drafts.preview", token=job.result_ref)


def draft_page(job: Job) -> tuple[str, str]:
    if job.params.get("draft_id"):
        return url_for("drafts.draft", draft_id=job.params["draft_id"]), job.params["title"]
    # A refused file: back to the upload form with the title and kind the drafter typed (drafts.new fills them in).
    return url_for("drafts.new", title=job.params["title"], kind=job.params["kind"]), job.params["title"]


# --- a reply letter -------------------------------------------------------------------------------------------------


def _read_letter(job: Job, *, by_agency: bool) -> str:
    from commentsvc.responses import letter_import

    recipient = db.session.get(Recipient, job.params["recipient_id"])
    settings = letter_import.SignatureSettings.from_config(current_app.config)
    row = letter_import.start_reading(
        recipient, _upload(job), job.params["filename"], user=_user(job), settings=settings, by_agency=by_agency
    )
    _done_with_upload(job)
    return row.token


def read_team_letter(job: Job) -> str:
    return _read_letter(job, by_agency=False)


def read_agency_letter(job: Job) -> str:
    return _read_letter(job, by_agency=True)


def team_letter_review(job: Job) -> str:
    return url_for("letters.review", consultation_id=job.consultation_id, token=job.result_ref)


def agency_letter_review(job: Job) -> str:
    return url_for("agency_letters.review", consultation_id=job.consultation_id, token=job.result_ref)


def team_letter_page(job: Job) -> tuple[str, str]:
    consultation = db.session.get(Consultation, job.consultation_id)
    return url_for("paper.new", consultation_id=consultation.id), consultation.title


def agency_letter_page(job: Job) -> tuple[str, str]:
    consultation = db.session.get(Consultation, job.consultation_id)
    return url_for("responses.consultation", consultation_id=consultation.id), consultation.title
