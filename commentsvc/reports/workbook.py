"""An agency's form as an Excel workbook: written pre-filled, read back checked cell by cell (pure: no Flask).

The form sheet carries a hidden key column (A) and a hidden sheet with the form's id, a fingerprint of its layout
and the form sheet's name, so a file of another form, period or agency is recognised, not guessed at. Every sheet is
checked: one other than the form's that holds anything is reported (its figures would not be read). Reading back
reports, with each cell's address: a wrong form, headers moved or renamed, rows added, removed or moved, formulas
(never evaluated, never copied), and values that do not parse by their column's type. Structure problems refuse the
whole file; values that do not parse are kept as typed and reported, like the online grid.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from commentsvc.core import xlsx
from commentsvc.core.errors import UserError
from commentsvc.core.workbook_upload import open_workbook
from commentsvc.reports.layout import ColumnType, FormLayout, ValueError_, cell_message, parse, typed_value

MARKER_SHEET = "_bieu_mau"
MARKER = "commentsvc-report-form"
HEADER_ROW = 5
FIRST_VALUE_COLUMN = 4  # A key (hidden), B STT, C row label, D… values
MAX_ROWS = 5000
MAX_COLUMNS = 60
MSG_NOT_OURS = "Tệp không phải biểu mẫu tải về từ hệ thống; hãy tải biểu mẫu của kỳ này rồi nhập số liệu."
_HEADER_FILL = PatternFill("solid", fgColor="E5E7EB")
_WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Sheet:
    """What the workbook is for: the form, the agency, the period; ``values`` are canonical values by (row, col)."""

    form_id: int
    form_code: str
    form_title: str
    agency_name: str
    period_label: str
    cutoff_label: str
    layout: FormLayout
    values: dict[tuple[str, str], str] = field(default_factory=dict)


def fingerprint(form_id: int, layout: FormLayout) -> str:
    text = "|".join([str(form_id)] + [f"{c.key}:{c.type}" for c in layout.columns] + [r.key for r in layout.rows])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def sheet_title(code: str) -> str:
    return f"Biểu mẫu {code}"[:31]


# --- writing --------------------------------------------------------------------------------------------------


def to_xlsx(sheet: Sheet) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title(sheet.form_code)
    xlsx.write(ws.cell(1, 2), f"BIỂU MẪU {sheet.form_code}: {sheet.form_title}".upper())
    ws.cell(1, 2).font = Font(bold=True, size=13)
    xlsx.write(ws.cell(2, 2), f"Kỳ báo cáo: {sheet.period_label}. {sheet.cutoff_label}.")
    xlsx.write(ws.cell(3, 2), f"Cơ quan báo cáo: {sheet.agency_name}")
    _header(ws, sheet.layout)
    for index, row in enumerate(sheet.layout.rows):
        line = HEADER_ROW + 1 + index
        xlsx.write(ws.cell(line, 1), row.key)
        ws.cell(line, 2, index + 1)
        xlsx.write(ws.cell(line, 3), row.label)
        ws.cell(line, 3).alignment = _WRAP
        for offset, column in enumerate(sheet.layout.columns):
            cell = ws.cell(line, FIRST_VALUE_COLUMN + offset)
            value = typed_value(column, sheet.values.get((row.key, column.key), ""))
            xlsx.write(cell, value)
            cell.protection = Protection(locked=False)
            if column.type is ColumnType.DATE:
                cell.number_format = "DD/MM/YYYY"
    _validations(ws, sheet.layout)
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, FIRST_VALUE_COLUMN)
    marker = workbook.create_sheet(MARKER_SHEET)
    marker_values = (MARKER, str(sheet.form_id), fingerprint(sheet.form_id, sheet.layout), ws.title)
    for line, value in enumerate(marker_values, start=1):
        xlsx.write(marker.cell(line, 1), value)
    marker.sheet_state = "hidden"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _header(ws, layout: FormLayout) -> None:
    titles = ["Mã dòng (không sửa)", "STT", "Chỉ tiêu / nhiệm vụ"] + [c.label for c in layout.columns]
    widths = [10, 6, 60] + [max(14, min(40, len(c.label))) for c in layout.columns]
    for index, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = ws.cell(HEADER_ROW, index)
        xlsx.write(cell, title)
        cell.font, cell.fill, cell.alignment = Font(bold=True), _HEADER_FILL, _WRAP
        ws.column_dimensions[get_column_letter(index)].width = width


def _validations(ws, layout: FormLayout) -> None:
    """Excel's own checks as a help while typing; the server checks everything again on upload."""
    if not layout.rows:
        return
    last = HEADER_ROW + len(layout.rows)
    for offset, column in enumerate(layout.columns):
        letter = get_column_letter(FIRST_VALUE_COLUMN + offset)
        validation = _validation_for(column)
        if validation is not None:
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
            ws.add_data_validation(validation)


def _validation_for(column) -> DataValidation | None:
    message = dict(showErrorMessage=True, errorTitle=column.label[:32], allow_blank=True)
    if column.type is ColumnType.INTEGER:
        return DataValidation("whole", operator="greaterThanOrEqual", formula1="0", error="Nhập số nguyên.", **message)
    if column.type is ColumnType.PERCENT:
        return DataValidation("decimal", operator="between", formula1="0", formula2="100", error="0–100.", **message)
    choices = column.choices if column.type is ColumnType.CHOICE else ("Có", "Không")
    if column.type in (ColumnType.CHOICE, ColumnType.YES_NO) and len(",".join(choices)) < 250:
        return DataValidation("list", formula1='"' + ",".join(choices) + '"', **message)
    return None


# --- reading back ---------------------------------------------------------------------------------------------


@dataclass
class Reading:
    """What an uploaded workbook holds: raw values by (row key, column key) and the problems of single cells."""

    raw: dict[tuple[str, str], object] = field(default_factory=dict)
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: dict[tuple[str, str], str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


class WrongWorkbook(UserError):
    """The file is not this form as exported (structure problems): nothing of it is used."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Bảng tính không đúng biểu mẫu: " + " ".join(problems[:20]))
        self.problems = problems


def read_xlsx(data: bytes, form_id: int, layout: FormLayout, max_bytes: int | None = None) -> Reading:
    """Check an agency's filled workbook against ``layout``; :class:`WrongWorkbook` or a :class:`Reading`."""
    workbook = open_workbook(data, **({"max_bytes": max_bytes} if max_bytes else {}))
    try:
        form_sheet = _check_marker(workbook, form_id, layout)
        elsewhere = [
            _values_elsewhere(workbook[name]) for name in workbook.sheetnames if name not in (form_sheet, MARKER_SHEET)
        ]
        return _read_sheet(workbook[form_sheet], layout, [problem for problem in elsewhere if problem])
    finally:
        workbook.close()


def _check_marker(workbook, form_id: int, layout: FormLayout) -> str:
    """The name of the form's sheet, once the hidden sheet says the file is this form as downloaded."""
    if MARKER_SHEET not in workbook.sheetnames:
        raise WrongWorkbook([MSG_NOT_OURS])
    cells = [row[0] for row in workbook[MARKER_SHEET].iter_rows(min_row=1, max_row=4, max_col=1, values_only=True)]
    cells += [None] * (4 - len(cells))
    if cells[0] != MARKER or str(cells[1]) != str(form_id):
        raise WrongWorkbook(["Tệp là biểu mẫu khác (của biểu mẫu, kỳ báo cáo hoặc yêu cầu khác) với biểu mẫu này."])
    if cells[2] != fingerprint(form_id, layout):
        raise WrongWorkbook(["Biểu mẫu đã được thay đổi sau khi tải về; hãy tải lại biểu mẫu mới."])
    others = [name for name in workbook.sheetnames if name != MARKER_SHEET]
    if cells[3] in others:
        return cells[3]
    if cells[3] is None and others:  # downloaded before the marker named the sheet: the form was written first
        return others[0]
    if len(others) == 1:  # the form's sheet renamed
        return others[0]
    raise WrongWorkbook(
        [f"Không tìm thấy trang tính “{cells[3]}” của biểu mẫu; tệp có các trang tính: " + "; ".join(others) + "."]
    )


def _values_elsewhere(ws) -> str:
    """A problem when a sheet other than the form's holds anything: figures are read from the form's sheet only."""
    if not hasattr(ws, "iter_rows"):  # a chart sheet holds no figures
        return ""
    for number, values in enumerate(ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True), start=1):
        for index, value in enumerate(values):
            if value is not None and str(value).strip():
                address = f"{get_column_letter(index + 1)}{number}"
                return (
                    f"Trang tính “{ws.title}” không thuộc biểu mẫu nhưng có dữ liệu (ô {address}); số liệu chỉ được "
                    "đọc từ trang tính của biểu mẫu: hãy chuyển số liệu vào đó và xóa trang tính này."
                )
    return ""


def _read_sheet(ws, layout: FormLayout, problems: list[str]) -> Reading:
    rows = ws.iter_rows(min_row=HEADER_ROW, max_col=FIRST_VALUE_COLUMN + MAX_COLUMNS)
    header = [_plain(cell) for cell in next(rows, ())]
    problems += _header_problems(header, layout)
    reading = Reading()
    expected = {row.key: row for row in layout.rows}
    seen: list[str] = []
    for number, cells in enumerate(rows, start=HEADER_ROW + 1):
        if number - HEADER_ROW > MAX_ROWS:
            raise WrongWorkbook([f"Bảng tính có quá nhiều dòng (tối đa {MAX_ROWS})."])
        cells = list(cells)
        key = _plain(cells[0]) if cells else ""
        if not key:
            if any(_plain(cell) for cell in cells[FIRST_VALUE_COLUMN - 1 :]):
                problems.append(f"Dòng {number}: có số liệu nhưng không có mã dòng (dòng được thêm vào biểu mẫu).")
            continue
        if key not in expected:
            problems.append(f"Dòng {number}: mã dòng “{key[:20]}” không có trong biểu mẫu.")
            continue
        seen.append(key)
        _read_row(reading, problems, number, cells, expected[key], layout)
    if seen != [row.key for row in layout.rows if row.key in seen] or len(set(seen)) != len(seen):
        problems.append("Thứ tự các dòng đã bị thay đổi hoặc có dòng bị lặp; hãy dùng biểu mẫu đã tải về.")
    missing = [row.label for row in layout.rows if row.key not in seen]
    if missing:
        problems.append(f"Thiếu {len(missing)} dòng của biểu mẫu (ví dụ “{missing[0][:60]}”).")
    if problems:
        raise WrongWorkbook(problems)
    return reading


def _header_problems(header: list[str], layout: FormLayout) -> list[str]:
    problems = []
    found = {title: index for index, title in enumerate(header) if title}
    for offset, column in enumerate(layout.columns):
        index = FIRST_VALUE_COLUMN - 1 + offset
        actual = header[index] if index < len(header) else ""
        if actual == column.label:
            continue
        letter = get_column_letter(index + 1)
        if column.label in found:
            moved = get_column_letter(found[column.label] + 1)
            problems.append(f"Cột “{column.label}” đã bị chuyển từ cột {letter} sang cột {moved}.")
        else:
            problems.append(f"Cột {letter}: tiêu đề phải là “{column.label}”, tệp ghi “{actual[:40]}”.")
    extra = len([title for title in header[FIRST_VALUE_COLUMN - 1 + len(layout.columns) :] if title])
    if extra:
        problems.append(f"Có {extra} cột được thêm vào sau các cột của biểu mẫu.")
    return problems


def _read_row(reading: Reading, problems: list[str], number: int, cells, row, layout: FormLayout) -> None:
    for offset, column in enumerate(layout.columns):
        index = FIRST_VALUE_COLUMN - 1 + offset
        cell = cells[index] if index < len(cells) else None
        address = f"{get_column_letter(index + 1)}{number}"
        if cell is not None and getattr(cell, "data_type", None) == "f":
            problems.append(f"Ô {address}: có công thức; chỉ nhận giá trị (hãy dán giá trị thay cho công thức).")
            continue
        value = getattr(cell, "value", None)
        key = (row.key, column.key)
        if value is None or value == "":
            continue
        reading.raw[key] = value
        try:
            reading.values[key] = parse(column, value)
        except ValueError_ as error:
            message = f"Ô {address} — {cell_message(row, column, str(error))}"
            reading.errors[key] = str(error)
            reading.messages.append(message)


def _plain(cell) -> str:
    value = getattr(cell, "value", cell)
    return "" if value is None else str(value).strip()
