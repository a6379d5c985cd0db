"""Command-line entry points: ``flask --app wsgi <command>``. Every command honours DATABASE_URL."""

from __future__ import annotations

import importlib
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

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
)


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(demo)
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


def _ensure_sqlite_folder() -> None:
    from flask import current_app

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
