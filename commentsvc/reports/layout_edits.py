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
ROW, COLUMN = "dòng chỉ tiêu", "cột số liệu"
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


def _inserted(items: tuple, item, position: int | None, limit: int, what: str) -> tuple:
    if len(items) >= limit:
        raise UserError(f"Biểu mẫu có tối đa {limit} {what}.")
    listed = list(items)
    listed.insert(_position(items, position), item)
    return tuple(listed)


def _replaced(items: tuple, index: int, item) -> tuple:
    return items[:index] + (item,) + items[index + 1 :]


def _removed(items: tuple, key: str, what: str) -> tuple:
    index = _index(items, key, what)
    if len(items) == 1:
        raise UserError(f"Biểu mẫu cần ít nhất một {what}: thêm {what} khác trước khi xóa {what} này.")
    return items[:index] + items[index + 1 :]


# --- rows -------------------------------------------------------------------------------------------------------


def add_row(layout: FormLayout, label: str, position: int | None = None) -> FormLayout:
    row = Row(_next_key("r", (r.key for r in layout.rows)), _label(label, ROW_LABEL_LIMIT, ROW))
    return replace(layout, rows=_inserted(layout.rows, row, position, MAX_ROWS, ROW))


def rename_row(layout: FormLayout, key: str, label: str) -> FormLayout:
    index = _index(layout.rows, key, ROW)
    renamed = replace(layout.rows[index], label=_label(label, ROW_LABEL_LIMIT, ROW))
    return replace(layout, rows=_replaced(layout.rows, index, renamed))


def move_row(layout: FormLayout, key: str, position: int) -> FormLayout:
    return replace(layout, rows=_moved(layout.rows, _index(layout.rows, key, ROW), position))


def remove_row(layout: FormLayout, key: str) -> FormLayout:
    return replace(layout, rows=_removed(layout.rows, key, ROW))


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
    column = _column(_next_key("c", (c.key for c in layout.columns)), label, kind, choices, layout.columns)
    return replace(layout, columns=_inserted(layout.columns, column, position, MAX_COLUMNS, COLUMN))


def change_column(layout: FormLayout, key: str, label: str, kind: str, choices: str = "") -> FormLayout:
    """Rename a column and/or change its type (and a choice list's choices)."""
    index = _index(layout.columns, key, COLUMN)
    changed = replace(_column(key, label, kind, choices, layout.columns), required=layout.columns[index].required)
    return replace(layout, columns=_replaced(layout.columns, index, changed))


def move_column(layout: FormLayout, key: str, position: int) -> FormLayout:
    return replace(layout, columns=_moved(layout.columns, _index(layout.columns, key, COLUMN), position))


def remove_column(layout: FormLayout, key: str) -> FormLayout:
    return replace(layout, columns=_removed(layout.columns, key, COLUMN))
