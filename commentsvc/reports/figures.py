"""What a consolidation shows besides its tables (pure): its heading for exports and its charts.

Charts: per indicator form, one indicator by agency (the chosen row and column; by default the first row and the
first numeric column); per task list, tasks by status and completed tasks by group; and a figure across periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from commentsvc.reports import charts
from commentsvc.reports.consolidation import NOT_REPORTED, Consolidation, FormTable, TrendPoint
from commentsvc.reports.layout import TASK_STATUSES, Column, Row
from commentsvc.synthesis import wording

STATUS_COLOURS = ("#15803d", "#1d4ed8", "#b45309", "#b91c1c", "#6b7280")


@dataclass(frozen=True)
class ReportHeading:
    """The Decree 30 heading and signature of the consolidated report."""

    issuing_parent: str
    issuing_unit: str
    place: str
    signer_title: str
    signer_name: str
    generated_on: date

    @property
    def date_line(self) -> str:
        return wording.date_line(self.place, self.generated_on)


def indicator(table: FormTable, row_key: str | None = None, column_key: str | None = None) -> tuple[Row, Column] | None:
    """The (row, numeric column) a chart shows: the chosen ones if they exist, else the first of each."""
    numeric = table.numeric_columns
    if table.form.is_task_list or not numeric or not table.form.layout.rows:
        return None
    row = table.form.layout.row(row_key or "") or table.form.layout.rows[0]
    column = next((c for c in numeric if c.key == column_key), numeric[0])
    return row, column


def by_agency(table: FormTable, row: Row, column: Column) -> charts.BarChart:
    items = [
        (line.agency.name, Decimal(line.values[column.key]))
        for line in table.lines_of(row.key)
        if line.values.get(column.key)
    ]
    return charts.bar_chart(f"Biểu mẫu {table.form.code}: {row.label} — {column.label}", items)


def by_status(table: FormTable) -> charts.BarChart:
    items = [(status, table.status_counts.get(status, 0)) for status in (*TASK_STATUSES, NOT_REPORTED)]
    return charts.bar_chart(f"{table.form.title}: nhiệm vụ theo tình trạng", items, STATUS_COLOURS)


def by_group(table: FormTable) -> charts.BarChart:
    items = [(group, counts.get(TASK_STATUSES[0], 0)) for group, counts in table.status_by_group.items()]
    return charts.bar_chart(f"{table.form.title}: nhiệm vụ đã hoàn thành theo nhóm", items, (STATUS_COLOURS[0],))


def across_periods(title: str, points: list[TrendPoint]) -> charts.BarChart:
    return charts.bar_chart(title, [(point.period_label, point.total) for point in points], ("#7c3aed",))


def charts_for(consolidation: Consolidation, trend: charts.BarChart | None = None) -> list[charts.BarChart]:
    """Every chart of the report, in the order of its forms, the trend last."""
    found = []
    for table in consolidation.tables:
        if table.form.is_task_list:
            found += [by_status(table), by_group(table)]
        elif (chosen := indicator(table)) is not None:
            found.append(by_agency(table, *chosen))
    if trend is not None and len(trend.bars) > 1:
        found.append(trend)
    return found
