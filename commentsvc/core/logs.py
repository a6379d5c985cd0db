"""Logs: one line per event, without terminal colour codes, whoever writes them (the app, Werkzeug, SQLAlchemy).

journald, a log file or grep then see one event per line: a traceback is folded onto its event's line (" ⏎ " between
its lines), and the ANSI colours Werkzeug's development server puts around status codes are removed.
"""

from __future__ import annotations

import logging
import re

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return LINE_BREAK.sub(" ⏎ ", ANSI.sub("", super().format(record)).strip())


def init_app(_app) -> None:
    """Log to stderr in one-line form unless the host (pytest, gunicorn's --log-config) set the root logger up."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(OneLineFormatter(FORMAT))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
