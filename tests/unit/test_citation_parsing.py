"""Citations read back out of prose, in the forms letters write them."""

from __future__ import annotations

import pytest

from commentsvc.drafts.citation_parsing import find_citations, parse_ref

CASES = [
    ("Tại khoản 2 Điều 5, đề nghị", [[("khoản", "2"), ("điều", "5")]]),
    ("khoản 2, Điều 5 cần", [[("khoản", "2"), ("điều", "5")]]),
    ("Điều 5 khoản 2 điểm a", [[("điểm", "a"), ("khoản", "2"), ("điều", "5")]]),
    ("Tại Điều 3 (điểm đ khoản 2) dự thảo", [[("điểm", "đ"), ("khoản", "2"), ("điều", "3")]]),
    ("Điều 4 và Điều 5", [[("điều", "4")], [("điều", "5")]]),
    ("các Điều 7, 8, 9 nên", [[("điều", "7")], [("điều", "8")], [("điều", "9")]]),
    ("Chương III", [[("chương", "III")]]),
    ("Mục II Điều 1", [[("mục", "II"), ("điều", "1")]]),
    ("khoản 3 Mục III", [[("khoản", "3"), ("mục", "III")]]),
    ("tiêu chí 2.1", [[("dòng", "2.1")]]),
    ("nhiệm vụ 12 Phụ lục I", [[("dòng", "12"), ("phụ lục", "I")]]),
    ("Mẫu số 01 Phụ lục III", [[("mẫu số", "1"), ("phụ lục", "III")]]),
    ("khoản này", [[("khoản", "này")]]),
    ("khoản 2 Mục I Phụ lục II", [[("khoản", "2"), ("mục", "I"), ("phụ lục", "II")]]),
    (
        "điểm a và điểm b khoản 2 Điều 54",
        [[("điểm", "a"), ("khoản", "2"), ("điều", "54")], [("điểm", "b"), ("khoản", "2"), ("điều", "54")]],
    ),
    ("các điểm b, c và d khoản 1 Điều 7", [[("điểm", x), ("khoản", "1"), ("điều", "7")] for x in "bcd"]),
    ("Điều 7, Điều 31, khoản 1 Điều 32", [[("điều", "7")], [("điều", "31")], [("khoản", "1"), ("điều", "32")]]),
    ("Mục V, khoản 2", [[("khoản", "2"), ("mục", "V")]]),
    ("Điều 5, 6 tháng", [[("điều", "5")]]),
    ("gạch đầu dòng thứ hai điểm a", [[("gạch đầu dòng", "2"), ("điểm", "a")]]),
    ("về phần căn cứ", [[("phần", "mở đầu")]]),
]


@pytest.mark.parametrize(("text", "chains"), CASES)
def test_citation_forms(text, chains):
    found = find_citations(text)
    assert [list(chain) for chain in found[0].chains] == [[tuple(c) for c in chain] for chain in chains]


def test_range_is_kept_as_its_two_ends():
    (citation,) = find_citations("từ Điều 3 đến Điều 5 cần")
    assert citation.chains == []
    assert citation.ranges == [((("điều", "3"),), (("điều", "5"),))]


@pytest.mark.parametrize(
    "text", ["khoản 3 Điều 5 Nghị định số 47/2020/NĐ-CP", "Điều 10 Luật Dữ liệu", "Điều 2 của Bộ luật Dân sự"]
)
def test_citation_of_another_document_is_external(text):
    assert find_citations(text)[0].external


@pytest.mark.parametrize("text", ["mục tiêu", "phần mềm", "điều kiện", "Chương trình", "điểm mới"])
def test_ordinary_words_are_not_citations(text):
    assert find_citations(text) == []


def test_draft_refs_parse_into_their_chain():
    assert parse_ref("gạch đầu dòng thứ hai điểm a khoản 2 Mục II Điều 1") == (
        ("gạch đầu dòng", "2"),
        ("điểm", "a"),
        ("khoản", "2"),
        ("mục", "II"),
        ("điều", "1"),
    )
    assert parse_ref("Phần mở đầu") == (("phần", "mở đầu"),)
