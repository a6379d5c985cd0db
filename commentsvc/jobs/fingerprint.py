"""Cheap fingerprints of what an export is made from: the rows it reads (by SQL, without the ORM and without stored
files' bytes), the clock's verdicts at ``now``, the export's options and the code that makes the file.

An export of unchanged sources is found among the stored files at once (jobs.runner, JOBS_DIR/sources/): hashing
the rows costs a small part of what laying the file out does. Each export names its own queries
(synthesis/fingerprint.py, reports/fingerprint.py); a row read but irrelevant to the file only costs a render.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import sqlalchemy as sa

from commentsvc.core.db import db

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE.parent / "templates"


@cache
def code_version() -> str:
    """A hash of the application's code and templates: a new release never serves a file the old one made."""
    hasher = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*.py"), *TEMPLATES.rglob("*")]):
        if path.is_file():
            hasher.update(str(path.relative_to(PACKAGE.parent)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def columns(model) -> list[sa.Column]:
    """Every column of ``model``'s table but the stored files' bytes."""
    return [column for column in model.__table__.columns if not isinstance(column.type, sa.LargeBinary)]


def _update(hasher, label: str, rows: Iterable) -> None:
    hasher.update(label.encode())
    for row in rows:
        hasher.update(repr(tuple(row)).encode("utf-8"))
        hasher.update(b"\n")


def fingerprint(queries: Mapping[str, sa.Select], verdicts: Iterable, *extra: str) -> str:
    """The hash of the code version, ``extra`` (the export's options), the rows of every query (each ordered) and
    ``verdicts``: what the clock says at ``now`` about those rows (who is late, whether replies are still taken)."""
    hasher = hashlib.sha256()
    for text in (code_version(), *extra):
        hasher.update(text.encode("utf-8"))
        hasher.update(b"\0")
    db.session.flush()  # what this session changed counts too
    connection = db.session.connection()
    for label, query in queries.items():
        # The driver's own tuples: building a Row object for each of 170,000 report values costs more than the query.
        _update(hasher, label, connection.execute(query).cursor.fetchall())
    _update(hasher, "at now", [tuple(verdicts)])
    return hasher.hexdigest()
