"""A request's results, for the team: the consolidation with charts, exports (the board: tracking_views.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from markupsafe import Markup

from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc, to_local
from commentsvc.jobs.operations import Subject
from commentsvc.jobs.views import start
from commentsvc.reports import charts, figures, queries, results
from commentsvc.reports.layout import display, format_number
from commentsvc.reports.views import own
from commentsvc.responses.views import download

bp = Blueprint("report_results", __name__, url_prefix="/reports")
PAGE_LINES_UP_TO_ROWS = 5  # larger forms: totals per indicator on the page, every line in the XLSX


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


@bp.route("/<int:request_id>/export.<any(xlsx, docx, pdf):fmt>", methods=["GET", "POST"])
@drafter_required
def export(request_id: int, fmt: str):
    """A button (POST) answers with a job page; a link (GET) to a small consolidation streams the file."""
    report = own(request_id)
    is_large = queries.submitted_value_count(report) > current_app.config["DIRECT_REPORT_MAX_VALUES"]
    if request.method == "POST" or is_large:
        subject = Subject(report.drafting_unit_id, report_request_id=report.id)
        return start(f"report.{fmt}", subject, {"on": to_local(now_utc()).date().isoformat()})
    return download(results.export(report, fmt), results.MEDIA_TYPES[fmt], results.filename(report, fmt))
