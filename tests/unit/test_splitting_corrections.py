"""Preview corrections: merge, split off, change kind; each recomputes parents, depths and refs."""

from __future__ import annotations

import pytest

from commentsvc.drafts.citations import recompute
from commentsvc.drafts.corrections import change_kind, merge_into_previous, split_off
from commentsvc.drafts.model import Unit


def _units() -> list[Unit]:
    return recompute(
        [
            Unit("article", "5", ["Điều 5. Quyền của tổ chức"]),
            Unit("clause", "1", ["1. Được khai thác dữ liệu mở.", "Việc khai thác là miễn phí.", "Trừ dữ liệu riêng."]),
            Unit("clause", "2", ["2. Được phản ánh sai sót:"]),
            Unit("point", "a", ["a) Qua Cổng dữ liệu quốc gia;"]),
            Unit("point", "b", ["b) Bằng văn bản."]),
        ]
    )


def test_recompute_builds_the_tree():
    units = _units()
    assert [(u.parent, u.depth, u.position, u.ref) for u in units] == [
        (None, 0, 0, "Điều 5"),
        (0, 1, 1, "khoản 1 Điều 5"),
        (0, 1, 2, "khoản 2 Điều 5"),
        (2, 2, 3, "điểm a khoản 2 Điều 5"),
        (2, 2, 4, "điểm b khoản 2 Điều 5"),
    ]


def test_merge_into_previous_moves_children_up():
    original = _units()
    merged = merge_into_previous(original, 2)
    assert [u.ref for u in merged] == ["Điều 5", "khoản 1 Điều 5", "điểm a khoản 1 Điều 5", "điểm b khoản 1 Điều 5"]
    assert merged[1].paragraphs[-1] == "2. Được phản ánh sai sót:"
    assert len(original) == 5  # the input is untouched
    with pytest.raises(IndexError):
        merge_into_previous(original, 0)


def test_split_off_makes_the_paragraph_above_a_unit_cited_as_the_next_paragraph():
    units = split_off(_units(), 1, 1)
    assert [(u.kind, u.ref, u.parent, u.paragraphs) for u in units[1:5]] == [
        ("clause", "khoản 1 Điều 5", 0, ["1. Được khai thác dữ liệu mở."]),
        ("paragraph", "đoạn thứ hai khoản 1 Điều 5", 1, ["Việc khai thác là miễn phí."]),
        ("paragraph", "đoạn thứ ba khoản 1 Điều 5", 1, ["Trừ dữ liệu riêng."]),
        ("clause", "khoản 2 Điều 5", 0, ["2. Được phản ánh sai sót:"]),
    ]
    last = split_off(_units(), 1, 2)
    assert [(u.ref, u.paragraphs) for u in last[1:3]] == [
        ("khoản 1 Điều 5", ["1. Được khai thác dữ liệu mở.", "Việc khai thác là miễn phí."]),
        ("đoạn thứ ba khoản 1 Điều 5", ["Trừ dữ liệu riêng."]),
    ]
    with pytest.raises(IndexError):
        split_off(units, 0, 1)


def test_a_paragraph_split_off_the_preamble_is_cited_in_the_preamble():
    preamble = Unit("preamble", "", ["Căn cứ Luật Tổ chức Chính phủ;", "Theo đề nghị của Bộ trưởng;", "Ban hành."])
    units = split_off(recompute([preamble, Unit("article", "1", ["Điều 1. Phạm vi"])]), 0, 1)
    assert [(u.kind, u.ref, u.parent) for u in units] == [
        ("preamble", "Phần mở đầu", None),
        ("paragraph", "đoạn thứ hai Phần mở đầu", 0),
        ("paragraph", "đoạn thứ ba Phần mở đầu", 0),
        ("article", "Điều 1", None),
    ]


def test_change_kind_reads_the_label_from_the_text_and_re_parents():
    units = change_kind(_units(), 3, "bullet")
    assert units[3].ref == "gạch đầu dòng thứ nhất khoản 2 Điều 5"
    units = change_kind(_units(), 2, "article", label="6")
    assert [u.ref for u in units[2:]] == ["Điều 6", "điểm a Điều 6", "điểm b Điều 6"]
    units = change_kind(_units(), 2, "point")
    assert units[2].label == "2"  # nothing in "2. …" reads as a point: the old label is kept
    units = change_kind(_units(), 0, "preamble")
    assert (units[0].ref, units[0].label, units[1].parent) == ("Phần mở đầu", "", None)
    with pytest.raises(ValueError, match="unknown kind"):
        change_kind(_units(), 0, "khoản")


def test_items_and_table_rows_find_their_numbered_parents():
    units = recompute(
        [
            Unit("heading", "II", ["II. NỘI DUNG"]),
            Unit("clause", "1", ["1. Nhóm một"]),
            Unit("item", "1.1", ["1.1. Chỉ số"]),
            Unit("item", "2.1", ["2.1. Chỉ số của nhóm hai chưa có dòng 2."]),
            Unit("table_row", "1", ["1 | Thể chế"]),
            Unit("table_row", "1.1", ["1.1 | Kế hoạch"]),
            Unit("table_row", "2.1", ["2.1 | Lạc nhóm"]),
        ]
    )
    assert [(u.parent, u.ref) for u in units] == [
        (None, "Mục II"),
        (0, "khoản 1 Mục II"),
        (1, "tiểu mục 1.1 Mục II"),
        (0, "tiểu mục 2.1 Mục II"),
        (3, "dòng 1 tiểu mục 2.1 Mục II"),  # a table under an item is cited with the item
        (4, "dòng 1.1 tiểu mục 2.1 Mục II"),
        (3, "dòng 2.1 tiểu mục 2.1 Mục II"),
    ]
