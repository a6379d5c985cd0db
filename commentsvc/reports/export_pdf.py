"""The consolidated report as a PDF: templates/reports/pdf.html rendered by WeasyPrint (pure: data → bytes).

Charts are the page's inline SVG; WeasyPrint may fetch nothing but the bundled fonts (synthesis/export_pdf.py's
fetcher refuses every other URL), and every value is autoescaped text.
"""

from __future__ import annotations

from markupsafe import Markup

from commentsvc.reports import charts
from commentsvc.reports.consolidation import Consolidation
from commentsvc.reports.figures import ReportHeading
from commentsvc.reports.layout import display, format_number
from commentsvc.synthesis import export_pdf, wording


def render_html(consolidation: Consolidation, heading: ReportHeading, chart_list: list[charts.BarChart]) -> str:
    template = export_pdf._environment().get_template("reports/pdf.html")
    return template.render(
        c=consolidation,
        h=heading,
        nation=wording.NATION,
        motto=wording.MOTTO,
        fonts=export_pdf._fonts(),
        charts=[Markup(charts.to_svg(chart)) for chart in chart_list],  # noqa: S704 - built here, text escaped
        display=display,
        number=format_number,
    )


def to_pdf(consolidation: Consolidation, heading: ReportHeading, chart_list: list[charts.BarChart]) -> bytes:
    return export_pdf.render_part(render_html(consolidation, heading, chart_list))
