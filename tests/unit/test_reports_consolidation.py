"""Consolidation: totals, averages and counts exactly right; only submitted reports count; silence is not agreement."""

from __future__ import annotations

from decimal import Decimal

from commentsvc.reports import charts
from commentsvc.reports.consolidation import NOT_REPORTED, AgencyIn, FormIn, consolidate
from commentsvc.reports.layout import FormLayout, Row, task_columns
from tests.unit.reports_data import EVERY_TYPE


def agency(number: int, reported: bool) -> AgencyIn:
    return AgencyIn(number, f"Bộ {chr(64 + number)}", "Bộ, cơ quan ngang bộ", (number,), reported)


def test_indicator_totals_averages_and_counts():
    agencies = [agency(1, True), agency(2, True), agency(3, False), agency(4, True)]
    form = FormIn(10, "01", "Biểu mẫu 01", False, EVERY_TYPE, frozenset({1, 2, 3, 4}))
    values = {
        (1, 10): {("r1", "count"): "120", ("r1", "share"): "50", ("r2", "count"): "3"},
        (2, 10): {("r1", "count"): "80", ("r1", "share"): "75.5"},
        (3, 10): {("r1", "count"): "999"},  # not submitted: never counted (the loader passes none; proven here)
        (4, 10): {("r1", "share"): "0"},
    }
    table = consolidate("Báo cáo", "quý III/2019", [form], agencies, values).tables[0]
    assert table.stats[("r1", "count")].total == Decimal(200)
    assert table.stats[("r1", "count")].count == 2
    assert table.stats[("r1", "count")].average == Decimal(100)
    assert table.stats[("r1", "share")].count == 3
    assert table.stats[("r1", "share")].total == Decimal("125.5")
    assert table.stats[("r2", "count")].total == 3
    assert [a.name for a in table.not_reported] == ["Bộ C"]
    assert len(table.lines) == 3 * 2  # reported agencies × rows
    assert table.column_stats("count").total == 203


def test_task_lists_count_by_status_and_group_with_silent_agencies_not_reported():
    rows = (Row("t1", "1. A", group="Nhóm 1"), Row("t2", "2. B", group="Nhóm 1"), Row("t3", "3. C", group="Nhóm 2"))
    form = FormIn(
        20, "NV", "Nhiệm vụ", True, FormLayout(task_columns(), rows), frozenset({1, 2}), {"t1": 1, "t2": 1, "t3": 2}
    )
    values = {(1, 20): {("t1", "status"): "Hoàn thành", ("t2", "status"): "Quá hạn"}}
    table = consolidate("Nhiệm vụ", "năm 2023", [form], [agency(1, True), agency(2, False)], values).tables[0]
    assert table.status_counts["Hoàn thành"] == 1
    assert table.status_counts["Quá hạn"] == 1
    assert table.status_counts[NOT_REPORTED] == 1
    assert table.status_by_group == {"Nhóm 1": {"Hoàn thành": 1, "Quá hạn": 1}, "Nhóm 2": {NOT_REPORTED: 1}}
    assert [(line.agency.agency_id, line.row.key) for line in table.lines] == [(1, "t1"), (1, "t2")]


def test_charts_are_svg_and_png_with_escaped_text():
    chart = charts.bar_chart("Tỷ lệ <trực tuyến>", [("Bộ A & B", 50), ("Bộ C", 75.5)])
    svg = charts.to_svg(chart)
    assert svg.startswith("<svg") and "Bộ A &amp; B" in svg and "&lt;trực tuyến&gt;" in svg
    assert svg.count("<rect") == 2
    assert charts.to_png(chart).startswith(b"\x89PNG")
