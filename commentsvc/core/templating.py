"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

from commentsvc.core import clock, deadlines
from commentsvc.core.text import thousands


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local"] = clock.format_local
    app.jinja_env.filters["local_date"] = lambda moment: clock.format_local(moment, with_time=False)
    app.jinja_env.filters["vndate"] = lambda day: day.strftime("%d/%m/%Y") if day else ""
    app.jinja_env.filters["remaining"] = clock.format_duration_vi
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["thousands"] = thousands
    app.jinja_env.filters["deadline"] = deadlines.deadline_phrase
    app.jinja_env.globals["now_utc"] = clock.now_utc
    app.jinja_env.globals["has_endpoint"] = _has_endpoint
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _has_endpoint(endpoint: str) -> bool:
    from flask import current_app

    return endpoint in current_app.view_functions


def paragraphs(value) -> Markup:
    """A text (or a list of lines) as one <p> per non-empty line: the pieces of a cell never run together, whatever
    whitespace the template keeps or the stylesheet collapses."""
    lines = value if isinstance(value, list | tuple) else [str(value or "")]
    parts = [part.strip("\r") for line in lines for part in str(line).split("\n") if part.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(escape(part)) for part in parts)
