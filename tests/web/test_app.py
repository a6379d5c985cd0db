"""Application-wide behaviour: configuration, error pages, headers, CLI, migrations."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from commentsvc import create_app
from commentsvc.accounts.models import User
from commentsvc.config import ROOT, ConfigurationError
from commentsvc.consultations.demo import OPEN_TITLE
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core import logs
from commentsvc.core.logs import OneLineFormatter
from commentsvc.demo import DEMO_PASSWORD
from commentsvc.search import include_name


def test_production_refuses_the_development_secret_key():
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "dev-only-not-secret"})


def test_error_pages_are_vietnamese_without_traces(app_config, factory, login):
    app = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False, "TESTING": False})

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    client = app.test_client()
    page = client.get("/khong-ton-tai")
    assert page.status_code == 404
    assert "Không tìm thấy" in page.get_data(as_text=True)
    failing = client.get("/boom")
    assert failing.status_code == 500
    body = failing.get_data(as_text=True)
    assert "Lỗi hệ thống" in body and "secret internals" not in body and "Traceback" not in body


def test_oversized_body_gets_413(client, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"username": "x" * 5000, "password": "y"}, csrf=False)
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)


def test_security_headers_on_every_response(client):
    for response in (client.get("/login"), client.get("/khong-ton-tai")):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert "Strict-Transport-Security" in client.get("/login", base_url="https://localhost").headers


def test_migrated_schema_equals_the_models(db):
    with db.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": False, "include_name": include_name}),
            db.metadata,
        )
    assert differences == []


def test_users_create_command(runner, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "quantri2",
            "--full-name",
            "Quản trị",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="mat-khau-he-thong-1\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User).where(User.username == "quantri2")).is_admin


def test_demo_is_idempotent(runner, db):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "soanthao" in first.output and "demo-lay-y-kien-2026" in first.output
    users = db.session.scalar(sa.select(sa.func.count(User.id)))
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == users


def test_the_demo_has_an_open_consultation_for_every_agency_login(app, client, runner, db):
    assert runner.invoke(args=["demo"]).exit_code == 0
    open_one = db.session.scalar(sa.select(Consultation).where(Consultation.title == OPEN_TITLE))
    closed = db.session.scalar(sa.select(Consultation).where(Consultation.status == ConsultationStatus.CLOSED))
    assert open_one.status is ConsultationStatus.OPEN and closed is not None
    by_code = {recipient.agency.code: recipient for recipient in open_one.recipients}
    assert by_code["UBND-HNI"].extended_until > open_one.deadline_at
    assert by_code["BTC"].first_opened_at is None and by_code["BTC"].reply is None  # the silent one
    drafting = [code for code, recipient in by_code.items() if recipient.reply and recipient.reply.comments]
    assert sorted(drafting) == ["BTP", "UBND-HNI"]
    for username in ("btp.canbo", "btp.lanhdao", "btc.lanhdao", "hanoi.lanhdao"):
        browser = app.test_client()
        browser.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert OPEN_TITLE in browser.get("/agency/").get_data(as_text=True), username
    page = browser.get(f"/agency/consultations/{open_one.id}").get_data(as_text=True)
    assert "Sở Khoa học và Công nghệ làm đầu mối" in page  # Hà Nội's comment in progress


def _flask(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}", **env}
    environment.pop("SECRET_KEY", None) if "SECRET_KEY" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_demo_refuses_production(tmp_path):
    done = _flask(tmp_path, "demo", COMMENTSVC_ENV="production", SECRET_KEY="k" * 48)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0 and "COMMENTSVC_ENV=production" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "quantri" not in done.stdout
    assert (
        not (tmp_path / "prod.sqlite3").exists()
        or "users" not in sa.inspect(sa.create_engine(f"sqlite:///{tmp_path / 'prod.sqlite3'}")).get_table_names()
    )


@pytest.mark.slow
def test_a_missing_secret_key_in_production_is_one_clear_line(tmp_path):
    done = _flask(tmp_path, "init-db", COMMENTSVC_ENV="production")
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and "SECRET_KEY" in done.stderr, done.stderr


def test_logs_are_one_line_per_event_without_colours():
    formatter = OneLineFormatter(logs.FORMAT)
    try:
        raise ValueError("hỏng\nhai dòng")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "GET /a \x1b[31m500\x1b[0m", None, sys.exc_info())
    line = formatter.format(record)
    assert "\n" not in line and "\x1b" not in line
    assert "GET /a 500" in line and "ValueError: hỏng ⏎ hai dòng" in line and "Traceback" in line


def test_a_favicon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.data.startswith(b"\x00\x00\x01\x00")
    assert 'rel="icon"' in client.get("/login").get_data(as_text=True)


def test_migrations_down_to_the_first_and_up_again_keep_every_row(app, runner, db, database):
    """SQLite rebuilds a table to alter it (batch mode): with foreign keys enforced, dropping the old copy of a
    parent table (replies under comments) failed or took its children with it, on the way up from an old
    database as on the way down."""
    if database["kind"] != "sqlite":
        pytest.skip("SQLite's batch rebuild of tables; PostgreSQL alters tables in place")
    assert runner.invoke(args=["demo"]).exit_code == 0
    tables = ("comments", "replies", "dispositions", "recipients", "consultations", "clauses", "reminders")

    def counts() -> dict[str, int]:
        db.session.remove()
        with db.engine.connect() as connection:
            return {table: connection.scalar(sa.text(f"SELECT count(*) FROM {table}")) for table in tables}  # noqa: S608 - names from the tuple above

    before = counts()
    assert before["comments"] and before["replies"] and before["dispositions"]
    for step in (["db", "downgrade", "0002"], ["db", "upgrade"]):
        result = runner.invoke(args=step)
        assert result.exit_code == 0 and result.exception is None, result.output
    assert counts() == before
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
