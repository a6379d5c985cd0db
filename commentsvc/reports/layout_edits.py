"""Editing a form's layout one row or one column at a time (pure: a layout in, a new layout out).

Add, rename, change the type of (columns), move and remove a single indicator row or value column. An added row or
column takes the next number after the largest one in the layout, so its key never clashes with another's. Each
refusal says, in Vietnamese, what to fix; the caller checks that the request is still a draft (once it is sent,
agencies are filling the form and a change would lose their figures).
"""

from __future__ import annotations

import re
from dataclasses import replace

from commentsvc.core.errors import UserError
from commentsvc.reports.layout import Column, ColumnType, FormLayout, Row

MAX_ROWS = 2000
MAX_COLUMNS = 40
ROW_LABEL_LIMIT = 500
COLUMN_LABEL_LIMIT = 200
_NUMBERED = re.compile(r"^[a-z]+(\d+)$")


def _next_key(prefix: str, keys) -> str:
    numbers = [int(match[1]) for key in keys if (match := _NUMBERED.match(key))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _label(text: str, limit: int, what: str) -> str:
    label = " ".join((text or "").split())
    if not label:
        raise UserError(f"Vui lòng nhập tên {what}.", field="label")
    if len(label) > limit:
        raise UserError(f"Tên {what} dài quá {limit} ký tự.", field="label")
    return label


def _position(items: tuple, position: int | None) -> int:
    """A 1-based position typed by the team as an index into ``items`` (at the end when not given)."""
    if position is None:
        return len(items)
    if not 1 <= position <= len(items) + 1:
        raise UserError(f"Vị trí phải từ 1 đến {len(items) + 1}.", field="position")
    return position - 1


def _index(items: tuple, key: str, what: str) -> int:
    for index, item in enumerate(items):
        if item.key == key:
            return index
    raise UserError(f"Biểu mẫu không có {what} này (có thể đã bị xóa); hãy tải lại trang.", 404)


def _moved(items: tuple, index: int, position: int) -> tuple:
    if not 1 <= position <= len(items):
        raise UserError(f"Vị trí phải từ 1 đến {len(items)}.", field="position")
    listed = list(items)
    listed.insert(position - 1, listed.pop(index))
    return tuple(listed)


# --- rows -------------------------------------------------------------------------------------------------------


def add_row(layout: FormLayout, label: str, position: int | None = None) -> FormLayout:
    if len(layout.rows) >= MAX_ROWS:
        raise UserError(f"Biểu mẫu có tối đa {MAX_ROWS} dòng chỉ tiêu.")
    row = Row(_next_key("r", (r.key for r in layout.rows)), _label(label, ROW_LABEL_LIMIT, "dòng chỉ tiêu"))
    rows = list(layout.rows)
    rows.insert(_position(layout.rows, position), row)
    return replace(layout, rows=tuple(rows))


def rename_row(layout: FormLayout, key: str, label: str) -> FormLayout:
    index = _index(layout.rows, key, "dòng")
    rows = list(layout.rows)
    rows[index] = replace(rows[index], label=_label(label, ROW_LABEL_LIMIT, "dòng chỉ tiêu"))
    return replace(layout, rows=tuple(rows))


def move_row(layout: FormLayout, key: str, position: int) -> FormLayout:
    return replace(layout, rows=_moved(layout.rows, _index(layout.rows, key, "dòng"), position))


def remove_row(layout: FormLayout, key: str) -> FormLayout:
    index = _index(layout.rows, key, "dòng")
    if len(layout.rows) == 1:
        raise UserError("Biểu mẫu cần ít nhất một dòng chỉ tiêu: thêm dòng khác trước khi xóa dòng này.")
    return replace(layout, rows=layout.rows[:index] + layout.rows[index + 1 :])


# --- columns ----------------------------------------------------------------------------------------------------


def _column(key: str, label: str, kind: str, choices: str, others: tuple[Column, ...]) -> Column:
    label = _label(label, COLUMN_LABEL_LIMIT, "cột")
    if any(other.label.casefold() == label.casefold() for other in others if other.key != key):
        raise UserError(f"Biểu mẫu đã có cột “{label}”; hai cột không được trùng tên.", field="label")
    try:
        column_type = ColumnType(kind)
    except ValueError as error:
        raise UserError("Kiểu cột không rõ; hãy chọn một kiểu trong danh sách.", field="type") from error
    options = tuple(dict.fromkeys(" ".join(part.split()) for part in (choices or "").split(";") if part.strip()))
    if column_type is ColumnType.CHOICE and not options:
        raise UserError(
            f"Cột “{label}”: kiểu danh sách cần các lựa chọn, cách nhau bởi dấu chấm phẩy.", field="choices"
        )
    if any(len(option) > COLUMN_LABEL_LIMIT for option in options):
        raise UserError(f"Mỗi lựa chọn dài tối đa {COLUMN_LABEL_LIMIT} ký tự.", field="choices")
    return Column(key, label, column_type, options if column_type is ColumnType.CHOICE else ())


def add_column(layout: FormLayout, label: str, kind: str, choices: str = "", position: int | None = None) -> FormLayout:
    if len(layout.columns) >= MAX_COLUMNS:
        raise UserError(f"Biểu mẫu có tối đa {MAX_COLUMNS} cột số liệu.")
    column = _column(_next_key("c", (c.key for c in layout.columns)), label, kind, choices, layout.columns)
    columns = list(layout.columns)
    columns.insert(_position(layout.columns, position), column)
    return replace(layout, columns=tuple(columns))


def change_column(layout: FormLayout, key: str, label: str, kind: str, choices: str = "") -> FormLayout:
    """Rename a column and/or change its type (and a choice list's choices)."""
    index = _index(layout.columns, key, "cột")
    columns = list(layout.columns)
    changed = _column(key, label, kind, choices, layout.columns)
    columns[index] = replace(changed, required=columns[index].required)
    return replace(layout, columns=tuple(columns))


def move_column(layout: FormLayout, key: str, position: int) -> FormLayout:
    return replace(layout, columns=_moved(layout.columns, _index(layout.columns, key, "cột"), position))


def remove_column(layout: FormLayout, key: str) -> FormLayout:
    index = _index(layout.columns, key, "cột")
    if len(layout.columns) == 1:
        raise UserError("Biểu mẫu cần ít nhất một cột số liệu: thêm cột khác trước khi xóa cột này.")
    return replace(layout, columns=layout.columns[:index] + layout.columns[index + 1 :])
