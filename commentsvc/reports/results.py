"""A request's consolidation with its charts and heading, as the page and the three exports use it (no Flask)."""

from __future__ import annotations

from datetime import date

from commentsvc.core.clock import now_utc, to_local
from commentsvc.reports import charts, consolidation, export_docx, export_pdf, export_xlsx, figures, queries
from commentsvc.reports.models import ReportRequest

FORMATS = ("xlsx", "docx", "pdf")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def heading(request: ReportRequest, on: date) -> figures.ReportHeading:
    unit = request.drafting_unit
    return figures.ReportHeading(unit.parent_name, unit.name, unit.place, unit.signer_title, unit.signer_name, on)


def trend_chart(
    request: ReportRequest,
    result: consolidation.Consolidation,
    row_key: str | None = None,
    column_key: str | None = None,
) -> charts.BarChart | None:
    """The first indicator form's chosen figure (by default its first row and numeric column), summed over the
    agencies, in this and the earlier periods."""
    table = next((t for t in result.tables if figures.indicator(t) is not None), None)
    if table is None:
        return None
    row, column = figures.indicator(table, row_key, column_key)
    points = []
    for earlier in queries.chain(request):
        past = result if earlier.id == request.id else queries.consolidation(earlier)
        match = next((t for t in past.tables if t.form.code == table.form.code), None)
        if match is not None and (row.key, column.key) in match.stats:
            points.append((queries.period_of(earlier).label, match.stats[(row.key, column.key)]))
    title = f"Biểu mẫu {table.form.code} qua các kỳ: {row.label} — {column.label} (tổng)"
    return figures.across_periods(title, consolidation.trend(points))


def contents(request: ReportRequest) -> tuple[consolidation.Consolidation, charts.BarChart | None]:
    """What the exports show, read from the database: the consolidation and its trend over the periods."""
    result = queries.consolidation(request)
    return result, trend_chart(request, result)


def render(
    request: ReportRequest, made_of: tuple[consolidation.Consolidation, charts.BarChart | None], fmt: str, on: date
) -> bytes:
    """The consolidation read by :func:`contents` as xlsx, docx or pdf bytes dated ``on``."""
    result, trend = made_of
    if fmt == "xlsx":
        return export_xlsx.to_xlsx(result, on)
    chart_list = figures.charts_for(result, trend)
    if fmt == "docx":
        return export_docx.to_docx(result, heading(request, on), chart_list)
    return export_pdf.to_pdf(result, heading(request, on), chart_list)


def export(request: ReportRequest, fmt: str) -> bytes:
    """The consolidation of ``request`` as xlsx, docx or pdf bytes, dated today."""
    return render(request, contents(request), fmt, to_local(now_utc()).date())


def filename(request: ReportRequest, fmt: str) -> str:
    return f"tong-hop-bao-cao-{request.id}.{fmt}"
