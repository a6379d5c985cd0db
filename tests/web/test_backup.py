"""`flask --app wsgi backup`: a copy of the database that restores into a working one (on PostgreSQL in CI too)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from commentsvc import create_app
from commentsvc.config import ROOT
from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.responses.models import Comment, Reply
from tests.conftest import PG_URL

COUNTED = (Consultation, Recipient, Reply, Comment)


def _scene(factory, db) -> dict[str, int]:
    agencies = [factory.agency(), factory.agency()]
    consultation = factory.consultation(agencies=agencies)
    factory.reply(consultation, agencies[0], comments=[(None, "Đề nghị rà soát tổng thể dự thảo.")])
    db.session.commit()
    return {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in COUNTED}


def _head() -> str:
    return ScriptDirectory(str(ROOT / "migrations")).get_current_head()


def _counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            model.__tablename__: connection.scalar(sa.select(sa.func.count()).select_from(model.__table__))
            for model in COUNTED
        }


@pytest.mark.skipif(PG_URL is not None, reason="the SQLite backup (this run is on PostgreSQL)")
def test_a_sqlite_backup_is_a_working_database(app, app_config, factory, db, runner, tmp_path):
    counts = _scene(factory, db)
    target = tmp_path / "sao-luu.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    restored = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{target}"})
    with restored.app_context():
        from commentsvc.extensions import db as restored_db

        assert _counts(restored_db.engine) == counts
        assert restored_db.session.scalar(sa.text("SELECT version_num FROM alembic_version")) == _head()
        restored_db.engine.dispose()


@pytest.mark.skipif(PG_URL is None, reason="needs PostgreSQL (TEST_DATABASE_URL)")
@pytest.mark.skipif(shutil.which("pg_restore") is None, reason="pg_dump/pg_restore (postgresql-client) are missing")
def test_a_postgresql_backup_restores_into_a_new_database(app, factory, db, runner, tmp_path):
    counts = _scene(factory, db)
    dump = tmp_path / "sao-luu.dump"
    result = runner.invoke(args=["backup", str(dump)])
    assert result.exit_code == 0, result.output
    schema = app.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"].removeprefix("-csearch_path=")
    url = make_url(PG_URL)
    name = f"{url.database}_restore_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        target = url.set(database=name)
        libpq = target.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
        environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
        restore = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq, str(dump)],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert restore.returncode == 0, restore.stderr
        restored = sa.create_engine(target, connect_args={"options": f"-csearch_path={schema}"})
        assert _counts(restored) == counts
        with restored.connect() as connection:
            assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == _head()
        restored.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
