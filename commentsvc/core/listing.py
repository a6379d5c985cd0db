"""The query string of a list page (filters, sort, page), read strictly, and the page of rows it asks for.

Pure (no Flask, no database): the views hand in ``request.args`` as a plain mapping. A value naming nothing known is
refused with a Vietnamese message (400); an empty value means "no filter"; a page number that is not a page of the
list (0, "abc", 10**30, past the end) shows the first page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from commentsvc.core.errors import UserError

T = TypeVar("T")

MIN_YEAR, MAX_YEAR = 2000, 2100


def choice(args: Mapping[str, str], name: str, allowed: Mapping[str, T], what: str) -> T | None:
    """The value of ``allowed`` that ``args[name]`` names, None when it is absent or empty."""
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if raw not in allowed:
        raise UserError(f"{what} không hợp lệ: chọn một giá trị trong danh sách của bộ lọc.")
    return allowed[raw]


def year(args: Mapping[str, str], name: str = "year") -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4 and MIN_YEAR <= int(raw) <= MAX_YEAR):
        raise UserError(f"Năm không hợp lệ: nhập một năm có bốn chữ số, từ {MIN_YEAR} đến {MAX_YEAR}.")
    return int(raw)


def kept(**values) -> dict[str, str]:
    """The filters to carry into the pager's links and the sort links: only those that are set."""
    return {name: str(value) for name, value in values.items() if value not in (None, "")}


@dataclass(frozen=True)
class Page:
    """One page of a list, with the size of the whole."""

    number: int
    size: int
    total: int

    @classmethod
    def of(cls, raw: str | None, size: int, total: int) -> Page:
        pages = max(-(-total // size), 1)
        raw = (raw or "").strip()
        # Compared as text first: int() of a 4,300-digit string is refused by Python itself.
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= len(str(pages)) else 1
        return cls(number if 1 <= number <= pages else 1, size, total)

    @property
    def pages(self) -> int:
        return max(-(-self.total // self.size), 1)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def slice(self, rows: Sequence[T]) -> list[T]:
        return list(rows[self.offset : self.offset + self.size])

    @property
    def first_row(self) -> int:
        """The position (1-based) of the page's first row in the whole list, 0 for an empty list."""
        return self.offset + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.offset + self.size, self.total)
