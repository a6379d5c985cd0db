"""The draft's file and the documents sent with it (tờ trình, báo cáo đánh giá tác động…).

The drafting team attaches and removes documents on the consultation's page (drafters of the owning unit; another
unit's consultation is 404); every agency consulted downloads the draft and the documents from its own page once
the consultation is sent (another agency, or an unsent consultation, is 404). ``_documents.html`` lists them for
either side.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_login import current_user

from commentsvc.consultations import documents, queries
from commentsvc.consultations.forms import ActionForm, DocumentForm
from commentsvc.consultations.models import Consultation, ConsultationDocument, DocumentKind
from commentsvc.core.access import agency_required, drafter_required
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.uploads import check_upload, download

bp = Blueprint("documents", __name__)


def _own(consultation_id: int) -> Consultation:
    return queries.consultation_for_unit(consultation_id, current_user.drafting_unit_id) or abort(404)


def _sent_to_me(consultation_id: int) -> Consultation:
    recipient = queries.recipient_for_agency(consultation_id, current_user.agency_id) or abort(404)
    return recipient.consultation


def _document(consultation: Consultation, document_id: int) -> ConsultationDocument:
    return documents.document_of(consultation, document_id) or abort(404)


def _send(document: ConsultationDocument):
    return download(document.data, document.media_type, document.filename)


def _back(consultation: Consultation):
    return redirect(url_for("consultations.detail", consultation_id=consultation.id, _anchor="documents"), 303)


@bp.route("/consultations/<int:consultation_id>/documents", methods=["POST"])
@drafter_required
def attach(consultation_id: int):
    consultation = _own(consultation_id)
    form = DocumentForm()
    if not form.validate_on_submit():
        name, errors = next(iter(form.errors.items()))
        raise UserError(errors[0], field=name if name != "csrf_token" else None)
    limit = current_app.config.get("MAX_CONTENT_LENGTH") or 20 * 1024 * 1024
    upload = check_upload(form.file.data.read(limit + 1), form.file.data.filename, max_bytes=limit, field="file")
    document = documents.attach_document(
        consultation, DocumentKind(form.kind.data), form.title.data or "", upload, user=current_user
    )
    db.session.commit()
    flash(f"Đã đính kèm «{document.title}» ({document.filename}).", "success")
    return _back(consultation)


@bp.route("/consultations/<int:consultation_id>/documents/<int:document_id>/remove", methods=["POST"])
@drafter_required
def remove(consultation_id: int, document_id: int):
    consultation = _own(consultation_id)
    document = _document(consultation, document_id)
    if not ActionForm().validate_on_submit():
        raise UserError("Phiên làm việc đã hết hạn. Vui lòng tải lại trang và thử lại.")
    title = document.title
    documents.remove_document(consultation, document, user=current_user)
    db.session.commit()
    flash(f"Đã bỏ tài liệu «{title}».", "success")
    return _back(consultation)


@bp.route("/consultations/<int:consultation_id>/documents/<int:document_id>")
@drafter_required
def team_download(consultation_id: int, document_id: int):
    return _send(_document(_own(consultation_id), document_id))


@bp.route("/agency/consultations/<int:consultation_id>/documents/<int:document_id>")
@agency_required
def agency_download(consultation_id: int, document_id: int):
    return _send(_document(_sent_to_me(consultation_id), document_id))


@bp.route("/agency/consultations/<int:consultation_id>/draft")
@agency_required
def agency_draft(consultation_id: int):
    """The consulted draft version's own file, as the team uploaded it."""
    version = _sent_to_me(consultation_id).draft_version
    return download(version.original_file, version.media_type, version.filename)
