"""Reading forms' layouts from the team's Excel template, and a task table (pure: no Flask).

A template holds one form per sheet: title lines, a header, then one line per indicator. Every visible sheet is
read (or only the one the team chose); a sheet without an input block (an instructions sheet, "Hướng dẫn") is
skipped and said so. The header is the row (among the first 30) with the most text cells, grown up and down by the
rows merged cells tie to it: a group header merged over sub-columns ("Số lượng dịch vụ công trực tuyến" over "Toàn
trình" | "Một phần"), a cell merged down over two or three rows ("STT", "Chỉ tiêu"). Each column's name joins the
texts above it, top to bottom: "Số lượng dịch vụ công trực tuyến – Toàn trình". A line right under the header that
only numbers the columns ("(1)", "2") is skipped. The label column is the one with the most text below the header;
the input columns are those to its right with a name. Each input column's type is read, in this order, from Excel's
own data validation on its cells, their number format, a sample value, and finally its name's words ("Tỷ lệ (%)",
"Ngày", "Có/Không", "Số …").
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
MAX_TEMPLATE_SHEETS = 20
MAX_HEADER_ROWS = 4
MAX_TASKS = 2000
NAME_JOINER = " – "
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")
_STT = re.compile(r"^(stt|tt|số tt|số thứ tự)$", re.I)
_FORM_CODE = re.compile(r"(?:biểu\s*mẫu|mẫu\s*số|biểu\s*số|\bbm)\s*(?:số\s*)?[:.]?\s*(\d{1,3}[a-z]?)\b", re.I)


def _text(value) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass(frozen=True)
class SheetForm:
    """A form read from one sheet: its number and title when the sheet says them ("" otherwise)."""

    sheet: str
    code: str
    title: str
    layout: FormLayout


@dataclass(frozen=True)
class TemplateReading:
    forms: tuple[SheetForm, ...]
    skipped: tuple[tuple[str, str], ...] = ()  # (sheet name, why it holds no form)

    @property
    def skipped_message(self) -> str:
        return " ".join(f"Trang tính “{name}” được bỏ qua: {why}" for name, why in self.skipped)


def read_template(data: bytes, sheet: str = "") -> TemplateReading:
    """The forms of a template workbook, one per visible sheet with an input block (only ``sheet`` when given),
    or :class:`UserError` saying what was not found."""
    workbook = open_workbook(data, read_only=False)
    try:
        sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        if not sheets:
            raise UserError("Bảng tính không có trang tính nào.")
        if sheet:
            chosen = [ws for ws in sheets if _text(ws.title).casefold() == _text(sheet).casefold()]
            if not chosen:
                names = "; ".join(f"“{ws.title}”" for ws in sheets)
                raise UserError(f"Bảng tính không có trang tính “{sheet[:60]}”; các trang tính: {names}.")
            return TemplateReading((_sheet_form(chosen[0]),))
        if len(sheets) > MAX_TEMPLATE_SHEETS:
            raise UserError(f"Bảng tính có quá nhiều trang tính (tối đa {MAX_TEMPLATE_SHEETS}).")
        forms, skipped = [], []
        for ws in sheets:
            try:
                forms.append(_sheet_form(ws))
            except _NoInputBlock as error:
                if len(sheets) == 1:
                    raise
                skipped.append((ws.title, str(error)))
        if not forms:
            raise UserError(
                "Không trang tính nào có bảng nhập số liệu: "
                + " ".join(f"Trang tính “{name}”: {why}" for name, why in skipped)
            )
        return TemplateReading(tuple(forms), tuple(skipped))
    finally:
        workbook.close()


class _NoInputBlock(UserError):
    """A sheet without a header, label column, input columns or indicator rows: an instructions sheet."""


def _sheet_form(ws) -> SheetForm:
    if ws.max_row > MAX_TEMPLATE_ROWS or ws.max_column > MAX_TEMPLATE_COLUMNS:
        raise UserError(
            f"Trang tính “{ws.title}” quá lớn (tối đa {MAX_TEMPLATE_ROWS} dòng, {MAX_TEMPLATE_COLUMNS} cột)."
        )
    grid = _grid(ws)
    top, bottom, names = _header(grid, _merged(ws))
    layout = _layout(ws, grid, bottom, names)
    title_lines = [
        _text(cell.value) for row in grid[:top] for cell in row if isinstance(cell.value, str) and _text(cell.value)
    ]
    return SheetForm(ws.title, _code(ws.title, title_lines), _title(title_lines), layout)


def _code(sheet_name: str, title_lines: list[str]) -> str:
    for text in (sheet_name, *title_lines):
        match = _FORM_CODE.search(text)
        if match:
            return match[1][:16]
    return ""


def _title(title_lines: list[str]) -> str:
    for line in title_lines:
        rest = _FORM_CODE.sub("", line, count=1).strip(" :.-–")
        if len(rest) > 3:
            return rest[:500]
    return ""


def named_forms(reading: TemplateReading, code: str, title: str) -> list[tuple[str, str, FormLayout]]:
    """(number, title, layout) of each form read. One form takes the number and title the team typed, else the
    sheet's own; several take each sheet's own, else the team's number followed by the sheet's rank and the team's
    title followed by the sheet's name."""
    code, title = _text(code)[:16], _text(title)
    if len(reading.forms) == 1:
        only = reading.forms[0]
        chosen = code or only.code
        if not chosen:
            raise UserError("Vui lòng nhập số biểu mẫu: trang tính không ghi số biểu mẫu (ví dụ “Biểu mẫu 01”).")
        return [(chosen, title or only.title or only.sheet, only.layout)]
    named = []
    for rank, form in enumerate(reading.forms, start=1):
        own_code = form.code or f"{code or 'BM'}.{rank}"
        own_title = form.title or (f"{title} – {form.sheet}" if title else form.sheet)
        named.append((own_code[:16], own_title[:500], form.layout))
    return named


def _grid(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column)]


@dataclass(frozen=True)
class _Merge:
    top: int  # 0-based row and column indexes, inclusive
    bottom: int
    left: int
    right: int


def _merged(ws) -> list[_Merge]:
    return [
        _Merge(r.min_row - 1, r.max_row - 1, r.min_col - 1, r.max_col - 1)
        for r in ws.merged_cells.ranges
        if r.min_row <= 30 + MAX_HEADER_ROWS
    ]


def _texts(row) -> list[int]:
    return [index for index, cell in enumerate(row) if isinstance(cell.value, str) and cell.value.strip()]


def _header(grid: list[list], merges: list[_Merge]) -> tuple[int, int, list[str]]:
    """(first row, last row, column names) of the header: the row with the most text cells, and the rows that
    merged cells tie to it (a cell merged down over them, a group header over the sub-column headers)."""
    best, best_count = None, 1
    for index, row in enumerate(grid[:30]):
        count = len(_texts(row))
        if count > best_count and not _is_numbering(row):
            best, best_count = index, count
    if best is None:
        raise _NoInputBlock("Không tìm thấy dòng tiêu đề cột (cần ít nhất hai cột có tiêu đề).")
    width = max((index for index in _texts(grid[best])), default=0) + 1
    top = bottom = best
    while bottom - top + 1 < MAX_HEADER_ROWS:
        if bottom + 1 < len(grid) and _joins(grid, merges, top, bottom, bottom + 1, width):
            bottom += 1
        elif top > 0 and _joins(grid, merges, top, bottom, top - 1, width):
            top -= 1
        else:
            break
    return top, bottom, _names(grid, merges, top, bottom)


def _joins(grid, merges: list[_Merge], top: int, bottom: int, line: int, width: int) -> bool:
    """Whether row ``line``, next to the header rows top..bottom, belongs to the header."""
    if _is_numbering(grid[line]) or not _texts(grid[line]):
        return False
    texts = set(_texts(grid[line]))
    if line > bottom:  # below: a cell of the header merged down into it, or sub-headers under a group header
        if any(m.top <= bottom < m.bottom and m.bottom >= line for m in merges):
            return True
        groups = [m for m in merges if top <= m.top <= bottom and m.bottom == bottom and m.right > m.left]
        return any(m.right - m.left + 1 < width and texts & set(range(m.left, m.right + 1)) for m in groups)
    # above: a cell merged down into the header, or a group header over the header's cells
    if any(m.top == line and m.bottom >= top for m in merges):
        return True
    groups = [m for m in merges if m.top == line == m.bottom and m.right > m.left]
    below = set(_texts(grid[top]))
    return any(m.right - m.left + 1 < width and len(below & set(range(m.left, m.right + 1))) >= 2 for m in groups)


def _names(grid, merges: list[_Merge], top: int, bottom: int) -> list[str]:
    """Each column's texts from the header's top row to its bottom row, a merged cell's text under all of it."""
    covering = {}
    for m in merges:
        for line in range(max(m.top, top), min(m.bottom, bottom) + 1):
            for column in range(m.left, m.right + 1):
                covering[(line, column)] = (m.top, m.left)
    names = []
    for column in range(len(grid[top])):
        parts: list[str] = []
        for line in range(top, bottom + 1):
            origin_line, origin_column = covering.get((line, column), (line, column))
            row = grid[origin_line]
            text = _text(row[origin_column].value) if origin_column < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(NAME_JOINER.join(parts))
    return names


def _layout(ws, grid: list[list], bottom: int, header: list[str]) -> FormLayout:
    start = bottom + 1
    if start < len(grid) and _is_numbering(grid[start]):
        start += 1
    body = grid[start:]
    label_column = _label_column(header, body)
    inputs = [index for index in range(label_column + 1, len(header)) if header[index]]
    if not inputs:
        raise _NoInputBlock("Không tìm thấy cột nhập số liệu nào bên phải cột tên chỉ tiêu.")
    validations = _validations(ws)
    columns = tuple(
        _column(f"c{n}", header[index][:200], [row[index] for row in body if index < len(row)], validations)
        for n, index in enumerate(inputs, start=1)
    )
    rows = []
    for row in body:
        label = _text(row[label_column].value) if label_column < len(row) else ""
        if label:
            rows.append(Row(f"r{len(rows) + 1}", label[:500]))
    if not rows:
        raise _NoInputBlock("Không tìm thấy dòng chỉ tiêu nào dưới dòng tiêu đề.")
    return FormLayout(columns, tuple(rows))


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
        raise _NoInputBlock("Không tìm thấy cột tên chỉ tiêu (cột có nội dung chữ dưới dòng tiêu đề).")
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
    return Column(key, label, _type_from_cells(cells) or _type_from_name(label))


def _type_from_name(label: str) -> ColumnType:
    """By the sub-column's own words first ("… – Số hồ sơ"), then by the whole name ("Số lượng … – Toàn trình")."""
    own = _type_from_words(label.rsplit(NAME_JOINER, 1)[-1])
    return own if own is not ColumnType.TEXT else _type_from_words(label)


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
