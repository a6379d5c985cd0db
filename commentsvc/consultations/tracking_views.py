"""Tracking who has replied, reminders, the reminder letter.

For drafters of the consultation's unit only: other roles get 403 (decorator), other units' consultations 404.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.consultations import reminders, rules, tracking
from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.consultations.queries import window_for
from commentsvc.consultations.reminder_letter import letter_for, to_docx
from commentsvc.consultations.tasks import send_all
from commentsvc.consultations.tracking_xlsx import to_xlsx
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc, to_local
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.tracking import CONSULTATION_WORDS, has_failed_reminder
from commentsvc.core.tracking_web import flash_queued, send_again
from commentsvc.jobs.kinds import DOCX_TYPE, XLSX_TYPE
from commentsvc.jobs.views import start_job
from commentsvc.synthesis.publication import lifecycle_of

bp = Blueprint("tracking", __name__, url_prefix="/consultations")
SKIPPED = "Bỏ qua {skipped} cơ quan đã gửi văn bản góp ý hoặc không thể gửi ý kiến nữa."


def _own(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or consultation.drafting_unit_id != current_user.drafting_unit_id:
        abort(404)
    return consultation


def _page_context(consultation: Consultation) -> dict:
    now = now_utc()
    board = tracking.board(consultation, now, tracking.parse_filters(request.args))
    return {
        "consultation": consultation,
        "board": board,
        "phase": lifecycle_of(consultation, now),
        "reminder_refusal": rules.reminder_refusal(window_for(consultation), now),
        "groups": list(tracking.AgencyGroup),
        "states": list(tracking.RecipientState),
        "extended_filter": tracking.EXTENDED,
        "max_reminder_attempts": reminders.MAX_ATTEMPTS,
        "failed_recipient_ids": [row.recipient_id for row in board.rows if has_failed_reminder(row)],
        "words": CONSULTATION_WORDS,
        "retry_action": url_for("tracking.retry_reminders", consultation_id=consultation.id),
    }


@bp.route("/<int:consultation_id>/tracking")
@drafter_required
def board(consultation_id: int):
    return render_template("consultations/tracking.html", **_page_context(_own(consultation_id)))


@bp.route("/<int:consultation_id>/tracking/print")
@drafter_required
def printable(consultation_id: int):
    return render_template("consultations/tracking_print.html", **_page_context(_own(consultation_id)))


# The workbook and the letter have one row per agency (under a second): a link (GET) streams them, the page's
# buttons (POST) answer with a job page like every export.
@bp.route("/<int:consultation_id>/tracking.xlsx", methods=["GET", "POST"])
@drafter_required
def workbook(consultation_id: int):
    consultation = _own(consultation_id)
    if request.method == "POST":
        return start_job("tracking.xlsx", consultation, {"on": to_local(now_utc()).date().isoformat()})
    data = to_xlsx(tracking.board(consultation, now_utc()), consultation.title)
    return _download(data, XLSX_TYPE, f"theo-doi-tra-loi-{consultation.id}.xlsx")


@bp.route("/<int:consultation_id>/reminder-letter.docx", methods=["GET", "POST"])
@drafter_required
def reminder_letter(consultation_id: int):
    consultation = _own(consultation_id)
    now = now_utc()
    _refuse_reminders(consultation, now)
    if request.method == "POST":
        return start_job("tracking.letter", consultation, {"on": to_local(now).date().isoformat()})
    data = to_docx(letter_for(consultation, tracking.letter_addressees(consultation, now), to_local(now).date()))
    return _download(data, DOCX_TYPE, f"cong-van-don-doc-{consultation.id}.docx")


@bp.route("/<int:consultation_id>/reminders", methods=["POST"])
@drafter_required
def send_reminders(consultation_id: int):
    consultation = _own(consultation_id)
    chosen = _chosen_recipients(consultation)
    if not chosen:
        flash("Vui lòng chọn ít nhất một cơ quan để gửi thư đôn đốc.", "error")
        return redirect(url_for("tracking.board", consultation_id=consultation.id))
    now = now_utc()
    _refuse_reminders(consultation, now)
    queued = reminders.queue_manual(consultation, chosen, current_app.config["BASE_URL"], now, current_user)
    db.session.commit()  # the rows exist before the worker looks for them
    send_all([reminder.id for reminder in queued])
    flash_queued(len(queued), len(chosen) - len(queued), SKIPPED)
    return redirect(url_for("tracking.board", consultation_id=consultation.id))


@bp.route("/<int:consultation_id>/reminders/retry", methods=["POST"])
@drafter_required
def retry_reminders(consultation_id: int):
    """ "Gửi lại": requeue the chosen agencies' failed reminders with fresh attempts; the worker sends them."""
    consultation = _own(consultation_id)
    back = redirect(url_for("tracking.board", consultation_id=consultation.id))
    _refuse_reminders(consultation, now_utc())
    send_again(reminders.requeue_failed(_chosen_recipients(consultation), current_user), send_all)
    return back


def _refuse_reminders(consultation: Consultation, now) -> None:
    refusal = rules.reminder_refusal(window_for(consultation), now)
    if refusal:
        raise UserError(refusal, 409)


def _chosen_recipients(consultation: Consultation) -> list[Recipient]:
    ids = request.form.getlist("recipient_ids", type=int)
    return list(
        db.session.scalars(
            sa.select(Recipient)
            .where(Recipient.consultation_id == consultation.id, Recipient.id.in_(ids))
            .order_by(Recipient.id)
        )
    )


def _download(data: bytes, media_type: str, filename: str) -> Response:
    return Response(data, mimetype=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
