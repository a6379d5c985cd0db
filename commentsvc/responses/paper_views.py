"""Replies on paper or by e-mail, for the drafting team: record one on the agency's behalf, see it, correct it
(audited: reply.paper_correct keeps every value before and after). Its letter is downloaded like any reply's
(consultations.reply_letter).

Only drafters of the consultation's own unit; another unit's consultation is 404. Nothing here shows an agency's
unsent draft: the list of agencies comes from recipients without a SUBMITTED reply, and replies are loaded only when
submitted.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.consultations import queries
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core.access import drafter_required
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import local_to_utc, now_utc, to_local
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.text import nfc, thousands
from commentsvc.responses import paper
from commentsvc.responses.forms import MAX_COMMENT, LetterUploadForm, PaperCorrectionForm, PaperReplyForm
from commentsvc.responses.models import Reply
from commentsvc.responses.views import letter_from, receipt_context

bp = Blueprint("paper", __name__, url_prefix="/consultations")


@bp.app_template_filter("correction_label")
def correction_label(name: str) -> str | None:
    return paper.CORRECTION_LABELS.get(name, name)


def _consultation(consultation_id: int) -> Consultation:
    consultation = queries.consultation_for_unit(consultation_id, current_user.drafting_unit_id)
    if consultation is None or consultation.status is ConsultationStatus.DRAFT:
        abort(404)
    return consultation


def _reply(consultation: Consultation, reply_id: int) -> Reply:
    reply = queries.submitted_reply_for_unit(reply_id, current_user.drafting_unit_id)
    if reply is None or reply.recipient.consultation_id != consultation.id:
        abort(404)
    return reply


def _form(consultation: Consultation, pending) -> PaperReplyForm:
    form = PaperReplyForm()
    form.recipient_id.choices = [(r.id, r.agency.name) for r in pending]
    if request.method == "GET":
        local_now = to_local(now_utc())
        form.received_date.data, form.received_time.data = local_now.date(), local_now.time().replace(second=0)
        form.recipient_id.data = request.args.get("recipient_id", type=int)
    return form


def _typed_comments(consultation: Consultation, form: PaperReplyForm) -> list[paper.PaperComment]:
    """General text, then one textarea per clause ("clause-<id>"), then the pasted letter split by paragraphs."""
    clauses = consultation.draft_version.clauses
    comments = []
    if (form.general.data or "").strip():
        comments.append(paper.PaperComment(None, nfc(form.general.data.strip())))
    for clause in clauses:
        text = request.form.get(f"clause-{clause.id}", "").strip()
        if text:
            comments.append(paper.PaperComment(clause.id, nfc(text)))
    return comments + paper.split_pasted(form.pasted.data or "", clauses)


def _too_long(consultation: Consultation, comments: list[paper.PaperComment]) -> str | None:
    """The message naming where a typed comment is longer than an agency may write online, or None."""
    refs = {clause.id: clause.ref for clause in consultation.draft_version.clauses}
    places = [refs.get(c.clause_id) or "ý kiến chung" for c in comments if len(c.text) > MAX_COMMENT]
    if not places:
        return None
    limit = thousands(MAX_COMMENT)
    return f"Ý kiến quá dài (tối đa {limit} ký tự): {', '.join(dict.fromkeys(places))}."


def _record(consultation: Consultation, form: PaperReplyForm, comments: list[paper.PaperComment]):
    recipient = queries.recipient_in(consultation, form.recipient_id.data) or abort(404)
    letter = letter_from(form, allow_images=True)
    received_at = local_to_utc(form.received_date.data, form.received_time.data)
    reply = paper.record_paper_reply(
        recipient, letter, comments, received_at=received_at, user=current_user, now=now_utc()
    )
    db.session.commit()
    flash(f"Đã ghi nhận văn bản góp ý của {recipient.agency.name}.", "success")
    return redirect(url_for("paper.show", consultation_id=consultation.id, reply_id=reply.id), 303)


@bp.route("/<int:consultation_id>/paper-replies/new", methods=["GET", "POST"])
@drafter_required
def new(consultation_id: int):
    consultation = _consultation(consultation_id)
    pending = paper.recipients_without_reply(consultation)
    form = _form(consultation, pending)
    too_long = None
    if form.validate_on_submit():
        comments = _typed_comments(consultation, form)
        too_long = _too_long(consultation, comments)
        if too_long is None:
            return _record(consultation, form, comments)
        flash(too_long, "error")  # the page below keeps every typed text
    status = 400 if form.errors or too_long else 200
    upload_form = LetterUploadForm(prefix="upload")
    upload_form.recipient_id.choices = form.recipient_id.choices
    page = render_template(
        "responses/paper_form.html", consultation=consultation, form=form, pending=pending, upload_form=upload_form
    )
    return page, status


@bp.route("/<int:consultation_id>/paper-replies/<int:reply_id>")
@drafter_required
def show(consultation_id: int, reply_id: int):
    consultation = _consultation(consultation_id)
    reply = _reply(consultation, reply_id)
    return render_template(
        "responses/paper_show.html",
        consultation=consultation,
        corrections=_corrections(reply),
        **receipt_context(reply),
    )


@bp.route("/<int:consultation_id>/paper-replies/<int:reply_id>/edit", methods=["GET", "POST"])
@drafter_required
def edit(consultation_id: int, reply_id: int):
    consultation = _consultation(consultation_id)
    reply = _reply(consultation, reply_id)
    if not reply.entered_by_team:
        abort(404)  # an agency's own online reply is its official letter: the team does not rewrite it
    form = PaperCorrectionForm()
    if not form.is_submitted():
        _fill(form, reply)
    if form.validate_on_submit():
        added = _typed_comments(consultation, form)
        texts = {comment.id: request.form.get(f"comment-{comment.id}", comment.text) for comment in reply.comments}
        too_long = _too_long(consultation, added + [paper.PaperComment(None, text) for text in texts.values()])
        if too_long:
            raise UserError(too_long)
        received_at = local_to_utc(form.received_date.data, form.received_time.data)
        letter = letter_from(form, allow_images=True)
        changes = paper.correct_paper_reply(
            reply, letter, texts, added, received_at=received_at, user=current_user, now=now_utc()
        )
        db.session.commit()
        flash("Đã lưu sửa đổi." if changes else "Không có gì thay đổi.", "success" if changes else "info")
        return redirect(url_for("paper.show", consultation_id=consultation.id, reply_id=reply.id), 303)
    page = render_template("responses/paper_edit.html", consultation=consultation, reply=reply, form=form)
    return page, 400 if form.errors else 200


def _fill(form: PaperCorrectionForm, reply: Reply) -> None:
    """The form as the reply was recorded."""
    received = to_local(reply.received_at or reply.submitted_at)
    form.received_date.data, form.received_time.data = received.date(), received.time().replace(second=0)
    form.position.data = reply.position.value if reply.position else None
    form.reason.data = reply.reason
    form.letter_number.data, form.letter_date.data = reply.letter_number, reply.letter_date
    form.letter_signer.data = reply.letter_signer


def _corrections(reply: Reply) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(
        AuditEntry.action == "reply.paper_correct", AuditEntry.object_type == "Reply", AuditEntry.object_id == reply.id
    )
    return list(db.session.scalars(query.order_by(AuditEntry.id)))
