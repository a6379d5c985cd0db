"""An agency's workbook: written pre-filled, read back cell by cell; wrong forms, moved columns, formulas reported."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook, load_workbook

from commentsvc.core.errors import UserError
from commentsvc.reports.layout import FormLayout
from commentsvc.reports.workbook import Sheet, WrongWorkbook, read_xlsx, to_xlsx
from tests.unit.reports_data import EVERY_TYPE

FORM_ID = 7


def exported(values=None) -> bytes:
    sheet = Sheet(FORM_ID, "01", "Chính phủ số", "Bộ Tư pháp", "quý III/2019", "Số liệu …", EVERY_TYPE, values or {})
    return to_xlsx(sheet)


def edited(data: bytes, change) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    change(workbook.worksheets[0])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_a_filled_workbook_reads_back_typed_values():
    def fill(ws):
        ws["D6"], ws["E6"], ws["F6"], ws["G6"] = 120, 12.5, "45,5", datetime(2026, 3, 5)
        ws["H6"], ws["I6"], ws["J6"] = "Có", "Toàn trình", "=không phải công thức"
        ws["J6"].data_type = "s"

    reading = read_xlsx(edited(exported(), fill), FORM_ID, EVERY_TYPE)
    assert reading.values[("r1", "count")] == "120"
    assert reading.values[("r1", "budget")] == "12.5"
    assert reading.values[("r1", "share")] == "45.5"
    assert reading.values[("r1", "since")] == "2026-03-05"
    assert reading.values[("r1", "linked")] == "có"
    assert reading.values[("r1", "level")] == "Toàn trình"
    assert not reading.messages


def test_prefilled_values_are_numbers_not_text():
    ws = load_workbook(io.BytesIO(exported({("r1", "count"): "120", ("r1", "share"): "45.5"}))).worksheets[0]
    assert ws["D6"].value == 120 and ws["F6"].value == 45.5
    assert ws["A6"].value == "r1" and ws.column_dimensions["A"].hidden


def test_bad_values_are_reported_with_their_address_row_and_column():
    def fill(ws):
        ws["D7"], ws["F6"], ws["G6"], ws["H6"] = "mười", 120, "31/02/2026", "có lẽ"

    reading = read_xlsx(edited(exported(), fill), FORM_ID, EVERY_TYPE)
    assert reading.raw[("r2", "count")] == "mười"  # kept as typed
    text = "\n".join(reading.messages)
    assert "Ô D7 — Dòng “Hệ thống thông tin”, cột “Số thủ tục”: “mười” không phải là số." in text
    assert "Ô F6" in text and "từ 0 đến 100" in text
    assert "Ô G6" in text and "Ô H6" in text
    assert len(reading.messages) == 4


def test_formulas_are_reported_never_evaluated():
    def fill(ws):
        ws["D6"] = "=1+1"

    with pytest.raises(WrongWorkbook) as refused:
        read_xlsx(edited(exported(), fill), FORM_ID, EVERY_TYPE)
    assert "Ô D6: có công thức" in str(refused.value)


def test_moved_columns_are_reported():
    def swap(ws):
        ws["D5"], ws["E5"] = ws["E5"].value, ws["D5"].value

    with pytest.raises(WrongWorkbook) as refused:
        read_xlsx(edited(exported(), swap), FORM_ID, EVERY_TYPE)
    assert "Cột “Số thủ tục” đã bị chuyển từ cột D sang cột E." in refused.value.problems


def test_another_forms_file_is_refused():
    with pytest.raises(WrongWorkbook, match="biểu mẫu khác"):
        read_xlsx(exported(), FORM_ID + 1, EVERY_TYPE)
    changed = FormLayout(EVERY_TYPE.columns[:3], EVERY_TYPE.rows)
    with pytest.raises(WrongWorkbook, match="đã được thay đổi"):
        read_xlsx(exported(), FORM_ID, changed)
    plain = Workbook()
    output = io.BytesIO()
    plain.save(output)
    with pytest.raises(WrongWorkbook, match="không phải biểu mẫu"):
        read_xlsx(output.getvalue(), FORM_ID, EVERY_TYPE)


def test_added_and_removed_rows_are_reported():
    def add(ws):
        ws["D9"] = 5

    with pytest.raises(WrongWorkbook, match="không có mã dòng"):
        read_xlsx(edited(exported(), add), FORM_ID, EVERY_TYPE)

    def remove(ws):
        ws["A7"] = None

    with pytest.raises(WrongWorkbook, match="Thiếu 1 dòng"):
        read_xlsx(edited(exported(), remove), FORM_ID, EVERY_TYPE)


def _workbook_edit(data: bytes, change) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_every_sheet_is_checked_the_forms_sheet_found_wherever_it_is():
    def reorder_and_add_empty(workbook):
        workbook.worksheets[0]["D6"] = 12
        notes = workbook.create_sheet("Ghi chú", 0)  # an empty sheet put first
        notes.sheet_view.tabSelected = False

    reading = read_xlsx(_workbook_edit(exported(), reorder_and_add_empty), FORM_ID, EVERY_TYPE)
    assert reading.values[("r1", "count")] == "12"

    def add_figures_elsewhere(workbook):
        workbook.create_sheet("Số liệu bổ sung")["C4"] = 30

    with pytest.raises(WrongWorkbook, match="Trang tính “Số liệu bổ sung” không thuộc biểu mẫu nhưng có dữ liệu"):
        read_xlsx(_workbook_edit(exported(), add_figures_elsewhere), FORM_ID, EVERY_TYPE)

    def rename(workbook):
        workbook.worksheets[0].title = "BM01 đã điền"
        workbook.worksheets[0]["D6"] = 7

    assert read_xlsx(_workbook_edit(exported(), rename), FORM_ID, EVERY_TYPE).values[("r1", "count")] == "7"

    def rename_and_add(workbook):
        rename(workbook)
        workbook.create_sheet("Khác")

    with pytest.raises(WrongWorkbook, match="Không tìm thấy trang tính “Biểu mẫu 01” của biểu mẫu"):
        read_xlsx(_workbook_edit(exported(), rename_and_add), FORM_ID, EVERY_TYPE)


def _repacked(data: bytes, extra: dict[str, bytes], rename: dict[str, str] | None = None) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr((rename or {}).get(info.filename, info.filename), source.read(info))
        for name, content in extra.items():
            target.writestr(name, content)
    return output.getvalue()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"xl/vbaProject.bin": b"\x00" * 10}, "macro"),
        ({"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}, "liên kết"),
        (
            {"xl/evil.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'},
            "DOCTYPE",
        ),
        ({"xl/bomb.xml": b"\x00" * (60 * 1024 * 1024)}, "bất thường"),
    ],
)
def test_hostile_workbooks_are_refused(extra, words):
    with pytest.raises(UserError, match=words):
        read_xlsx(_repacked(exported(), extra), FORM_ID, EVERY_TYPE)


def test_not_a_workbook_is_refused():
    with pytest.raises(UserError, match="không phải bảng tính"):
        read_xlsx(b"%PDF-1.7 hello", FORM_ID, EVERY_TYPE)
    with pytest.raises(UserError, match="quá lớn"):
        read_xlsx(exported(), FORM_ID, EVERY_TYPE, max_bytes=100)
