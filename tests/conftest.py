"""Fixtures shared by every test: an app on a fresh database (SQLite by default, PostgreSQL by one switch).

The switch: TEST_DATABASE_URL pointing at PostgreSQL runs the same tests there (DATABASE_URL is never read here).
SQLite: the schema is migrated once per worker into a template file, and each test gets its own copy.
PostgreSQL: each worker migrates its own schema once, and each test ends by truncating every table.
"""

from __future__ import annotations

import atexit
import contextvars
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from commentsvc import create_app
from commentsvc.config import normalise_database_url
from tests.factories import Factory

PASSWORD = "mat-khau-thu-nghiem-1"


def _configured_url() -> str | None:
    # TEST_DATABASE_URL only: the tests empty every table, so a DATABASE_URL exported for real data is never taken.
    url = os.environ.get("TEST_DATABASE_URL", "")
    return normalise_database_url(url) if url.startswith(("postgres://", "postgresql")) else None


PG_URL = _configured_url()


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


# Apps built from _base_config alone (not app_config) queue their jobs here, never under the repository's instance/.
SCRATCH = Path(tempfile.gettempdir()) / f"commentsvc-tests-{os.getpid()}"
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


def _base_config(url: str, engine_options: dict | None = None) -> dict:
    return {
        "QUEUE_URL": f"sqlite:///{SCRATCH / 'queue.sqlite3'}",
        "JOBS_DIR": str(SCRATCH / "jobs"),
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options or {},
        "SERVER_NAME": "localhost",
        "MAIL_SERVER": "",
    }


def _migrate(config: dict) -> None:
    from flask_migrate import upgrade

    app = create_app(config)
    with app.app_context():
        upgrade()
        from commentsvc.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def database(tmp_path_factory) -> dict:
    """Engine settings of this worker's migrated database (see the module docstring)."""
    if PG_URL:
        schema = f"test_{_worker()}"
        admin = sa.create_engine(PG_URL)
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
        _migrate(_base_config(PG_URL, options))
        return {"kind": "postgresql", "url": PG_URL, "options": options}
    template = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _migrate(_base_config(f"sqlite:///{template}"))
    return {"kind": "sqlite", "template": template}


@pytest.fixture
def app_config(database, tmp_path) -> dict:
    """The app's configuration for one test; tests may change it before asking for ``app``."""
    if database["kind"] == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(database["template"], path)
        config = _base_config(f"sqlite:///{path}")
    else:
        config = _base_config(database["url"], database["options"])
    config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    config["INSTANCE_TMP"] = str(tmp_path)
    # The job queue: a SQLite file of this test's own (tests/jobs_helpers.py runs its tasks), results beside it.
    config["QUEUE_URL"] = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    config["JOBS_DIR"] = str(tmp_path / "jobs")
    yield config
    if database["kind"] == "postgresql":
        # Here rather than in ``app``: some tests build apps of their own from this configuration.
        _truncate_all(database)


@pytest.fixture(params=["sqlite", "redis"])
def queue_storage(request, app_config):
    """Run the test on the queue's default SQLite storage, then on Redis (under a name of its own, flushed after;
    skipped where there is no Redis, never with CI=true)."""
    from tests.jobs_helpers import redis_config

    if request.param == "redis":
        app_config.update(redis_config())
    yield request.param
    if request.param == "redis":
        from commentsvc.jobs.queue import huey

        huey.storage.flush_all()


@pytest.fixture
def app(app_config, database):
    app = create_app(app_config)
    with app.app_context():
        yield app
        from commentsvc.extensions import db

        db.session.remove()
        db.engine.dispose()


def _truncate_all(database: dict) -> None:
    """Empty every table of this worker's PostgreSQL schema (the SQLite tests get a fresh file instead)."""
    from commentsvc import models  # noqa: F401 - every table registered
    from commentsvc.extensions import db

    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    engine = sa.create_engine(database["url"], **database["options"])
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def db(app):
    """The Flask-SQLAlchemy handle, inside the app context."""
    from commentsvc.extensions import db

    return db


class FormClient(FlaskClient):
    """A test client that fills in the CSRF token of the session, as a browser's form would.

    ``client.post(url, data=..., csrf=False)`` sends no token, to prove refusals.
    """

    def open(self, *args, **kwargs):
        # Each request runs outside the test's own app context, as in production: its own ``g``, its own
        # database session. Afterwards the test's session starts afresh and sees what the request committed.
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            from commentsvc.extensions import db

            db.session.commit()
        return response

    def post(self, *args, csrf: bool = True, **kwargs):
        data = kwargs.get("data")
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)

    def csrf_token(self) -> str:
        page = self.get("/account/password")
        if page.status_code != 200:
            page = self.get("/login")
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
        assert match, "no CSRF token on the page"
        return match.group(1)


@pytest.fixture
def client(app):
    app.test_client_class = FormClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factory(db) -> Factory:
    """Builds real rows: agencies, drafting units, users, drafts, consultations (see tests/factories.py)."""
    return Factory(db, PASSWORD)


@pytest.fixture
def login(client):
    """``login(user)`` signs ``client`` in through the real login form and returns the client."""

    def _login(user, password: str = PASSWORD, the_client=None):
        the_client = the_client or client
        response = the_client.post(
            "/login", data={"username": user.username, "password": password}, follow_redirects=False
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        return the_client

    return _login


def pytest_collection_modifyitems(config, items):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists() and os.environ.get("CI") != "true":
        skip = pytest.mark.skip(reason="Debian's chromium is not installed (.ci/run installs it)")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)
