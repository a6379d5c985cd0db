"""Database ids in URLs: `<int:…>` in every route matches only numbers a table's id column can hold.

A larger number (`/drafts/99999999999999999999`) would reach the database and fail there (SQLite cannot bind it,
PostgreSQL's integer ends at 2**31 - 1): with this converter the route simply does not match, a 404 for every route
without a word in any view. Numbers in form fields and query strings that are too large are answered by the error
pages (a 400, see errors_web.py).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map, ValidationError

MAX_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's would hold 2**63 - 1
MAX_DIGITS = len(str(MAX_ID))


class IdConverter(IntegerConverter):
    def __init__(self, url_map: Map, fixed_digits: int = 0, min=None, max=MAX_ID, signed: bool = False) -> None:
        super().__init__(url_map, fixed_digits, min, max, signed)

    def to_python(self, value: str):
        if len(value.lstrip("0")) > MAX_DIGITS:  # before int(): Python refuses to read numbers of 4,300+ digits
            raise ValidationError()
        return super().to_python(value)


def init_app(app: Flask) -> None:
    """Before the blueprints are registered: each rule takes its converters when it is added."""
    app.url_map.converters["int"] = IdConverter
