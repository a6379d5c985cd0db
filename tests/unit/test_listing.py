"""The query string of a list page, read strictly: bad filters refused in Vietnamese, bad pages show the first."""

from __future__ import annotations

import pytest

from commentsvc.core import listing
from commentsvc.core.errors import UserError

COLOURS = {"red": 1, "blue": 2}


@pytest.mark.parametrize(
    ("raw", "number"), [(None, 1), ("", 1), ("2", 2), ("3", 3), ("4", 1), ("0", 1), ("-1", 1), ("1" + "0" * 5000, 1)]
)
def test_page_of_a_list_of_61_rows_by_25(raw, number):
    page = listing.Page.of(raw, 25, 61)
    assert (page.number, page.pages) == (number, 3)
    assert page.slice(list(range(61)))[0] == page.offset == (number - 1) * 25


def test_page_counts_its_rows():
    last = listing.Page.of("3", 25, 61)
    assert (last.first_row, last.last_row, len(last.slice(list(range(61))))) == (51, 61, 11)
    empty = listing.Page.of("1", 25, 0)
    assert (empty.pages, empty.first_row, empty.last_row) == (1, 0, 0)


def test_choice_and_year_refuse_unknown_values():
    assert listing.choice({"c": "blue"}, "c", COLOURS, "Màu") == 2
    assert listing.choice({"c": " "}, "c", COLOURS, "Màu") is None
    with pytest.raises(UserError, match="Màu không hợp lệ"):
        listing.choice({"c": "green"}, "c", COLOURS, "Màu")
    assert listing.year({"year": "2026"}) == 2026
    assert listing.year({}) is None
    for bad in ("1999", "20266", "２０２６", "abc"):
        with pytest.raises(UserError, match="Năm không hợp lệ"):
            listing.year({"year": bad})


def test_kept_leaves_out_what_is_not_set():
    assert listing.kept(q="", state=None, year=2026, sort="deadline") == {"year": "2026", "sort": "deadline"}
