"""The team's consultation and draft lists in a browser without JavaScript, at a laptop's and a phone's width:
filter, search a title without diacritics, sort, page on with the filters kept."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from commentsvc.consultations import views as consultation_views
from commentsvc.drafts import views as draft_views
from tests.browser.pages import Visitor
from tests.web.lists_helpers import build_lists

pytestmark = pytest.mark.browser


@pytest.fixture
def unit_lists(factory, db):
    """See build_lists."""
    return build_lists(factory, db)


def _team_without_javascript(page, live_server, unit_lists, path: str) -> Visitor:
    team = Visitor(page, live_server)
    team.logs_in(unit_lists["drafter"].username)
    team.go(path)
    return team


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("width", [1366, 390])
def test_team_filters_sorts_and_pages_the_consultation_list(new_page, live_server, unit_lists, monkeypatch, width):
    monkeypatch.setattr(consultation_views, "LIST_PAGE_SIZE", 10)
    team = _team_without_javascript(new_page(javascript=False, width=width), live_server, unit_lists, "/consultations/")
    page = team.page
    team.filters_list(**{"Loại dự thảo": "Nghị định", "Sắp xếp theo": "Hạn nhận ý kiến (sớm nhất trước)"})
    assert team.list_titles()[:2] == ["Lấy ý kiến Nghị định về dữ liệu mở", "Đợt lấy ý kiến số 0"]
    assert "28 đợt lấy ý kiến (trên tổng số 29), đang xem 1–10" in team.text()
    team.follows("Cuối »")
    assert team.list_titles() == [f"Đợt lấy ý kiến số {n}" for n in range(19, 27)]
    assert query_of(page.url) == {"kind": ["decree"], "sort": ["deadline"], "page": ["3"]}
    assert team.value_of("Loại dự thảo") == "decree"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    team.filters_list(**{"Tên đợt lấy ý kiến (có dấu hoặc không dấu)": "du lieu mo", "Loại dự thảo": "Tất cả"})
    assert team.list_titles() == ["Lấy ý kiến Nghị định về dữ liệu mở"]
    assert "page" not in query_of(page.url)
    team.follows("Bỏ lọc")
    assert "29 đợt lấy ý kiến, đang xem 1–10" in team.text()
    assert team.problems == []


@pytest.mark.parametrize("width", [1366, 390])
def test_team_filters_the_draft_list_by_state(new_page, live_server, unit_lists, monkeypatch, width):
    monkeypatch.setattr(draft_views, "LIST_PAGE_SIZE", 10)
    team = _team_without_javascript(new_page(javascript=False, width=width), live_server, unit_lists, "/drafts/")
    page = team.page
    team.filters_list(**{"Trạng thái": "Đã gửi lấy ý kiến", "Sắp xếp theo": "Tên dự thảo (A–Z)"})
    assert team.list_titles() == ["Nghị định về dữ liệu mở", "Thông tư hướng dẫn kết nối dữ liệu"]
    team.filters_list(**{"Trạng thái": "Tất cả"})
    team.follows("Trang sau ›")
    assert query_of(page.url) == {"sort": ["title"], "page": ["2"]}
    assert team.list_titles()[0] == "Quy định 17"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert team.problems == []
