"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from flask import Flask

from commentsvc.core import clock


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local"] = clock.format_local
    app.jinja_env.filters["local_date"] = lambda moment: clock.format_local(moment, with_time=False)
    app.jinja_env.filters["vndate"] = lambda day: day.strftime("%d/%m/%Y") if day else ""
    app.jinja_env.filters["remaining"] = clock.format_duration_vi
    app.jinja_env.globals["now_utc"] = clock.now_utc
    app.jinja_env.globals["has_endpoint"] = _has_endpoint
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _has_endpoint(endpoint: str) -> bool:
    from flask import current_app

    return endpoint in current_app.view_functions
