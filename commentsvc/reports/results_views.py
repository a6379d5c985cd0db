"""A request's results, for the team: the tracking board and reminders, the consolidation with charts, exports."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.reports import charts, figures, queries, reminders, results, tasks, tracking
from commentsvc.reports.forms import ActionForm, DeadlineForm
from commentsvc.reports.layout import display, format_number
from commentsvc.reports.rules import ReportState
from commentsvc.reports.views import own
from commentsvc.responses.views import download

bp = Blueprint("report_results", __name__, url_prefix="/reports")
PAGE_LINES_UP_TO_ROWS = 5  # larger forms: totals per indicator on the page, every line in the XLSX


def agency_link(request_id: int) -> str:
    path = url_for("report_filling.overview", request_id=request_id)
    return current_app.config["BASE_URL"].rstrip("/") + path


@bp.route("/<int:request_id>/tracking")
@drafter_required
def board(request_id: int):
    report = own(request_id)
    return render_template(
        "reports/tracking.html",
        report=report,
        board=tracking.board(report, now_utc()),
        states=list(ReportState),
        action_form=ActionForm(),
        deadline_form=DeadlineForm(formdata=None),
    )


@bp.route("/<int:request_id>/reminders", methods=["POST"])
@drafter_required
def remind(request_id: int):
    report = own(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    ids = request.form.getlist("recipient_ids", type=int)
    chosen = [r for r in report.recipients if r.id in ids]
    if not chosen:
        flash("Vui lòng chọn ít nhất một cơ quan để đôn đốc.", "error")
        return redirect(url_for("report_results.board", request_id=report.id))
    queued = reminders.remind_by_hand(report, chosen, agency_link(report.id), now_utc(), user=current_user)
    db.session.commit()
    tasks.send_all([reminder.id for reminder in queued])
    flash(f"Đã đưa thư đôn đốc tới {len(queued)} cơ quan vào hàng đợi gửi; kết quả hiện ở cột Đôn đốc.", "success")
    return redirect(url_for("report_results.board", request_id=report.id))


@bp.route("/<int:request_id>/recipients/<int:recipient_id>/letter")
@drafter_required
def letter(request_id: int, recipient_id: int):
    """The letter an agency submitted its report with; only once submitted (a draft is the agency's own)."""
    report = own(request_id)
    recipient = queries.recipient_in(report, recipient_id) or abort(404)
    submission = recipient.submission
    if submission is None or not submission.is_submitted or not submission.attachment_name:
        flash(f"{recipient.agency.name} chưa gửi văn bản báo cáo kèm tệp.", "info")
        return redirect(url_for("report_results.board", request_id=report.id))
    return download(submission.attachment, submission.attachment_type, submission.attachment_name)


@bp.route("/<int:request_id>/consolidation")
@drafter_required
def consolidation(request_id: int):
    report = own(request_id)
    chosen_row, chosen_column = request.args.get("row"), request.args.get("column")
    result = queries.consolidation(report, _page_lines(report, chosen_row))
    form_charts = {}
    for table in result.tables:
        if table.form.is_task_list:
            form_charts[table.form.form_id] = [figures.by_status(table), figures.by_group(table)]
        elif (picked := figures.indicator(table, chosen_row, chosen_column)) is not None:
            form_charts[table.form.form_id] = [figures.by_agency(table, *picked)]
    trend = results.trend_chart(report, result, chosen_row, chosen_column)
    # A chart without a bar says nothing: the table beside it says "0" and who has not reported.
    svg = {
        key: [Markup(charts.to_svg(chart)) for chart in value if any(bar.value for bar in chart.bars)]  # noqa: S704
        for key, value in form_charts.items()
    }
    return render_template(
        "reports/consolidation.html",
        report=report,
        result=result,
        charts=svg,
        trend=Markup(charts.to_svg(trend)) if trend is not None and len(trend.bars) > 1 else None,  # noqa: S704
        period=queries.period_of(report),
        number=format_number,
        display=display,
    )


def _page_lines(report, chosen_row: str | None) -> dict[int, set[str]]:
    """The page shows every line of small indicator forms, and of larger ones only the chart's indicator."""
    wanted = {}
    for form in report.forms:
        rows = form.layout.rows
        if form.kind.value == "indicators" and len(rows) > PAGE_LINES_UP_TO_ROWS:
            wanted[form.id] = {chosen_row if form.layout.row(chosen_row or "") else rows[0].key}
    return wanted


@bp.route("/<int:request_id>/export.<any(xlsx, docx, pdf):fmt>")
@drafter_required
def export(request_id: int, fmt: str):
    report = own(request_id)
    return download(results.export(report, fmt), results.MEDIA_TYPES[fmt], results.filename(report, fmt))
