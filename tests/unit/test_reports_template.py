"""Templates the team uploads: header, input columns and their types read from the workbook; task tables."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from commentsvc.core.errors import UserError
from commentsvc.reports.layout import ColumnType
from commentsvc.reports.template import read_task_table, read_template


def saved(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template() -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws["A1"] = "BIỂU MẪU 01: SỐ LIỆU CHÍNH PHỦ SỐ"
    ws.append([])
    ws.append(["STT", "Chỉ tiêu", "Số lượng", "Tỷ lệ (%)", "Ngày cập nhật", "Kết nối", "Mức độ", "Kinh phí", "Ghi chú"])
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"])
    for number, label in enumerate(["Số thủ tục hành chính", "Số hệ thống thông tin", "Số dịch vụ công"], start=1):
        ws.append([number, label])
    ws["E5"].number_format = "DD/MM/YYYY"
    yes_no = DataValidation("list", formula1='"Có,Không"')
    yes_no.add("F5:F7")
    levels = DataValidation("list", formula1='"Toàn trình,Một phần"')
    levels.add("G5:G7")
    money = DataValidation("decimal", operator="greaterThanOrEqual", formula1="0")
    money.add("H5:H7")
    for validation in (yes_no, levels, money):
        ws.add_data_validation(validation)
    return saved(workbook)


def test_a_template_gives_rows_and_typed_columns():
    layout = read_template(template())
    assert [row.label for row in layout.rows] == ["Số thủ tục hành chính", "Số hệ thống thông tin", "Số dịch vụ công"]
    assert [(c.label, c.type) for c in layout.columns] == [
        ("Số lượng", ColumnType.INTEGER),
        ("Tỷ lệ (%)", ColumnType.PERCENT),
        ("Ngày cập nhật", ColumnType.DATE),
        ("Kết nối", ColumnType.YES_NO),
        ("Mức độ", ColumnType.CHOICE),
        ("Kinh phí", ColumnType.DECIMAL),
        ("Ghi chú", ColumnType.TEXT),
    ]
    assert layout.columns[4].choices == ("Toàn trình", "Một phần")


def test_sample_values_decide_a_columns_type():
    workbook = Workbook()
    ws = workbook.active
    ws.append(["Chỉ tiêu", "Giá trị A", "Giá trị B"])
    ws.append(["Dòng 1", 3, date(2026, 1, 1)])
    layout = read_template(saved(workbook))
    assert [c.type for c in layout.columns] == [ColumnType.INTEGER, ColumnType.DATE]


def test_a_template_without_header_or_rows_is_refused():
    workbook = Workbook()
    workbook.active["A1"] = "Chỉ một ô"
    with pytest.raises(UserError, match="dòng tiêu đề"):
        read_template(saved(workbook))


def test_a_task_table_is_read_in_any_column_order():
    workbook = Workbook()
    ws = workbook.active
    ws.append(["DANH MỤC NHIỆM VỤ"])
    ws.append(["TT", "Nhiệm vụ", "Nhóm", "Cơ quan chủ trì", "Thời hạn"])
    ws.append([1, "Xây dựng nền tảng", "Hạ tầng số", "Bộ Tư pháp", "2025"])
    ws.append([2, "Đào tạo kỹ năng số", "Nhân lực số", "UBND tỉnh An Giang", "Hằng năm"])
    ws.append([None, None, None, None, None])
    tasks = read_task_table(saved(workbook))
    assert [(t.number, t.group, t.lead, t.due) for t in tasks] == [
        ("1", "Hạ tầng số", "Bộ Tư pháp", "2025"),
        ("2", "Nhân lực số", "UBND tỉnh An Giang", "Hằng năm"),
    ]
