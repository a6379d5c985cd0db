"""The XLSX export, re-opened with openpyxl: sheets, rows, figures, formula-safe cells, determinism."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from commentsvc.synthesis.compiler import CommentIn, compile_synthesis
from commentsvc.synthesis.export_xlsx import to_xlsx
from tests.unit.synthesis_data import GENERATED_ON, INJECTION, consultation

RISKY = ("=1+1", "+84 912 345 678", "-abc", "@x", "\t=SUM(A1)", "\r=1", '=HYPERLINK("http://example.com")')


@pytest.fixture(scope="module")
def workbook():
    """The workbook of the fixed consultation, plus one comment per risky text on Điều 3."""
    data = consultation()
    extra = [CommentIn(200 + index, 2, 13, text) for index, text in enumerate(RISKY)]
    synthesis = compile_synthesis(consultation(comments=[*data.comments, *extra]), generated_on=GENERATED_ON)
    return load_workbook(io.BytesIO(to_xlsx(synthesis)))


def test_sheets_and_header(workbook):
    assert workbook.sheetnames == ["Tổng hợp", "Số liệu", "Không trả lời"]
    sheet = workbook["Tổng hợp"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "STT",
        "Điều khoản",
        "Nội dung điều khoản",
        "Cơ quan góp ý",
        "Nội dung góp ý",
        "Đề xuất sửa đổi",
        "Kết quả xử lý",
        "Giải trình",
    ]
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["E2"].alignment.wrap_text
    assert sheet.column_dimensions["E"].width == 60


def test_table_rows(workbook):
    rows = list(workbook["Tổng hợp"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == list(range(1, 7 + len(RISKY)))
    assert [row[1] for row in rows[:6]] == [
        "Góp ý chung",
        "Góp ý chung",
        "Điều 1",
        "khoản 1 Điều 2",
        "khoản 1 Điều 2",
        "điểm a khoản 2 Điều 2",
    ]
    assert rows[1][4] == INJECTION
    assert rows[3][5] == "+84 912 345 678"
    assert rows[5][3] == "Bộ Tư pháp, Bộ Y tế, UBND tỉnh An Giang"
    assert rows[5][6:] == ("Tiếp thu một phần", "Đã chỉnh sửa khái niệm tại khoản 3 Điều 2.")
    assert {row[1] for row in rows[6:]} == {"Điều 3"}  # Điều 3 now has comments: no "Nhất trí" row


def test_risky_texts_stay_strings(workbook):
    cells = [row[4] for row in workbook["Tổng hợp"].iter_rows(min_row=2)]
    by_value = {cell.value: cell for cell in cells}
    for text in (*RISKY, "-abc"):
        cell = by_value[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix
    assert by_value["Đề nghị rà soát tổng thể dự thảo, bảo đảm thống nhất với Luật Dữ liệu."].quotePrefix is False
    explained = next(row for row in workbook["Tổng hợp"].iter_rows(min_row=2) if row[7].value == "@x")
    assert explained[7].data_type == "s"


def test_figures_sheet(workbook):
    figures = dict(workbook["Số liệu"].iter_rows(min_row=2, values_only=True))
    assert figures["Số cơ quan được lấy ý kiến"] == 9
    assert figures["  - Bộ, cơ quan ngang Bộ"] == 4
    assert figures["  - Trả lời đúng hạn"] == 4
    assert figures["  - Trả lời quá hạn, được tổng hợp"] == 1
    assert figures["  - Trả lời quá hạn, không được tổng hợp"] == 1
    positions = ("Nhất trí hoàn toàn", "Nhất trí và có ý kiến góp ý", "Không nhất trí")
    assert [figures[label] for label in positions] == [1, 3, 1]
    assert figures["Không trả lời, được hiểu là nhất trí"] == 3
    assert figures["Tổng số ý kiến góp ý được tổng hợp"] == 8 + len(RISKY)
    assert figures["Số ý kiến: điểm a khoản 2 Điều 2"] == 3


def test_non_responders_sheet(workbook):
    rows = list(workbook["Không trả lời"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[4]) for row in rows] == [
        (1, "Đài Truyền hình Việt Nam", "Có"),
        (2, "Ủy ban nhân dân thành phố Đà Nẵng", "Có"),
        (3, "Hiệp hội Internet Việt Nam", "Có"),
    ]


def test_properties_fixed_and_bytes_deterministic(workbook):
    assert workbook.properties.created.date() == GENERATED_ON
    assert workbook.properties.modified.date() == GENERATED_ON
    synthesis = compile_synthesis(consultation(), generated_on=GENERATED_ON)
    assert to_xlsx(synthesis) == to_xlsx(synthesis)
