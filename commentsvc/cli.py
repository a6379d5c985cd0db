"""Command-line entry points: ``flask --app wsgi <command>``. Every command honours DATABASE_URL."""

from __future__ import annotations

import importlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from commentsvc.config import ROOT
from commentsvc.core.db import db
from commentsvc.core.errors import UserError

DEFAULT_DIRECTORY = ROOT / "data" / "agencies.csv"

# Concepts that bring their own command groups (each module exposes ``commands: list[click.Command]``).
CLI_MODULES = (
    "commentsvc.agencies.cli",
    "commentsvc.accounts.cli",
    "commentsvc.drafts.cli",
    "commentsvc.consultations.cli",
    "commentsvc.synthesis.cli",
    "commentsvc.responses.cli",
    "commentsvc.reports.cli",
)


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(demo)
    app.cli.add_command(backup)
    for module_name in CLI_MODULES:
        for command in importlib.import_module(module_name).commands:
            app.cli.add_command(command)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the schema through the Alembic migrations."""
    _ensure_sqlite_folder()
    upgrade()
    click.echo("Cơ sở dữ liệu đã được cập nhật.")


@click.command("demo")
def demo() -> None:
    """Fill the database with demo data (idempotent: a second run keeps what is there)."""
    from flask import current_app

    from commentsvc import demo as demo_data

    if current_app.config.get("ENV_NAME") == "production":
        # Six accounts with the password printed in the README, the administrator's among them.
        raise click.ClickException(
            "Không nạp dữ liệu dùng thử khi COMMENTSVC_ENV=production (tài khoản mẫu có mật khẩu công khai)."
        )
    _ensure_sqlite_folder()
    upgrade()
    try:
        logins = demo_data.load()
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo("Tài khoản dùng thử (tên đăng nhập / mật khẩu):")
    for username, password, description in logins:
        click.echo(f"  {username:<16} {password:<18} {description}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup(path: str) -> None:
    """Write a consistent copy of the whole database to PATH while the service runs.

    SQLite: the online backup API (a database file; restore by copying it back with the service stopped).
    PostgreSQL: pg_dump's custom format (restore with pg_restore, see the README); needs postgresql-client.
    """
    from flask import current_app

    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        _sqlite_backup(url.database or "", path)
    elif url.get_backend_name() == "postgresql":
        _pg_dump(url, path)
    else:
        raise click.ClickException(f"Không sao lưu được cơ sở dữ liệu loại {url.get_backend_name()}.")
    click.echo(f"Đã sao lưu cơ sở dữ liệu vào {path}.")


def _sqlite_backup(database: str, path: str) -> None:
    source, target = sqlite3.connect(database), sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        source.close()
        target.close()


def _pg_dump(url, path: str) -> None:
    if shutil.which("pg_dump") is None:
        raise click.ClickException("Cần lệnh pg_dump để sao lưu PostgreSQL (apt-get install postgresql-client).")
    # The password travels in the environment, not on the command line where `ps` would show it.
    environment = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    libpq_url = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from the configuration
        ["pg_dump", "--format=custom", "--no-owner", "--file", path, "--dbname", libpq_url],  # noqa: S607
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise click.ClickException(f"pg_dump không thành công: {done.stderr.strip()}")


def _ensure_sqlite_folder() -> None:
    from flask import current_app

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
