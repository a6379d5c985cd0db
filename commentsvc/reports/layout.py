"""A form's layout (pure): indicator rows × typed value columns, and how one typed value is parsed.

Types: integer (số nguyên), decimal (số thập phân), percent (0–100), date (ngày), yes/no (có/không), a choice list,
text. :func:`parse` turns what an agency typed — online or in its Excel file — into a canonical value, or a
Vietnamese message saying what is expected; the caller names the row and column.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


class ColumnType(enum.StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    DATE = "date"
    YES_NO = "yes_no"
    CHOICE = "choice"
    TEXT = "text"

    @property
    def label(self) -> str:
        return TYPE_LABELS[self]

    @property
    def is_numeric(self) -> bool:
        return self in (ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.PERCENT)


TYPE_LABELS = {
    ColumnType.INTEGER: "Số nguyên",
    ColumnType.DECIMAL: "Số thập phân",
    ColumnType.PERCENT: "Tỷ lệ % (0–100)",
    ColumnType.DATE: "Ngày (dd/mm/yyyy)",
    ColumnType.YES_NO: "Có/Không",
    ColumnType.CHOICE: "Chọn trong danh sách",
    ColumnType.TEXT: "Văn bản",
}
YES, NO = "có", "không"
TEXT_LIMIT = 4000
NUMBER_LIMIT = Decimal("1e15")

# The task list's own columns: every agency reports these per task it leads.
TASK_STATUSES = ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Quá hạn")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: ColumnType = ColumnType.TEXT
    choices: tuple[str, ...] = ()
    required: bool = False

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "type": self.type.value,
            "choices": list(self.choices),
            "required": self.required,
        }


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: str = ""  # a task's group (nhóm nhiệm vụ), or a heading above indicator rows
    due: str = ""  # a task's deadline as the table says it

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "group": self.group, "due": self.due}


@dataclass(frozen=True)
class FormLayout:
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {"columns": [c.as_dict() for c in self.columns], "rows": [r.as_dict() for r in self.rows]}

    @classmethod
    def from_dict(cls, data: dict) -> FormLayout:
        columns = tuple(
            Column(c["key"], c["label"], ColumnType(c["type"]), tuple(c.get("choices", ())), c.get("required", False))
            for c in data.get("columns", ())
        )
        rows = tuple(Row(r["key"], r["label"], r.get("group", ""), r.get("due", "")) for r in data.get("rows", ()))
        return cls(columns, rows)

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)

    def row(self, key: str) -> Row | None:
        return next((row for row in self.rows if row.key == key), None)


def task_columns() -> tuple[Column, ...]:
    return (
        Column("status", "Tình trạng", ColumnType.CHOICE, TASK_STATUSES, required=True),
        Column("result", "Kết quả, sản phẩm", ColumnType.TEXT),
        Column("difficulties", "Khó khăn, vướng mắc, đề xuất", ColumnType.TEXT),
    )


# --- parsing one value ------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([.,]\d{3})+$")  # 1.234.567 or 1,234,567
_VIETNAMESE_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
YES_WORDS = {"có", "co", "x", "yes", "true", "1", "đã", "rồi"}
NO_WORDS = {"không", "khong", "ko", "no", "false", "0", "chưa"}


class ValueError_(ValueError):  # noqa: N801 - a ValueError with a Vietnamese message for the agency
    pass


def parse(column: Column, raw) -> str:
    """The canonical value of ``raw`` for ``column`` ("" when empty), or :class:`ValueError_` saying what is wanted.

    ``raw`` is text typed online, or a cell value from an agency's workbook (int, float, datetime, bool, text).
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if column.required:
            raise ValueError_("bắt buộc nhập.")
        return ""
    parser = _PARSERS[column.type]
    return parser(column, raw.strip() if isinstance(raw, str) else raw)


def _number(raw, *, integer: bool) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError_("phải là số.")
    if isinstance(raw, int | float | Decimal):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueError_("phải là số.")
        number = Decimal(str(raw))
    else:
        text = raw.replace(" ", "").replace("\u00a0", "")
        if _GROUPED.match(text) and integer:
            text = re.sub(r"[.,]", "", text)
        elif _VIETNAMESE_DECIMAL.match(text):  # 1.234,5
            text = text.replace(".", "")
        elif not _NUMBER.match(text):
            raise ValueError_(f"“{raw[:40]}” không phải là số.")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as error:
            raise ValueError_(f"“{raw[:40]}” không phải là số.") from error
    if abs(number) >= NUMBER_LIMIT:
        raise ValueError_("số quá lớn.")
    return number


def _canonical(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _integer(column: Column, raw) -> str:
    number = _number(raw, integer=True)
    if number != number.to_integral_value():
        raise ValueError_("phải là số nguyên (không có phần thập phân).")
    if number < 0:
        raise ValueError_("không được là số âm.")
    return _canonical(number)


def _decimal(column: Column, raw) -> str:
    return _canonical(_number(raw, integer=False))


def _percent(column: Column, raw) -> str:
    if isinstance(raw, str) and raw.endswith("%"):
        raw = raw[:-1].strip()
    number = _number(raw, integer=False)
    if not 0 <= number <= 100:
        raise ValueError_("tỷ lệ phải từ 0 đến 100.")
    return _canonical(number)


def _date(column: Column, raw) -> str:
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw)
    match = _DATE.match(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        iso = _ISO_DATE.match(text)
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
    except ValueError as error:
        raise ValueError_(f"ngày “{text[:20]}” không có thật.") from error
    raise ValueError_(f"“{text[:40]}” không phải là ngày (nhập theo dạng dd/mm/yyyy).")


def _yes_no(column: Column, raw) -> str:
    if isinstance(raw, bool):
        return YES if raw else NO
    word = str(raw).strip().casefold()
    if word in YES_WORDS:
        return YES
    if word in NO_WORDS:
        return NO
    raise ValueError_(f"chỉ nhận “Có” hoặc “Không”, không nhận “{str(raw)[:40]}”.")


def _choice(column: Column, raw) -> str:
    text = str(raw).strip()
    for choice in column.choices:
        if choice.casefold() == text.casefold():
            return choice
    raise ValueError_(f"“{text[:40]}” không có trong danh sách: " + "; ".join(column.choices) + ".")


def _text(column: Column, raw) -> str:
    text = raw.isoformat() if isinstance(raw, date | datetime) else str(raw)
    if len(text) > TEXT_LIMIT:
        raise ValueError_(f"dài quá {TEXT_LIMIT} ký tự.")
    return text


_PARSERS = {
    ColumnType.INTEGER: _integer,
    ColumnType.DECIMAL: _decimal,
    ColumnType.PERCENT: _percent,
    ColumnType.DATE: _date,
    ColumnType.YES_NO: _yes_no,
    ColumnType.CHOICE: _choice,
    ColumnType.TEXT: _text,
}


def cell_message(row: Row, column: Column, problem: str) -> str:
    """ "Dòng “Số thủ tục hành chính”, cột “Tỷ lệ (%)”: tỷ lệ phải từ 0 đến 100." """
    return f"Dòng “{row.label[:80]}”, cột “{column.label}”: {problem}"


def display(column: Column, value: str) -> str:
    """A canonical value as a Vietnamese reader expects it: 1.234,5 for numbers, dd/mm/yyyy for dates, Có/Không."""
    if not value:
        return ""
    if column.type.is_numeric:
        return format_number(Decimal(value))
    if column.type is ColumnType.DATE:
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if column.type is ColumnType.YES_NO:
        return value.capitalize()
    return value


def format_number(number: Decimal | float | int, places: int | None = None) -> str:
    number = Decimal(str(number))
    if places is not None:
        number = round(number, places)
    whole, _, fraction = format(number.normalize() if places is None else number, "f").partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = ".".join(reversed([digits[max(i - 3, 0) : i] for i in range(len(digits), 0, -3)]))
    return sign + grouped + ("," + fraction if fraction and fraction.strip("0") else "")


def typed_value(column: Column, value: str):
    """A canonical value as Python: Decimal/int for numbers, date for dates, text otherwise (for XLSX cells)."""
    if not value:
        return None
    if column.type is ColumnType.INTEGER:
        return int(value)
    if column.type.is_numeric:
        return float(value)
    if column.type is ColumnType.DATE:
        return date.fromisoformat(value)
    return display(column, value)
