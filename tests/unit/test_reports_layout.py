"""Typed cells of report forms: what parses, the canonical value, and the Vietnamese message otherwise."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from commentsvc.reports.layout import (
    Column,
    ColumnType,
    FormLayout,
    ValueError_,
    cell_message,
    display,
    format_number,
    parse,
)
from tests.unit.reports_data import EVERY_TYPE

COLUMNS = {column.key: column for column in EVERY_TYPE.columns}


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("count", "1.234", "1234"),
        ("count", "42", "42"),
        ("count", 42.0, "42"),
        ("budget", "12,5", "12.5"),
        ("budget", "1.234,5", "1234.5"),
        ("budget", 3.25, "3.25"),
        ("share", "45,5%", "45.5"),
        ("share", "100", "100"),
        ("since", "05/03/2026", "2026-03-05"),
        ("since", datetime(2026, 3, 5, 0, 0), "2026-03-05"),
        ("linked", "Có", "có"),
        ("linked", "không", "không"),
        ("linked", True, "có"),
        ("level", "toàn trình", "Toàn trình"),
        ("note", "=SUM(A1)", "=SUM(A1)"),
        ("count", "", ""),
    ],
)
def test_values_parse_to_their_canonical_form(key, raw, expected):
    assert parse(COLUMNS[key], raw) == expected


@pytest.mark.parametrize(
    ("key", "raw", "words"),
    [
        ("count", "mười", "không phải là số"),
        ("count", "12,5", "số nguyên"),
        ("count", "-3", "số âm"),
        ("share", "120", "từ 0 đến 100"),
        ("share", "-1", "từ 0 đến 100"),
        ("since", "31/02/2026", "không có thật"),
        ("since", "hôm qua", "dd/mm/yyyy"),
        ("linked", "có lẽ", "“Có” hoặc “Không”"),
        ("level", "Khác", "không có trong danh sách"),
        ("budget", True, "phải là số"),
        ("budget", "1e999", "không phải là số"),
    ],
)
def test_bad_values_say_what_is_expected(key, raw, words):
    with pytest.raises(ValueError_, match=words):
        parse(COLUMNS[key], raw)


def test_required_cells_must_be_filled():
    with pytest.raises(ValueError_, match="bắt buộc"):
        parse(Column("s", "Tình trạng", ColumnType.CHOICE, ("Hoàn thành",), required=True), " ")


def test_messages_name_the_row_and_the_column():
    row, column = EVERY_TYPE.rows[0], COLUMNS["share"]
    assert cell_message(row, column, "tỷ lệ phải từ 0 đến 100.") == (
        "Dòng “Thủ tục hành chính”, cột “Tỷ lệ trực tuyến (%)”: tỷ lệ phải từ 0 đến 100."
    )


def test_values_are_shown_the_vietnamese_way():
    assert format_number(1234567.5) == "1.234.567,5"
    assert display(COLUMNS["since"], "2026-03-05") == "05/03/2026"
    assert display(COLUMNS["linked"], "có") == "Có"
    assert date.fromisoformat(parse(COLUMNS["since"], "2026-03-05")) == date(2026, 3, 5)


def test_a_layout_survives_its_json():
    assert FormLayout.from_dict(EVERY_TYPE.as_dict()) == EVERY_TYPE
