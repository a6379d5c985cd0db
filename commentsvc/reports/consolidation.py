"""Consolidation (tổng hợp) of a report request (pure: no Flask, no database).

Per form, one table with a line per agency and form row (per agency and task for a task list); for every numeric
column, per form row, the total, average and count over the agencies that reported; who has not reported. Only
submitted reports count: an agency's figures it is still typing are its own, and silence is never agreement — an
agency without a submitted report is listed as "chưa báo cáo".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from commentsvc.reports.layout import TASK_STATUSES, Column, ColumnType, FormLayout, Row

NOT_REPORTED = "Chưa báo cáo"


@dataclass(frozen=True)
class AgencyIn:
    agency_id: int
    name: str
    group_label: str
    sort_key: tuple
    reported: bool
    is_late: bool = False
    submitted_at: datetime | None = None
    letter_number: str = ""


@dataclass(frozen=True)
class FormIn:
    form_id: int
    code: str
    title: str
    is_task_list: bool
    layout: FormLayout  # a task list: every task as a row
    agency_ids: frozenset[int]  # the recipients who fill this form
    task_leads: Mapping[str, int] = field(default_factory=dict)  # task row key → lead agency id


@dataclass(frozen=True)
class Stats:
    count: int
    total: Decimal

    @property
    def average(self) -> Decimal | None:
        return self.total / self.count if self.count else None


@dataclass(frozen=True)
class Line:
    agency: AgencyIn
    row: Row
    values: dict[str, str]  # column key → canonical value


@dataclass(frozen=True)
class FormTable:
    form: FormIn
    lines: list[Line]  # reported agencies only, agencies in order, then rows in the form's order
    stats: dict[tuple[str, str], Stats]  # (row key, numeric column key) → over reported agencies
    reported: list[AgencyIn]
    not_reported: list[AgencyIn]
    status_counts: dict[str, int] = field(default_factory=dict)  # task lists: status → tasks
    status_by_group: dict[str, dict[str, int]] = field(default_factory=dict)  # group → status → tasks

    @property
    def numeric_columns(self) -> list[Column]:
        return [column for column in self.form.layout.columns if column.type.is_numeric]

    def column_stats(self, column_key: str) -> Stats:
        """One column over every row and agency (the grand total of a one-row form's column)."""
        chosen = [stats for (_, key), stats in self.stats.items() if key == column_key]
        return Stats(sum(s.count for s in chosen), sum((s.total for s in chosen), Decimal(0)))

    def lines_of(self, row_key: str) -> list[Line]:
        return [line for line in self.lines if line.row.key == row_key]


@dataclass(frozen=True)
class Consolidation:
    title: str
    period_label: str
    tables: list[FormTable]
    agencies: list[AgencyIn]

    @property
    def not_reported(self) -> list[AgencyIn]:
        return [agency for agency in self.agencies if not agency.reported]

    @property
    def reported_count(self) -> int:
        return sum(agency.reported for agency in self.agencies)


def consolidate(
    title: str,
    period_label: str,
    forms: Sequence[FormIn],
    agencies: Sequence[AgencyIn],
    values: Mapping[tuple[int, int], Mapping[tuple[str, str], str]],
    line_rows: Mapping[int, set[str]] | None = None,
) -> Consolidation:
    """``values[(agency_id, form_id)][(row_key, column_key)]``: canonical values of submitted reports only.

    ``line_rows[form_id]``: the only rows whose lines per agency are wanted (a page shows the lines of one indicator
    of a 200-row form; the totals always count every row); every line of every form when None.
    """
    ordered = sorted(agencies, key=lambda agency: agency.sort_key)
    wanted = line_rows or {}
    tables = [_table(form, ordered, values, wanted.get(form.form_id)) for form in forms]
    return Consolidation(title, period_label, tables, ordered)


def _table(form: FormIn, agencies: list[AgencyIn], values, line_rows: set[str] | None) -> FormTable:
    members = [agency for agency in agencies if agency.agency_id in form.agency_ids]
    reported = [agency for agency in members if agency.reported]
    columns = form.layout.columns
    # Whole numbers add up as int (exact and fast); decimals and percentages as Decimal (exact).
    kinds = {c.key: int if c.type is ColumnType.INTEGER else Decimal for c in columns if c.type.is_numeric}
    lines, texts = [], defaultdict(list)
    for agency in reported:
        cells = values.get((agency.agency_id, form.form_id), {})
        rows = _rows_of(form, agency.agency_id)
        own = {row.key for row in rows} if form.is_task_list else None
        for key, text in cells.items():
            # Gathered first and added up once per cell below: a running total per value cost most of the page.
            if text and key[1] in kinds and (own is None or key[0] in own):
                texts[key].append(text)
        for row in rows:
            if line_rows is None or row.key in line_rows:
                line_values = {column.key: cells.get((row.key, column.key), "") for column in columns}
                lines.append(Line(agency, row, line_values))
    empty: list[str] = []
    stats = {}
    for row in form.layout.rows:
        for key, kind in kinds.items():
            gathered = texts.get((row.key, key), empty)
            stats[(row.key, key)] = Stats(len(gathered), Decimal(sum(map(kind, gathered))))
    table = FormTable(form, lines, stats, reported, [agency for agency in members if not agency.reported])
    if form.is_task_list:
        _count_statuses(table, values)
    return table


def _rows_of(form: FormIn, agency_id: int) -> list[Row]:
    if not form.is_task_list:
        return list(form.layout.rows)
    return [row for row in form.layout.rows if form.task_leads.get(row.key) == agency_id]


def _count_statuses(table: FormTable, values) -> None:
    """Tasks by status and by group; a task of an agency that has not reported counts as "Chưa báo cáo"."""
    reported = {agency.agency_id for agency in table.reported}
    counts = Counter({status: 0 for status in (*TASK_STATUSES, NOT_REPORTED)})
    by_group: dict[str, Counter] = {}
    for row in table.form.layout.rows:
        lead = table.form.task_leads.get(row.key)
        if lead not in table.form.agency_ids:
            continue
        status = values.get((lead, table.form.form_id), {}).get((row.key, "status"), "") if lead in reported else ""
        status = status or NOT_REPORTED
        counts[status] += 1
        by_group.setdefault(row.group or "—", Counter())[status] += 1
    table.status_counts.update(counts)
    table.status_by_group.update({group: dict(counter) for group, counter in by_group.items()})


# --- trends across periods ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    period_label: str
    total: Decimal
    count: int


def trend(points: Sequence[tuple[str, Stats]]) -> list[TrendPoint]:
    """One indicator's totals, oldest period first."""
    return [TrendPoint(label, stats.total, stats.count) for label, stats in points]
