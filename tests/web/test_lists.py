"""The team's consultation and draft lists: filters, title search, sort, paging, and refusals of bad addresses."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.web.lists_helpers import build_lists

LIST_URLS = ["/consultations/", "/drafts/"]


@pytest.fixture
def unit_lists(factory, db):
    """See build_lists."""
    return build_lists(factory, db)


def rows(page: str) -> list[str]:
    """The titles of the list's rows, in order."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return [unescape(title) for title in re.findall(r"<a href=\"/[^\"]+/\d+\">([^<]+)</a>", body)]


def test_consultation_list_filters_by_state_kind_year_and_title(client, login, unit_lists):
    login(unit_lists["drafter"])
    page = client.get("/consultations/?state=open").get_data(as_text=True)
    assert rows(page) == ["Lấy ý kiến Thông tư hướng dẫn kết nối dữ liệu"]
    assert "1 đợt lấy ý kiến (trên tổng số 29)" in page
    assert rows(client.get("/consultations/?kind=decree&year=2025").get_data(as_text=True)) == [
        "Lấy ý kiến Nghị định về dữ liệu mở"
    ]
    assert rows(client.get("/consultations/?state=closed").get_data(as_text=True)) == [
        "Lấy ý kiến Nghị định về dữ liệu mở"
    ]
    # Without diacritics, in any case, the last word as a prefix.
    assert rows(client.get("/consultations/?q=KET+NOI+du").get_data(as_text=True)) == [
        "Lấy ý kiến Thông tư hướng dẫn kết nối dữ liệu"
    ]
    empty = client.get("/consultations/?kind=strategy").get_data(as_text=True)
    assert rows(empty) == []
    assert "Không có đợt lấy ý kiến nào phù hợp với bộ lọc (tổng số 29)" in empty
    assert unit_lists["foreign"].title not in client.get("/consultations/?q=lay").get_data(as_text=True)


def test_consultation_list_sorts_by_deadline_and_pages_keeping_the_filters(client, login, unit_lists):
    login(unit_lists["drafter"])
    first = client.get("/consultations/?sort=deadline&kind=decree").get_data(as_text=True)
    titles = rows(first)
    # The 2025 decree's deadline is the earliest; the open circular is filtered out by its kind.
    assert titles[:3] == ["Lấy ý kiến Nghị định về dữ liệu mở", "Đợt lấy ý kiến số 0", "Đợt lấy ý kiến số 1"]
    assert len(titles) == 25
    assert "28 đợt lấy ý kiến (trên tổng số 29), đang xem 1–25" in first
    next_link = unescape(re.search(r'<a rel="next" href="([^"]+)"', first).group(1))
    assert "sort=deadline" in next_link and "kind=decree" in next_link and "page=2" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert rows(second) == ["Đợt lấy ý kiến số 24", "Đợt lấy ý kiến số 25", "Đợt lấy ý kiến số 26"]
    assert "đang xem 26–28" in second
    latest_first = rows(client.get("/consultations/?sort=deadline_desc").get_data(as_text=True))
    assert latest_first[0] == "Đợt lấy ý kiến số 26"
    newest_created = rows(client.get("/consultations/").get_data(as_text=True))
    assert "Lấy ý kiến Nghị định về dữ liệu mở" not in newest_created  # created in 2025: last, on page 2


def test_draft_list_filters_by_state_kind_year_and_title_and_sorts(client, login, unit_lists):
    login(unit_lists["drafter"])
    assert rows(client.get("/drafts/?kind=circular&state=unsent").get_data(as_text=True)) == ["Thông tư về chữ ký số"]
    assert rows(client.get("/drafts/?state=sent").get_data(as_text=True)) == [
        "Thông tư hướng dẫn kết nối dữ liệu",
        "Nghị định về dữ liệu mở",
    ]
    assert rows(client.get("/drafts/?year=2025").get_data(as_text=True)) == ["Nghị định về dữ liệu mở"]
    assert rows(client.get("/drafts/?q=chu+ky").get_data(as_text=True)) == ["Thông tư về chữ ký số"]
    by_title = client.get("/drafts/?sort=title").get_data(as_text=True)
    assert rows(by_title)[:2] == ["Nghị định về dữ liệu mở", "Quy định 0"]
    assert "30 dự thảo, đang xem 1–25" in by_title
    assert rows(client.get("/drafts/?sort=created_asc").get_data(as_text=True))[0] == "Nghị định về dữ liệu mở"
    assert "sort=title" in re.search(r'<a rel="next" href="([^"]+)"', by_title).group(1)


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize("page", ["1" + "0" * 30, "0", "-3", "abc", "２", "99"])
def test_list_page_out_of_range_shows_the_first_page(client, login, unit_lists, url, page):
    login(unit_lists["drafter"])
    response = client.get(url, query_string={"page": page})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "đang xem 1–25" in text
    assert "Trang 1 / 2" in text


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("state", "archived", "Trạng thái không hợp lệ"),
        ("kind", "law", "Loại dự thảo không hợp lệ"),
        ("sort", "id; drop table", "Cách sắp xếp không hợp lệ"),
        ("year", "1" + "0" * 30, "Năm không hợp lệ"),
        ("year", "20x6", "Năm không hợp lệ"),
    ],
)
def test_list_unknown_filter_is_refused_in_vietnamese(client, login, unit_lists, url, name, value, message):
    login(unit_lists["drafter"])
    response = client.get(url, query_string={name: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_filters_have_labels_and_keep_the_chosen_values(client, login, unit_lists, url):
    login(unit_lists["drafter"])
    page = client.get(url, query_string={"q": "dữ liệu", "kind": "circular", "year": "2026"}).get_data(as_text=True)
    for field in ("f-q", "f-state", "f-kind", "f-year", "f-sort"):
        assert f'<label for="{field}">' in page
    assert 'value="dữ liệu"' in page
    assert '<option value="circular" selected>' in page
    assert "Bỏ lọc" in page
