"""Reply letters read into comments, for the drafting team: upload on the paper-reply page, review, record.

Only drafters of the consultation's own unit; another unit's consultation or reading is 404. The review page's
address carries the reading's unguessable token.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.consultations import queries
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import local_to_utc, now_utc, to_local
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.text import nfc
from commentsvc.core.uploads import download
from commentsvc.jobs.operations import Subject
from commentsvc.jobs.views import start_upload
from commentsvc.responses import letter_import as reading_ops
from commentsvc.responses import paper
from commentsvc.responses.forms import MAX_COMMENT, LetterReviewForm, LetterUploadForm
from commentsvc.responses.letter_review import review_context
from commentsvc.responses.models import LetterReading, ReplyPosition
from commentsvc.responses.paper_views import _consultation

bp = Blueprint("letters", __name__, url_prefix="/consultations")
ACTIONS = ("keep", "delete", "merge", "split", "general")


def _settings() -> reading_ops.SignatureSettings:
    return reading_ops.SignatureSettings.from_config(current_app.config)


def _reading(consultation, token: str) -> LetterReading:
    row = db.session.query(LetterReading).filter_by(token=token, by_agency=False).one_or_none()
    if row is None or row.recipient.consultation_id != consultation.id:
        abort(404)
    return row


@bp.route("/<int:consultation_id>/paper-replies/letters", methods=["POST"])
@drafter_required
def upload(consultation_id: int):
    consultation = _consultation(consultation_id)
    form = LetterUploadForm(prefix="upload")
    form.recipient_id.choices = [(r.id, r.agency.name) for r in paper.recipients_without_reply(consultation)]
    storage = form.letter.data
    if not form.validate_on_submit() or form.recipient_id.data is None:
        raise UserError("Vui lòng chọn cơ quan gửi công văn.", field="recipient_id")
    if storage is None or not getattr(storage, "filename", ""):
        raise UserError("Vui lòng chọn tệp công văn.", field="letter")
    recipient = queries.recipient_in(consultation, form.recipient_id.data) or abort(404)
    data = storage.read(current_app.config.get("REPLY_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024) + 1)
    if len(data) > current_app.config["DIRECT_IMPORT_MAX_BYTES"]:  # read by the queue's worker
        subject = Subject.of_consultation(consultation)
        params = {"recipient_id": recipient.id, "filename": storage.filename}
        return start_upload("letter.read", subject, data, params)
    row = reading_ops.start_reading(recipient, data, storage.filename, user=current_user, settings=_settings())
    db.session.commit()
    return redirect(url_for("letters.review", consultation_id=consultation.id, token=row.token), 303)


def _posted_items(count: int) -> tuple[list[reading_ops.ReviewItem], list[str]]:
    items, actions = [], []
    for number in range(count):
        clause = request.form.get(f"item-{number}-clause", "")
        text = nfc(request.form.get(f"item-{number}-text", ""))[: MAX_COMMENT + 1]
        wording = nfc(request.form.get(f"item-{number}-wording", ""))[: MAX_COMMENT + 1]
        items.append(reading_ops.ReviewItem(int(clause) if clause.isdigit() else None, text, wording))
        action = request.form.get(f"item-{number}-action", "keep")
        actions.append(action if action in ACTIONS else "keep")
    return items, actions


def _checked_items(items, clause_ids: set[int]) -> list[reading_ops.ReviewItem]:
    for number, item in enumerate(items, 1):
        if item.clause_id is not None and item.clause_id not in clause_ids:
            raise UserError(f"Ý kiến {number} gắn với một điều, khoản không có trong dự thảo.")
        if len(item.text) > MAX_COMMENT or len(item.proposed_wording) > MAX_COMMENT:
            raise UserError(f"Ý kiến {number} quá dài (tối đa {MAX_COMMENT:,} ký tự).".replace(",", "."))
    return items


def _form(record: dict) -> LetterReviewForm:
    form = LetterReviewForm()
    if request.method == "GET":
        reading_ops.fill_letter_fields(form, record)
        local_now = to_local(now_utc())
        form.received_date.data, form.received_time.data = local_now.date(), local_now.time().replace(second=0)
    return form


@bp.route("/<int:consultation_id>/paper-replies/letters/<token>", methods=["GET", "POST"])
@drafter_required
def review(consultation_id: int, token: str):
    consultation = _consultation(consultation_id)
    row = _reading(consultation, token)
    if row.used_at is not None:
        flash(reading_ops.MSG_USED, "info")
        reply = row.recipient.reply
        return redirect(url_for("paper.show", consultation_id=consultation.id, reply_id=reply.id), 303)
    record = reading_ops.record_of(row)
    clauses = consultation.draft_version.clauses
    form = _form(record)
    if request.method == "GET":
        items, notes = reading_ops.initial_items(record, {c.id: c.ref for c in clauses}), []
    else:
        items, notes = reading_ops.apply_edits(*_posted_items(request.form.get("count", 0, type=int)))
    if request.method == "POST" and not form.refresh.data and form.validate_on_submit():
        return _record(consultation, row, form, _checked_items(items, {c.id for c in clauses}))
    status = 400 if request.method == "POST" and not form.refresh.data else 200
    context = review_context(consultation, row, record, items, notes)
    return render_template("responses/letter_review.html", form=form, **context), status


def _record(consultation, row: LetterReading, form: LetterReviewForm, items):
    letter = reading_ops.letter_of(
        row,
        position=ReplyPosition(form.position.data),
        reason=form.reason.data or "",
        number=form.letter_number.data,
        day=form.letter_date.data,
        signer=form.letter_signer.data,
    )
    received_at = local_to_utc(form.received_date.data, form.received_time.data)
    reply = reading_ops.record_for_team(
        row, letter, items, received_at=received_at, user=current_user, now=now_utc(), settings=_settings()
    )
    db.session.commit()
    flash(f"Đã ghi nhận văn bản góp ý của {row.recipient.agency.name} từ công văn.", "success")
    return redirect(url_for("paper.show", consultation_id=consultation.id, reply_id=reply.id), 303)


@bp.route("/<int:consultation_id>/paper-replies/letters/<token>/file")
@drafter_required
def letter_file(consultation_id: int, token: str):
    row = _reading(_consultation(consultation_id), token)
    if row.data is None:
        abort(404)
    return download(row.data, row.media_type, row.filename)
