"""An agency checks its own signed reply letter against its online comments, then submits with it.

Only members who may submit, and only for their own agency's consultation; another agency's reading is 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.consultations import queries
from commentsvc.core.access import agency_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.uploads import download
from commentsvc.jobs.operations import Subject
from commentsvc.jobs.views import start_upload
from commentsvc.responses import letter_import as reading_ops
from commentsvc.responses.forms import AgencyLetterForm, LetterUploadForm
from commentsvc.responses.letter_review import letter_warnings
from commentsvc.responses.models import LetterReading, ReplyPosition
from commentsvc.responses.views import sorted_comments

bp = Blueprint("agency_letters", __name__, url_prefix="/agency")


def _recipient(consultation_id: int):
    if not current_user.can_submit:
        abort(403)
    recipient = queries.recipient_for_agency(consultation_id, current_user.agency_id)
    if recipient is None:
        abort(404)
    return recipient


def _reading(recipient, token: str) -> LetterReading:
    row = db.session.query(LetterReading).filter_by(token=token, by_agency=True).one_or_none()
    if row is None or row.recipient_id != recipient.id:
        abort(404)
    return row


def _settings() -> reading_ops.SignatureSettings:
    return reading_ops.SignatureSettings.from_config(current_app.config)


@bp.route("/consultations/<int:consultation_id>/letter-readings", methods=["POST"])
@agency_required
def upload(consultation_id: int):
    recipient = _recipient(consultation_id)
    form = LetterUploadForm(prefix="upload")
    form.recipient_id.choices = [(recipient.id, recipient.agency.name)]
    storage = form.letter.data
    if not form.validate_on_submit() or storage is None or not getattr(storage, "filename", ""):
        raise UserError("Vui lòng chọn tệp công văn đã ký.", field="letter")
    data = storage.read(current_app.config.get("REPLY_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024) + 1)
    if len(data) > current_app.config["DIRECT_IMPORT_MAX_BYTES"]:  # read by the queue's worker
        consultation = recipient.consultation
        subject = Subject(consultation.drafting_unit_id, consultation_id=consultation.id, agency_id=recipient.agency_id)
        params = {"recipient_id": recipient.id, "filename": storage.filename}
        return start_upload("letter.read_agency", subject, data, params)
    row = reading_ops.start_reading(
        recipient, data, storage.filename, user=current_user, settings=_settings(), by_agency=True
    )
    db.session.commit()
    return redirect(url_for("agency_letters.review", consultation_id=consultation_id, token=row.token), 303)


def _form(record: dict) -> AgencyLetterForm:
    form = AgencyLetterForm()
    if request.method == "GET":
        reading_ops.fill_letter_fields(form, record)
    return form


@bp.route("/consultations/<int:consultation_id>/letter-readings/<token>", methods=["GET", "POST"])
@agency_required
def review(consultation_id: int, token: str):
    recipient = _recipient(consultation_id)
    row = _reading(recipient, token)
    if row.used_at is not None:
        flash(reading_ops.MSG_USED, "info")
        return redirect(url_for("responses.receipt_page", consultation_id=consultation_id), 303)
    record = reading_ops.record_of(row)
    ref_of = {clause.id: clause.ref for clause in recipient.consultation.draft_version.clauses}
    items = reading_ops.initial_items(record, ref_of)
    form = _form(record)
    if form.validate_on_submit():
        return _submit(recipient, row, form, items)
    compared, missing = reading_ops.compare_with_online(items, sorted_comments(recipient.reply))
    page = render_template(
        "responses/agency_letter_review.html",
        recipient=recipient,
        consultation=recipient.consultation,
        reading=row,
        record=record,
        compared=compared,
        missing=missing,
        ref_of=ref_of,
        form=form,
        verdict=reading_ops.verdict_of(row),
        warnings=letter_warnings(recipient.consultation, recipient, record),
    )
    return page, 400 if request.method == "POST" else 200


def _submit(recipient, row: LetterReading, form: AgencyLetterForm, items):
    added = [item for number, item in enumerate(items) if request.form.get(f"add-{number}")]
    letter = reading_ops.letter_of(
        row,
        position=ReplyPosition(form.position.data),
        reason=form.reason.data or "",
        number=form.letter_number.data,
        day=form.letter_date.data,
        signer=form.letter_signer.data,
    )
    reading_ops.submit_for_agency(row, letter, added, user=current_user, now=now_utc(), settings=_settings())
    db.session.commit()
    flash("Đã gửi văn bản góp ý kèm công văn đã ký. Cảm ơn cơ quan đã tham gia góp ý.", "success")
    return redirect(url_for("responses.receipt_page", consultation_id=recipient.consultation_id), 303)


@bp.route("/consultations/<int:consultation_id>/letter-readings/<token>/file")
@agency_required
def letter_file(consultation_id: int, token: str):
    row = _reading(_recipient(consultation_id), token)
    if row.data is None:
        abort(404)
    return download(row.data, row.media_type, row.filename)
