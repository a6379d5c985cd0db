from __future__ import annotations

from dataclasses import dataclass

from commentsvc.responses import reading


@dataclass
class U:
    id: int
    kind: str
    depth: int
    parent_id: int | None
    text: str
    ref: str = ""


UNITS = [
    U(1, "chapter", 0, None, "Chương I\nQUY ĐỊNH CHUNG"),
    U(2, "article", 1, 1, "Điều 1. Phạm vi"),
    U(3, "clause", 2, 2, "1. Khoản một"),
    U(4, "table_row", 2, 2, "1 | Tiêu chí | 10"),
    U(5, "table_row", 2, 2, "2 | Tiêu chí | 20"),
    U(6, "article", 1, 1, "Điều 2. " + "Rất dài " * 20),
]


def test_outline_counts_comments_inside_each_entry():
    entries = reading.outline(UNITS, {3: 2, 5: 1, 6: 4})
    assert [(e.clause_id, e.depth, e.comment_count) for e in entries] == [(1, 0, 7), (2, 1, 3), (6, 1, 4)]
    assert entries[0].title == "Chương I" and entries[2].title.endswith("…") and len(entries[2].title) <= 90


def test_outline_depth_and_counts_through_deep_nesting_and_units_outside_the_version():
    units = [
        U(10, "part", 0, None, "Phần thứ nhất"),
        U(11, "chapter", 1, 10, "Chương I"),
        U(12, "section", 2, 11, "Mục 1"),
        U(13, "subsection", 3, 12, "Tiểu mục 1"),
        U(14, "article", 4, 13, "Điều 1. Một"),
        U(15, "clause", 5, 14, "1. Khoản"),
        U(16, "point", 6, 15, "a) Điểm"),
        U(17, "annex", 0, None, "Phụ lục I"),
        U(18, "table_row", 1, 17, "1 | Nhiệm vụ"),
        U(19, "clause", 1, 99, "khoản whose parent is not in this version"),
    ]
    entries = reading.outline(units, {16: 2, 15: 1, 18: 5, 19: 7, 404: 3})
    assert [(e.clause_id, e.depth, e.comment_count) for e in entries] == [
        (10, 0, 3),
        (11, 1, 3),
        (12, 2, 3),
        (13, 3, 3),
        (14, 3, 3),  # the outline indents four levels at most
        (17, 0, 5),
    ]


def test_filter_keeps_the_units_around_what_it_keeps():
    assert [u.id for u in reading.with_context(UNITS, {5})] == [1, 2, 5]


def test_runs_of_table_rows_are_one_table():
    blocks = reading.blocks(UNITS)
    assert [b.clause.id if b.clause else [r.id for r in b.rows] for b in blocks] == [1, 2, 3, [4, 5], 6]
    assert reading.cells(UNITS[3]) == ["1", "Tiêu chí", "10"]
    assert reading.paragraphs(UNITS[0]) == ["Chương I", "QUY ĐỊNH CHUNG"]
