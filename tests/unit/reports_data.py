"""Small fixed layouts for the report tests."""

from __future__ import annotations

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
