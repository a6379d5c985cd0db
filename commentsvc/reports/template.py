"""Reading a form's layout from the team's Excel template, and a task table (pure: no Flask).

A template is one sheet: title lines, a header row, then one line per indicator. The header row is the first row
(among the first 30) with the most text cells; a line right under it that only numbers the columns ("(1)", "2") is
skipped. The label column is the one with the most text below the header; the input columns are those to its
right with a header. Each input column's type is read, in this order, from Excel's own data validation on its cells,
their number format, a sample value, and finally its header's words ("Tỷ lệ (%)", "Ngày", "Có/Không", "Số …").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from commentsvc.core.errors import UserError
from commentsvc.core.workbook_upload import open_workbook
from commentsvc.reports.layout import Column, ColumnType, FormLayout, Row

MAX_TEMPLATE_ROWS = 2000
MAX_TEMPLATE_COLUMNS = 40
MAX_TASKS = 2000
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_STT = re.compile(r"^(stt|tt|số tt|số thứ tự)$", re.I)


def _text(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def _key(label: str, used: set[str], prefix: str) -> str:
    base = prefix + str(len(used) + 1)
    used.add(base)
    return base


def read_template(data: bytes) -> FormLayout:
    """The layout of a template workbook, or :class:`UserError` saying what was not found."""
    workbook = open_workbook(data, read_only=False)
    try:
        ws = next((sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"), None)
        if ws is None:
            raise UserError("Bảng tính không có trang tính nào.")
        if ws.max_row > MAX_TEMPLATE_ROWS or ws.max_column > MAX_TEMPLATE_COLUMNS:
            raise UserError(f"Biểu mẫu quá lớn (tối đa {MAX_TEMPLATE_ROWS} dòng, {MAX_TEMPLATE_COLUMNS} cột).")
        return _layout(ws)
    finally:
        workbook.close()


def _grid(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)]


def _layout(ws) -> FormLayout:
    grid = _grid(ws)
    header_index = _header_row(grid)
    header = [_text(cell.value) for cell in grid[header_index]]
    start = header_index + 1
    if start < len(grid) and _is_numbering(grid[start]):
        start += 1
    body = grid[start:]
    label_column = _label_column(header, body)
    inputs = [index for index in range(label_column + 1, len(header)) if header[index]]
    if not inputs:
        raise UserError("Không tìm thấy cột nhập số liệu nào bên phải cột tên chỉ tiêu.")
    validations = _validations(ws)
    columns = tuple(
        _column(f"c{n}", header[index], [row[index] for row in body if index < len(row)], validations)
        for n, index in enumerate(inputs, start=1)
    )
    rows, used = [], set()
    for row in body:
        label = _text(row[label_column].value) if label_column < len(row) else ""
        if label:
            rows.append(Row(_key(label, used, "r"), label[:500]))
    if not rows:
        raise UserError("Không tìm thấy dòng chỉ tiêu nào dưới dòng tiêu đề.")
    return FormLayout(columns, tuple(rows))


def _header_row(grid: list[list]) -> int:
    best, best_count = None, 1
    for index, row in enumerate(grid[:30]):
        texts = [cell.value for cell in row if isinstance(cell.value, str) and cell.value.strip()]
        if len(texts) > best_count:
            best, best_count = index, len(texts)
    if best is None:
        raise UserError("Không tìm thấy dòng tiêu đề cột (cần ít nhất hai cột có tiêu đề).")
    return best


def _is_numbering(row) -> bool:
    values = [_text(cell.value) for cell in row if _text(cell.value)]
    return bool(values) and all(_NUMBERING.match(value) for value in values)


def _label_column(header: list[str], body: list[list]) -> int:
    counts = []
    for index, title in enumerate(header):
        texts = sum(
            1 for row in body if index < len(row) and isinstance(row[index].value, str) and row[index].value.strip()
        )
        counts.append((texts, -index) if not _STT.match(title) else (0, -index))
    texts, negative_index = max(counts)
    if not texts:
        raise UserError("Không tìm thấy cột tên chỉ tiêu (cột có nội dung chữ dưới dòng tiêu đề).")
    return -negative_index


def _validations(ws) -> list[tuple[str, object]]:
    """(range text, validation) of the sheet's data validations."""
    found = []
    for validation in getattr(ws.data_validations, "dataValidation", []):
        for cell_range in validation.sqref.ranges:
            found.append((cell_range, validation))
    return found


def _validation_of(cells, validations):
    for cell in cells:
        for cell_range, validation in validations:
            if cell.coordinate in cell_range:
                return validation
    return None


def _column(key: str, label: str, cells, validations) -> Column:
    validation = _validation_of(cells, validations)
    percent = "%" in label or "tỷ lệ" in label.casefold()
    if validation is not None and validation.type == "list" and validation.formula1:
        choices = tuple(part.strip() for part in validation.formula1.strip('"').split(",") if part.strip())
        if {choice.casefold() for choice in choices} <= {"có", "không"}:
            return Column(key, label, ColumnType.YES_NO)
        if choices and not validation.formula1.startswith(("$", "=")) and '"' in validation.formula1:
            return Column(key, label, ColumnType.CHOICE, choices)
    if validation is not None and validation.type in ("whole", "decimal", "date"):
        kind = {"whole": ColumnType.INTEGER, "decimal": ColumnType.DECIMAL, "date": ColumnType.DATE}[validation.type]
        return Column(key, label, ColumnType.PERCENT if percent and kind is ColumnType.DECIMAL else kind)
    return Column(key, label, _type_from_cells(cells) or _type_from_words(label))


def _type_from_cells(cells) -> ColumnType | None:
    for cell in cells:
        number_format = (cell.number_format or "").lower()
        if "%" in number_format:
            return ColumnType.PERCENT
        if cell.is_date or isinstance(cell.value, date | datetime):
            return ColumnType.DATE
        if number_format not in ("general", "@") and number_format.replace("#", "").replace(",", "") == "0":
            return ColumnType.INTEGER
        if number_format not in ("general", "@") and "0.0" in number_format:
            return ColumnType.DECIMAL
        if isinstance(cell.value, bool):
            return ColumnType.YES_NO
        if isinstance(cell.value, int):
            return ColumnType.INTEGER
        if isinstance(cell.value, float):
            return ColumnType.DECIMAL
    return None


def _type_from_words(label: str) -> ColumnType:
    words = label.casefold()
    if "%" in words or "tỷ lệ" in words or "tỉ lệ" in words:
        return ColumnType.PERCENT
    if "có/không" in words or "(có, không)" in words or "có hay không" in words:
        return ColumnType.YES_NO
    if words.startswith(("ngày", "thời điểm")) or "(ngày" in words or "dd/mm" in words:
        return ColumnType.DATE
    if words.startswith(("số ", "số lượng", "tổng số")) or " số lượng" in words:
        return ColumnType.INTEGER
    if any(word in words for word in ("kinh phí", "giá trị", "triệu đồng", "tỷ đồng", "(đồng)")):
        return ColumnType.DECIMAL
    return ColumnType.TEXT


# --- task tables ------------------------------------------------------------------------------------------------

TASK_HEADERS = {
    "number": ("stt", "tt", "số tt", "số thứ tự", "mã nhiệm vụ"),
    "group": ("nhóm", "nhóm nhiệm vụ", "lĩnh vực", "nhóm, lĩnh vực"),
    "task": ("nhiệm vụ", "tên nhiệm vụ", "nội dung nhiệm vụ", "nhiệm vụ, giải pháp"),
    "lead": ("cơ quan chủ trì", "chủ trì", "đơn vị chủ trì", "cơ quan thực hiện"),
    "due": ("thời hạn", "thời gian hoàn thành", "tiến độ", "hạn hoàn thành"),
}


@dataclass(frozen=True)
class TaskIn:
    line: int
    number: str
    group: str
    title: str
    lead: str
    due: str


def read_task_table(data: bytes) -> list[TaskIn]:
    """The tasks of a table with the columns STT, Nhóm, Nhiệm vụ, Cơ quan chủ trì, Thời hạn (any order)."""
    workbook = open_workbook(data)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        positions, header_line = _task_header(rows)
        tasks = []
        for line, values in enumerate(rows, start=header_line + 1):
            picked = {name: _text(values[index]) if index < len(values) else "" for name, index in positions.items()}
            if not picked["task"]:
                continue
            if len(tasks) >= MAX_TASKS:
                raise UserError(f"Bảng nhiệm vụ có quá nhiều dòng (tối đa {MAX_TASKS}).")
            number = picked.get("number") or str(len(tasks) + 1)
            tasks.append(
                TaskIn(
                    line,
                    number[:16],
                    picked.get("group", ""),
                    picked["task"],
                    picked["lead"],
                    picked.get("due", "")[:64],
                )
            )
    finally:
        workbook.close()
    if not tasks:
        raise UserError("Bảng nhiệm vụ không có nhiệm vụ nào.")
    return tasks


def _task_header(rows) -> tuple[dict[str, int], int]:
    for line, values in enumerate(rows, start=1):
        titles = [_text(value).casefold() for value in values]
        positions = {
            name: titles.index(title) for name, known in TASK_HEADERS.items() for title in titles if title in known
        }
        if "task" in positions and "lead" in positions:
            return positions, line
        if line > 30:
            break
    raise UserError("Không tìm thấy dòng tiêu đề có các cột “Nhiệm vụ” và “Cơ quan chủ trì”.")
