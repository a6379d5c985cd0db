"""The team edits a draft report form in a real browser, one row and one column at a time; once the request is
sent the page says the form is locked and offers no change."""

from __future__ import annotations

from pathlib import Path

import pytest

from commentsvc.core.clock import now_utc
from commentsvc.reports import operations
from commentsvc.reports.periods import Period
from tests.browser.conftest import screenshot
from tests.browser.pages import Visitor
from tests.unit.reports_data import EVERY_TYPE
from tests.web.reports_helpers import draft_request

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def axe_page(browser):
    """A page whose context lets axe's script in (the service's CSP allows no inline script)."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_team_edits_a_draft_form_row_by_row_and_column_by_column(live_server, axe_page, db, factory):
    request, team = draft_request(factory, "Báo cáo quý", Period("quarter", 2019, 3))
    form = operations.add_form(request, code="01", title="Biểu mẫu bộ", layout=EVERY_TYPE, user=team)
    db.session.commit()
    visitor = Visitor(axe_page, live_server)
    page = visitor.page
    visitor.logs_in(team.username)
    visitor.go(f"/reports/{request.id}")
    visitor.follows("Biểu mẫu bộ")

    page.get_by_label("Tên dòng 1", exact=True).fill("Thủ tục hành chính cấp bộ")
    page.locator("form", has=page.get_by_label("Tên dòng 1", exact=True)).get_by_role("button").click()
    page.wait_for_load_state()
    assert visitor.flashes() == ["Đã đổi tên dòng “Thủ tục hành chính” thành “Thủ tục hành chính cấp bộ”."]

    page.get_by_role("button", name="Chuyển dòng “Thủ tục hành chính cấp bộ” xuống").click()
    page.wait_for_load_state()
    assert page.get_by_label("Tên dòng 2", exact=True).input_value() == "Thủ tục hành chính cấp bộ"

    page.get_by_label("Tên cột", exact=True).fill("Số hồ sơ trực tuyến")
    page.get_by_label("Kiểu", exact=True).select_option(label="Số nguyên")
    page.get_by_label("Vị trí (để trống: cuối bảng)").first.fill("1")
    visitor.presses("Thêm cột")
    assert visitor.flashes() == ["Đã thêm cột “Số hồ sơ trực tuyến”."]
    assert page.get_by_label("Tên cột 1", exact=True).input_value() == "Số hồ sơ trực tuyến"

    page.get_by_role("button", name="Xóa dòng “Hệ thống thông tin”").click()
    page.wait_for_load_state()
    assert visitor.confirmations == ["Xóa dòng «Hệ thống thông tin» khỏi biểu mẫu?"]
    assert visitor.flashes() == ["Đã xóa dòng “Hệ thống thông tin”."]

    page.get_by_label("Kiểu của cột 8", exact=True).select_option(label="Chọn trong danh sách")
    page.locator("form", has=page.get_by_label("Tên cột 8", exact=True)).get_by_role("button", name="Lưu cột").click()
    page.wait_for_load_state()
    assert "kiểu danh sách cần các lựa chọn" in visitor.text()  # refused, shown again as chosen
    assert page.get_by_label("Kiểu của cột 8", exact=True).input_value() == "choice"

    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    screenshot(page, "reports-forms-01-editing")

    operations.add_agencies(request, [factory.agency(name="Bộ Tư pháp")])
    operations.open_request(request, now_utc())
    db.session.commit()
    visitor.go(f"/reports/{request.id}/forms/{form.id}")
    assert "Biểu mẫu đã khóa" in visitor.text()
    assert page.get_by_role("button", name="Thêm cột").count() == 0
    db.session.refresh(form)
    assert [column.label for column in form.layout.columns][:2] == ["Số hồ sơ trực tuyến", "Số thủ tục"]
    assert [row.label for row in form.layout.rows] == ["Thủ tục hành chính cấp bộ"]
    # the refused change answered 400 with the page again: the browser logs that answer, nothing else went wrong
    refused = f"status of 400 (BAD REQUEST) ({live_server}/reports/{request.id}/forms/{form.id}/layout/change_column)"
    assert [problem for problem in visitor.problems if not problem.endswith(refused)] == []
