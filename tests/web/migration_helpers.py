"""Run one migration's upgrade or downgrade against the test database (Alembic's operations, no command line)."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from alembic.migration import MigrationContext
from alembic.operations import Operations

from commentsvc.config import ROOT


def migration(filename: str) -> ModuleType:
    """The module of migrations/versions/``filename``."""
    path = ROOT / "migrations" / "versions" / filename
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_step(db, step, *, close_session: bool = True) -> None:
    """``step`` (a migration's upgrade or downgrade) in a transaction of its own; the test's session is closed
    first unless told not to (its objects are then refreshed by the test)."""
    if close_session:
        db.session.close()
    with db.engine.begin() as connection, Operations.context(MigrationContext.configure(connection)):
        step()
