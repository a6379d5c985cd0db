"""The consolidated report as a Word document in the Decree 30 layout (pure: data → bytes).

The heading block, page setup, paragraphs and signature are synthesis/docx_layout.py's, as for the synthesis table,
so both documents look the same. Per form: its charts (PNG drawn from the same chart as the page's SVG) and its
table — totals per indicator for indicator forms (the line per agency is in the XLSX when a form has more than a few
rows), tasks by status and the line per agency and task for task lists. An annex lists the agencies that have not
reported.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document
from docx.enum.section import WD_SECTION
from docx.shared import Cm

from commentsvc.reports import charts
from commentsvc.reports.consolidation import Consolidation, FormTable
from commentsvc.reports.figures import ReportHeading
from commentsvc.reports.layout import display, format_number
from commentsvc.synthesis import docx_layout as layout
from commentsvc.synthesis.ooxml import reproducible_zip

AGENCY_LINES_UP_TO_ROWS = 5  # forms with more rows show their totals here; every line is in the XLSX
MAX_DOCX_LINES = 3000


def _table(document, headings: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows[:MAX_DOCX_LINES]:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.style = layout.TABLE_STYLE


def _chart(document, chart: charts.BarChart) -> None:
    document.add_picture(io.BytesIO(charts.to_png(chart)), width=Cm(16))


def _indicator_form(document, table: FormTable) -> None:
    numeric = table.numeric_columns
    rows = table.form.layout.rows
    if len(rows) <= AGENCY_LINES_UP_TO_ROWS:
        columns = table.form.layout.columns
        lines = [
            [str(n), line.agency.name, line.row.label] + [display(c, line.values.get(c.key, "")) for c in columns]
            for n, line in enumerate(table.lines, start=1)
        ]
        _table(document, ["STT", "Cơ quan", "Chỉ tiêu"] + [c.label for c in columns], lines)
    if numeric:
        layout.paragraph(document, "Tổng hợp số liệu (tổng cộng / số cơ quan có số liệu):", bold=True, indent=False)
        totals = [
            [row.label]
            + [
                f"{format_number(table.stats[(row.key, c.key)].total, 2)} / {table.stats[(row.key, c.key)].count}"
                for c in numeric
            ]
            for row in rows
        ]
        _table(document, ["Chỉ tiêu"] + [c.label for c in numeric], totals)


def _task_form(document, table: FormTable) -> None:
    _table(
        document, ["Tình trạng", "Số nhiệm vụ"], [[status, str(count)] for status, count in table.status_counts.items()]
    )
    layout.paragraph(document, "")
    lines = [
        [
            line.row.label,
            line.agency.name,
            line.values.get("status", ""),
            line.values.get("result", ""),
            line.values.get("difficulties", ""),
        ]
        for line in table.lines
    ]
    _table(document, ["Nhiệm vụ", "Cơ quan chủ trì", "Tình trạng", "Kết quả", "Khó khăn, đề xuất"], lines)


def to_docx(consolidation: Consolidation, heading: ReportHeading, chart_list: list[charts.BarChart]) -> bytes:
    document = Document()
    layout.setup_styles(document)
    layout.page(document.sections[0], landscape=False)
    layout.heading_block(document, heading)
    layout.paragraph(document, "BÁO CÁO", size=14, bold=True, center=True, after=0)
    layout.paragraph(
        document, f"Tổng hợp {consolidation.title}, kỳ {consolidation.period_label}", bold=True, center=True
    )
    total, reported = len(consolidation.agencies), consolidation.reported_count
    layout.paragraph(
        document,
        f"Đã đề nghị {total} cơ quan báo cáo; {reported} cơ quan đã báo cáo, {total - reported} cơ quan chưa báo cáo "
        "(danh sách tại Phụ lục).",
    )
    for table in consolidation.tables:
        layout.page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        layout.paragraph(document, f"Biểu mẫu {table.form.code}: {table.form.title}", bold=True, indent=False)
        for chart in chart_list:
            if chart.title.startswith((f"Biểu mẫu {table.form.code}:", f"{table.form.title}:")):
                _chart(document, chart)
        (_task_form if table.form.is_task_list else _indicator_form)(document, table)
    for chart in chart_list:
        if not any(
            chart.title.startswith((f"Biểu mẫu {t.form.code}:", f"{t.form.title}:")) for t in consolidation.tables
        ):
            _chart(document, chart)
    layout.signature(document, heading)
    layout.page(document.add_section(WD_SECTION.NEW_PAGE), landscape=False)
    layout.paragraph(document, "PHỤ LỤC: CÁC CƠ QUAN CHƯA BÁO CÁO", bold=True, center=True)
    for number, agency in enumerate(consolidation.not_reported, start=1):
        layout.paragraph(document, f"{number}. {agency.name}", after=0)
    if not consolidation.not_reported:
        layout.paragraph(document, "Không có.")
    layout.page_numbers(document)
    stamp = datetime(heading.generated_on.year, heading.generated_on.month, heading.generated_on.day)
    document.core_properties.title = f"Báo cáo tổng hợp {consolidation.title}"
    document.core_properties.created = document.core_properties.modified = stamp
    output = io.BytesIO()
    document.save(output)
    return reproducible_zip(output.getvalue(), heading.generated_on)
