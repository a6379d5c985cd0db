"""Small fixed layouts for the report tests."""

from __future__ import annotations

from openpyxl import Workbook

from commentsvc.reports.layout import Column, ColumnType, FormLayout, Row

EVERY_TYPE = FormLayout(
    columns=(
        Column("count", "Số thủ tục", ColumnType.INTEGER),
        Column("budget", "Kinh phí (triệu đồng)", ColumnType.DECIMAL),
        Column("share", "Tỷ lệ trực tuyến (%)", ColumnType.PERCENT),
        Column("since", "Ngày đưa vào sử dụng", ColumnType.DATE),
        Column("linked", "Kết nối nền tảng (Có/Không)", ColumnType.YES_NO),
        Column("level", "Mức độ", ColumnType.CHOICE, ("Toàn trình", "Một phần")),
        Column("note", "Ghi chú", ColumnType.TEXT),
    ),
    rows=(Row("r1", "Thủ tục hành chính"), Row("r2", "Hệ thống thông tin")),
)


def form_sheet(ws, code: str, rows: list[str]) -> None:
    """A form sheet as the ministry's templates draw it: a title merged over the table, a two-row header whose
    group header is merged over its sub-columns and whose other cells are merged down, a numbering line."""
    ws["A1"] = f"Biểu mẫu {code}: SỐ LIỆU DỊCH VỤ CÔNG TRỰC TUYẾN"
    ws.merge_cells("A1:F1")
    ws["A2"] = "(Kèm theo Công văn số 2584/BTTTT-THH)"
    ws.merge_cells("A2:F2")
    ws["A4"], ws["B4"], ws["C4"], ws["E4"], ws["F4"] = (
        "STT",
        "Chỉ tiêu",
        "Số lượng dịch vụ công trực tuyến",
        "Tỷ lệ hồ sơ trực tuyến (%)",
        "Ghi chú",
    )
    for merged in ("A4:A5", "B4:B5", "C4:D4", "E4:E5", "F4:F5"):
        ws.merge_cells(merged)
    ws["C5"], ws["D5"] = "Toàn trình", "Một phần"
    ws.append([])  # row 6 is filled below
    for index, value in enumerate(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"], start=1):
        ws.cell(6, index, value)
    for number, label in enumerate(rows, start=1):
        ws.cell(6 + number, 1, number)
        ws.cell(6 + number, 2, label)


def three_forms_and_instructions() -> Workbook:
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Hướng dẫn"
    guide["A1"] = "HƯỚNG DẪN ĐIỀN BIỂU MẪU"
    guide["A3"] = "Các bộ, cơ quan ngang bộ điền Biểu mẫu 01; cơ quan thuộc Chính phủ Biểu mẫu 02; tỉnh Biểu mẫu 03."
    guide["A4"] = "Số liệu tính đến ngày 14 của tháng cuối quý."
    for code, rows in (("01", ["Cấp bộ"]), ("02", ["Cơ quan", "Đơn vị trực thuộc"]), ("03", ["Cấp tỉnh"])):
        form_sheet(workbook.create_sheet(f"BM{code}"), code, rows)
    hidden = workbook.create_sheet("Danh mục")
    hidden.append(["Mã", "Tên", "Ghi chú"])
    hidden.append(["01", "Bộ", "x"])
    hidden.sheet_state = "hidden"
    return workbook
