"""Templates the team uploads: header, input columns and their types read from the workbook; task tables."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from commentsvc.core.errors import UserError
from commentsvc.reports.layout import ColumnType
from commentsvc.reports.template import named_forms, read_task_table, read_template
from tests.unit.reports_data import form_sheet, three_forms_and_instructions


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
    layout = read_template(template()).forms[0].layout
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
    layout = read_template(saved(workbook)).forms[0].layout
    assert [c.type for c in layout.columns] == [ColumnType.INTEGER, ColumnType.DATE]


def test_a_template_without_header_or_rows_is_refused():
    workbook = Workbook()
    workbook.active["A1"] = "Chỉ một ô"
    with pytest.raises(UserError, match="dòng tiêu đề"):
        read_template(saved(workbook))


def test_a_two_row_merged_header_is_combined_into_column_names():
    workbook = Workbook()
    form_sheet(workbook.active, "01", ["Cấp bộ", "Cấp tổng cục"])
    (form,) = read_template(saved(workbook)).forms
    assert [(c.label, c.type) for c in form.layout.columns] == [
        ("Số lượng dịch vụ công trực tuyến – Toàn trình", ColumnType.INTEGER),
        ("Số lượng dịch vụ công trực tuyến – Một phần", ColumnType.INTEGER),
        ("Tỷ lệ hồ sơ trực tuyến (%)", ColumnType.PERCENT),
        ("Ghi chú", ColumnType.TEXT),
    ]
    assert [row.label for row in form.layout.rows] == ["Cấp bộ", "Cấp tổng cục"]
    assert (form.code, form.title) == ("01", "SỐ LIỆU DỊCH VỤ CÔNG TRỰC TUYẾN")


def test_a_three_row_header_and_sub_headers_wider_than_their_group():
    workbook = Workbook()
    ws = workbook.active
    ws["A1"] = "BÁO CÁO SỐ LIỆU"
    ws.merge_cells("A1:G1")
    ws["A3"], ws["B3"], ws["C3"], ws["G3"] = "STT", "Chỉ tiêu", "Dịch vụ công trực tuyến", "Ghi chú"
    for merged in ("A3:A5", "B3:B5", "C3:F3", "G3:G5", "C4:D4", "E4:F4"):
        ws.merge_cells(merged)
    ws["C4"], ws["E4"] = "Toàn trình", "Một phần"
    ws["C5"], ws["D5"], ws["E5"], ws["F5"] = "Số thủ tục", "Số hồ sơ", "Số thủ tục", "Số hồ sơ"
    ws["A6"], ws["B6"] = 1, "Thủ tục cấp tỉnh"
    layout = read_template(saved(workbook)).forms[0].layout
    assert [c.label for c in layout.columns] == [
        "Dịch vụ công trực tuyến – Toàn trình – Số thủ tục",
        "Dịch vụ công trực tuyến – Toàn trình – Số hồ sơ",
        "Dịch vụ công trực tuyến – Một phần – Số thủ tục",
        "Dịch vụ công trực tuyến – Một phần – Số hồ sơ",
        "Ghi chú",
    ]
    assert [c.type for c in layout.columns[:4]] == [ColumnType.INTEGER] * 4
    assert [row.label for row in layout.rows] == ["Thủ tục cấp tỉnh"]


def test_a_title_merged_right_above_a_one_row_header_stays_a_title():
    workbook = Workbook()
    ws = workbook.active
    ws["A1"] = "Biểu mẫu 03"
    ws.merge_cells("A1:D1")
    ws.append(["STT", "Chỉ tiêu", "Số lượng", "Tỷ lệ (%)"])
    ws.append([1, "Hồ sơ nộp trực tuyến"])
    (form,) = read_template(saved(workbook)).forms
    assert [c.label for c in form.layout.columns] == ["Số lượng", "Tỷ lệ (%)"]
    assert form.code == "03"


def test_every_sheet_with_an_input_block_is_a_form_and_an_instructions_sheet_is_skipped():
    reading = read_template(saved(three_forms_and_instructions()))
    assert [(form.sheet, form.code, len(form.layout.rows)) for form in reading.forms] == [
        ("BM01", "01", 1),
        ("BM02", "02", 2),
        ("BM03", "03", 1),
    ]
    assert [name for name, _why in reading.skipped] == ["Hướng dẫn"]
    assert "Trang tính “Hướng dẫn” được bỏ qua: Không tìm thấy dòng tiêu đề cột" in reading.skipped_message
    named = named_forms(reading, "", "")
    assert [(code, title) for code, title, _layout in named] == [
        ("01", "SỐ LIỆU DỊCH VỤ CÔNG TRỰC TUYẾN"),
        ("02", "SỐ LIỆU DỊCH VỤ CÔNG TRỰC TUYẾN"),
        ("03", "SỐ LIỆU DỊCH VỤ CÔNG TRỰC TUYẾN"),
    ]


def test_the_team_chooses_one_sheet_or_names_a_sheet_that_is_not_there():
    data = saved(three_forms_and_instructions())
    reading = read_template(data, sheet="bm02")
    assert [form.sheet for form in reading.forms] == ["BM02"]
    assert named_forms(reading, "02A", "Cơ quan thuộc Chính phủ")[0][:2] == ("02A", "Cơ quan thuộc Chính phủ")
    with pytest.raises(UserError, match="không có trang tính “BM04”; các trang tính: “Hướng dẫn”; “BM01”"):
        read_template(data, sheet="BM04")
    with pytest.raises(UserError, match="dòng tiêu đề"):
        read_template(data, sheet="Hướng dẫn")


def test_sheets_without_their_own_number_are_numbered_after_the_teams():
    workbook = Workbook()
    for name in ("Bộ", "Tỉnh"):
        ws = workbook.create_sheet(name)
        ws.append(["Chỉ tiêu", "Số lượng"])
        ws.append(["Hồ sơ", None])
    workbook.remove(workbook["Sheet"])
    reading = read_template(saved(workbook))
    assert [(code, title) for code, title, _ in named_forms(reading, "07", "Số liệu")] == [
        ("07.1", "Số liệu – Bộ"),
        ("07.2", "Số liệu – Tỉnh"),
    ]
    with pytest.raises(UserError, match="Vui lòng nhập số biểu mẫu"):
        named_forms(read_template(saved(workbook), sheet="Bộ"), "", "")


def test_a_workbook_of_instructions_only_is_refused_sheet_by_sheet():
    workbook = Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.active["A1"] = "Hướng dẫn"
    workbook.create_sheet("Ghi chú")["A1"] = "Không có gì"
    with pytest.raises(UserError, match="Không trang tính nào có bảng nhập số liệu: Trang tính “Hướng dẫn”"):
        read_template(saved(workbook))


def test_a_macro_enabled_template_of_several_sheets_is_refused():
    data = saved(three_forms_and_instructions())
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(UserError, match="macro"):
        read_template(output.getvalue())


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
