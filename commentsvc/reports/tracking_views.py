"""Tracking who has reported, for the team: the board with its filters, print view and workbook, reminders, the
reminder letter, "Gửi lại", the letters received. The same building blocks as the consultations' board
(core/tracking.py, core/tracking_xlsx.py, core/reminder_letter.py, templates/tracking/), in the report's words.

For drafters of the request's unit only: other roles get 403 (decorator), other units' requests 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc, to_local
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.reminder_letter import to_docx
from commentsvc.core.tracking import EXTENDED, has_failed_reminder
from commentsvc.core.tracking_web import flash_queued, send_again
from commentsvc.core.uploads import download
from commentsvc.jobs.kinds import DOCX_TYPE, XLSX_TYPE
from commentsvc.jobs.mail import MAX_ATTEMPTS
from commentsvc.reports import queries, reminders, rules, tasks, tracking
from commentsvc.reports.models import ReportRecipient, ReportRequest
from commentsvc.reports.reminder_letter import letter_for
from commentsvc.reports.tracking_xlsx import to_xlsx
from commentsvc.reports.views import own

bp = Blueprint("report_tracking", __name__, url_prefix="/reports")
SKIPPED = "Bỏ qua {skipped} cơ quan đã gửi báo cáo hoặc không thể gửi báo cáo nữa."


def agency_link(request_id: int) -> str:
    path = url_for("report_filling.overview", request_id=request_id)
    return current_app.config["BASE_URL"].rstrip("/") + path


def _page_context(report: ReportRequest) -> dict:
    now = now_utc()
    board = tracking.board(report, now, tracking.parse_filters(request.args))
    return {
        "report": report,
        "board": board,
        "period": queries.period_of(report),
        "phase": rules.phase(queries.window_for(report), now),
        "phase_labels": rules.PHASE_LABELS,
        "reminder_refusal": rules.reminder_refusal(queries.window_for(report), now),
        "groups": list(AgencyGroup),
        "states": list(rules.ReportState),
        "extended_filter": EXTENDED,
        "max_reminder_attempts": MAX_ATTEMPTS,
        "failed_recipient_ids": [row.recipient_id for row in board.rows if has_failed_reminder(row)],
        "words": tracking.REPORT_WORDS,
        "retry_action": url_for("report_tracking.retry_reminders", request_id=report.id),
        "notice_step": reminders.NOTICE_STEP,  # the request's own e-mail is listed too: a failed one is sent again
        "letter_urls": {
            row.recipient_id: url_for("report_tracking.letter", request_id=report.id, recipient_id=row.recipient_id)
            for row in board.rows
            if row.letter_name
        },
    }


@bp.route("/<int:request_id>/tracking")
@drafter_required
def board(request_id: int):
    return render_template("reports/tracking.html", **_page_context(own(request_id)))


@bp.route("/<int:request_id>/tracking/print")
@drafter_required
def printable(request_id: int):
    return render_template("reports/tracking_print.html", **_page_context(own(request_id)))


@bp.route("/<int:request_id>/tracking.xlsx")
@drafter_required
def workbook(request_id: int):
    report = own(request_id)
    data = to_xlsx(tracking.board(report, now_utc()), report.title)
    return download(data, XLSX_TYPE, f"theo-doi-bao-cao-{report.id}.xlsx")


@bp.route("/<int:request_id>/reminder-letter.docx")
@drafter_required
def reminder_letter(request_id: int):
    report = own(request_id)
    now = now_utc()
    _refuse_reminders(report, now)
    data = to_docx(letter_for(report, tracking.letter_addressees(report, now), to_local(now).date()))
    return download(data, DOCX_TYPE, f"cong-van-don-doc-bao-cao-{report.id}.docx")


@bp.route("/<int:request_id>/reminders", methods=["POST"])
@drafter_required
def remind(request_id: int):
    report = own(request_id)
    back = redirect(url_for("report_tracking.board", request_id=report.id))
    chosen = _chosen_recipients(report)
    if not chosen:
        flash("Vui lòng chọn ít nhất một cơ quan để gửi thư đôn đốc.", "error")
        return back
    queued = reminders.remind_by_hand(report, chosen, agency_link(report.id), now_utc(), user=current_user)
    db.session.commit()  # the rows exist before the worker looks for them
    tasks.send_all([reminder.id for reminder in queued])
    flash_queued(len(queued), len(chosen) - len(queued), SKIPPED)
    return back


@bp.route("/<int:request_id>/reminders/retry", methods=["POST"])
@drafter_required
def retry_reminders(request_id: int):
    """ "Gửi lại": requeue the chosen agencies' failed e-mails with fresh attempts; the worker sends them."""
    report = own(request_id)
    back = redirect(url_for("report_tracking.board", request_id=report.id))
    _refuse_reminders(report, now_utc())
    send_again(reminders.requeue_failed(_chosen_recipients(report), current_user), tasks.send_all)
    return back


@bp.route("/<int:request_id>/recipients/<int:recipient_id>/letter")
@drafter_required
def letter(request_id: int, recipient_id: int):
    """The letter an agency submitted its report with; only once submitted (a draft is the agency's own)."""
    report = own(request_id)
    recipient = queries.recipient_in(report, recipient_id) or abort(404)
    submission = recipient.submission
    if submission is None or not submission.is_submitted or not submission.attachment_name:
        flash(f"{recipient.agency.name} chưa gửi văn bản báo cáo kèm tệp.", "info")
        return redirect(url_for("report_tracking.board", request_id=report.id))
    return download(submission.attachment, submission.attachment_type, submission.attachment_name)


def _refuse_reminders(report: ReportRequest, now) -> None:
    refusal = rules.reminder_refusal(queries.window_for(report), now)
    if refusal:
        raise UserError(refusal, 409)


def _chosen_recipients(report: ReportRequest) -> list[ReportRecipient]:
    ids = set(request.form.getlist("recipient_ids", type=int))
    return sorted((r for r in report.recipients if r.id in ids), key=lambda r: r.id)
