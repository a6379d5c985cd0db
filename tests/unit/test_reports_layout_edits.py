"""A form's layout edited one row or one column at a time (reports/layout_edits.py)."""

from __future__ import annotations

import pytest

from commentsvc.core.errors import UserError
from commentsvc.reports import layout_edits as edits
from commentsvc.reports.layout import ColumnType
from tests.unit.reports_data import EVERY_TYPE


def labels(items) -> list[str]:
    return [item.label for item in items]


def test_rows_are_added_renamed_moved_and_removed_one_at_a_time():
    layout = edits.add_row(EVERY_TYPE, "  Cơ sở dữ liệu   chuyên ngành ")
    assert layout.rows[-1].key == "r3" and layout.rows[-1].label == "Cơ sở dữ liệu chuyên ngành"
    layout = edits.add_row(layout, "Dịch vụ công", position=1)
    assert labels(layout.rows) == [
        "Dịch vụ công",
        "Thủ tục hành chính",
        "Hệ thống thông tin",
        "Cơ sở dữ liệu chuyên ngành",
    ]
    assert layout.rows[0].key == "r4"  # never another row's key
    layout = edits.rename_row(layout, "r1", "Thủ tục hành chính cấp bộ")
    layout = edits.move_row(layout, "r3", 2)
    assert labels(layout.rows) == [
        "Dịch vụ công",
        "Cơ sở dữ liệu chuyên ngành",
        "Thủ tục hành chính cấp bộ",
        "Hệ thống thông tin",
    ]
    layout = edits.remove_row(layout, "r2")
    assert [row.key for row in layout.rows] == ["r4", "r3", "r1"]
    assert edits.add_row(layout, "Mới").rows[-1].key == "r5"
    assert layout.columns == EVERY_TYPE.columns  # rows' changes leave the columns alone


def test_columns_are_added_renamed_retyped_moved_and_removed_one_at_a_time():
    layout = edits.add_column(EVERY_TYPE, "Số hồ sơ", "integer", position=2)
    assert [(c.key, c.label, c.type) for c in layout.columns[:3]] == [
        ("count", "Số thủ tục", ColumnType.INTEGER),
        ("c1", "Số hồ sơ", ColumnType.INTEGER),
        ("budget", "Kinh phí (triệu đồng)", ColumnType.DECIMAL),
    ]
    layout = edits.change_column(layout, "c1", "Mức độ cung cấp", "choice", "Toàn trình; Một phần;; Toàn trình")
    changed = layout.column("c1")
    assert (changed.label, changed.type, changed.choices) == (
        "Mức độ cung cấp",
        ColumnType.CHOICE,
        ("Toàn trình", "Một phần"),
    )
    layout = edits.change_column(layout, "c1", "Mức độ cung cấp", "text", "Toàn trình")
    assert layout.column("c1").choices == ()  # choices belong to choice lists only
    layout = edits.move_column(layout, "note", 1)
    assert layout.columns[0].key == "note" and len(layout.columns) == 8
    layout = edits.remove_column(layout, "budget")
    assert layout.column("budget") is None and layout.rows == EVERY_TYPE.rows


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda layout: edits.add_row(layout, "   "), "Vui lòng nhập tên dòng chỉ tiêu"),
        (lambda layout: edits.add_row(layout, "x" * 501), "dài quá 500"),
        (lambda layout: edits.add_row(layout, "Mới", position=9), "Vị trí phải từ 1 đến 3"),
        (lambda layout: edits.rename_row(layout, "r9", "Mới"), "không có dòng chỉ tiêu này"),
        (lambda layout: edits.move_row(layout, "r1", 0), "Vị trí phải từ 1 đến 2"),
        (lambda layout: edits.add_column(layout, "số thủ tục", "integer"), "đã có cột “số thủ tục”"),
        (lambda layout: edits.add_column(layout, "Mới", "số"), "Kiểu cột không rõ"),
        (lambda layout: edits.add_column(layout, "Mức", "choice", " ; "), "kiểu danh sách cần các lựa chọn"),
        (lambda layout: edits.change_column(layout, "note", "Ghi chú", "text", ""), None),
        (lambda layout: edits.change_column(layout, "note", "Mức độ", "text"), "đã có cột “Mức độ”"),
        (lambda layout: edits.remove_column(layout, "zzz"), "không có cột số liệu này"),
    ],
)
def test_each_refusal_says_what_to_fix(change, words):
    if words is None:  # a column keeps its own name
        assert change(EVERY_TYPE).column("note").label == "Ghi chú"
        return
    with pytest.raises(UserError, match=words):
        change(EVERY_TYPE)


def test_the_last_row_or_column_cannot_be_removed():
    layout = edits.remove_row(EVERY_TYPE, "r1")
    with pytest.raises(UserError, match="ít nhất một dòng"):
        edits.remove_row(layout, "r2")
    for column in EVERY_TYPE.columns[1:]:
        layout = edits.remove_column(layout, column.key)
    with pytest.raises(UserError, match="ít nhất một cột"):
        edits.remove_column(layout, "count")
