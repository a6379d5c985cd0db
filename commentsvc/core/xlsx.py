"""Text in Excel cells, for every workbook the service writes (openpyxl; pure: no Flask, no database).

The cells hold what people typed: comments, explanations, letter numbers, titles. openpyxl stores a string that
starts with "=" as a formula, so a comment "=HYPERLINK(…)" would become a live link in the team's file. Text is
therefore always written as a string cell, whatever it starts with; text that looks like a formula also gets Excel's
quote prefix, so that editing the cell in Excel does not turn it into one either.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell.cell import Cell

from commentsvc.core.text import xml_safe

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_CELL_LIMIT = 32767  # characters Excel keeps in one cell


def looks_like_formula(text: str) -> bool:
    return text.lstrip(" ").startswith(FORMULA_STARTS)


def set_text(cell, text: str) -> bool:
    """Store ``text`` in ``cell`` as a string, never a formula; returns whether it looks like one.

    The caller gives such a cell the quote prefix (:func:`write` does; a write-only sheet sets styles its own way).
    """
    cell._value = xml_safe(text)[:EXCEL_CELL_LIMIT]  # past openpyxl's value setter, which makes "=…" a formula
    cell.data_type = "s"
    return looks_like_formula(cell._value)


def write(cell, value) -> None:
    """Any value into ``cell``: text as :func:`set_text` with the quote prefix when risky; numbers, dates and None
    as openpyxl stores them."""
    if isinstance(value, str):
        if set_text(cell, value):
            cell.quotePrefix = True
    else:
        cell.value = value


def append(sheet, values: Iterable) -> None:
    """``sheet.append(values)``, every string written as text (see :func:`write`)."""
    cells = []
    for value in values:
        cell = Cell(sheet)
        write(cell, value)
        cells.append(cell)
    sheet.append(cells)
