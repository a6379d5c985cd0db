"""Report requests in a real browser: an agency fills its form (checked as typed, saved as it goes, submitted with
its letter); the team reads the consolidation with its charts and exports it."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from commentsvc.reports import operations
from tests.browser.conftest import screenshot
from tests.browser.report_pages import ConsolidatingTeam, ReportingAgency
from tests.web.reports_helpers import LETTER, build_report_scene

pytestmark = pytest.mark.browser


def test_an_agency_fills_its_form_and_submits(live_server, new_page, db, factory):
    scene = build_report_scene(db, factory)
    agency = ReportingAgency(new_page(), live_server)
    agency.logs_in(scene.members[scene.ministry.id].username)
    agency.opens_request("Báo cáo Chính phủ số")
    assert "quý III/2019" in agency.text()
    agency.opens_form("Biểu mẫu 01: Bộ")
    agency.types("Thủ tục hành chính", "Tỷ lệ trực tuyến (%)", "120")
    assert "tỷ lệ phải từ 0 đến 100" in agency.message_in("Thủ tục hành chính", "Tỷ lệ trực tuyến (%)")
    agency.waits_for_saving()
    screenshot(agency.page, "reports-01-cell-refused")
    agency.types("Thủ tục hành chính", "Tỷ lệ trực tuyến (%)", "45,5")
    assert agency.message_in("Thủ tục hành chính", "Tỷ lệ trực tuyến (%)") == ""
    agency.types("Thủ tục hành chính", "Số thủ tục", "1.234")
    agency.chooses("Thủ tục hành chính", "Mức độ", "Toàn trình")
    agency.waits_for_saving()
    agency.page.reload()
    assert agency.cell_value("Thủ tục hành chính", "Tỷ lệ trực tuyến (%)") == "45,5"
    assert agency.cell_value("Thủ tục hành chính", "Số thủ tục") == "1.234"
    agency.follows("← Báo cáo Chính phủ số")
    agency.opens_form("Biểu mẫu NV: Nhiệm vụ")
    agency.chooses("1. Xây dựng nền tảng", "Tình trạng", "Hoàn thành")
    agency.chooses("2. Kết nối dữ liệu", "Tình trạng", "Đang thực hiện")
    agency.waits_for_saving()
    agency.follows("← Báo cáo Chính phủ số")
    agency.submits("25/BTP-CNTT", "2026-01-05", "Nguyễn Văn An")
    assert agency.flashes() == ["Đã gửi báo cáo."]
    assert "Cơ quan đã gửi báo cáo" in agency.text()
    screenshot(agency.page, "reports-02-submitted")
    assert agency.problems == []


def test_the_team_reads_the_consolidation_and_exports_it(live_server, new_page, db, factory, tmp_path):
    scene = build_report_scene(db, factory)
    for agency, count in ((scene.ministry, "10"), (scene.other, "32")):
        recipient, member = scene.recipient(agency), scene.members[agency.id]
        operations.save_cells(recipient, scene.form(agency, "01"), {("r1", "count"): count}, user=member, now=scene.now)
        if agency is scene.ministry:
            tasks = scene.form(agency, "NV")
            cells = {("t1", "status"): "Hoàn thành", ("t2", "status"): "Quá hạn"}
            operations.save_cells(recipient, tasks, cells, user=member, now=scene.now)
        operations.submit_report(recipient, LETTER, user=member, now=scene.now)
    db.session.commit()
    team = ConsolidatingTeam(new_page(), live_server)
    team.logs_in(scene.team.username)
    team.opens_consolidation("Báo cáo Chính phủ số")
    assert "2/3 cơ quan đã báo cáo" in team.text()
    assert "Ủy ban nhân dân tỉnh An Giang — Chưa báo cáo" in team.text()
    assert any("Số thủ tục" in title for title in team.chart_titles())
    assert any("theo tình trạng" in title for title in team.chart_titles())
    screenshot(team.page, "reports-03-consolidation")
    workbook = load_workbook(team.downloads("Excel (.xlsx)", tmp_path))
    assert workbook["Tổng hợp"]["D2"].value == 42
    document = Document(io.BytesIO(team.downloads("Word (.docx)", tmp_path).read_bytes()))
    assert len(document.inline_shapes) >= 3
    assert team.problems == []


def test_the_report_pages_fit_a_phone(live_server, new_page, db, factory):
    """At 390 px the consolidation's charts and the agency's grid scroll inside their own box; the page itself is
    never wider than the phone (the charts are drawn 771 px wide, the grid's hidden cell labels sit at its right)."""
    scene = build_report_scene(db, factory)
    recipient, member = scene.recipient(scene.ministry), scene.members[scene.ministry.id]
    operations.save_cells(
        recipient, scene.form(scene.ministry, "01"), {("r1", "count"): "10"}, user=member, now=scene.now
    )
    cells = {("t1", "status"): "Hoàn thành", ("t2", "status"): "Quá hạn"}
    operations.save_cells(recipient, scene.form(scene.ministry, "NV"), cells, user=member, now=scene.now)
    operations.submit_report(recipient, LETTER, user=member, now=scene.now)
    db.session.commit()
    team = ConsolidatingTeam(new_page(width=390), live_server)
    team.logs_in(scene.team.username)
    team.opens_consolidation("Báo cáo Chính phủ số")
    assert team.chart_titles()
    assert team.page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(team.page, "reports-consolidation-390", full_page=False)
    agency = ReportingAgency(new_page(width=390), live_server)
    agency.logs_in(scene.members[scene.other.id].username)
    agency.opens_request("Báo cáo Chính phủ số")
    agency.opens_form("Biểu mẫu 01: Bộ")
    assert agency.page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(agency.page, "reports-grid-390", full_page=False)
    assert team.problems == [] and agency.problems == []
