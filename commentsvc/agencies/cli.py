"""``flask --app wsgi agencies import FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from commentsvc.agencies import operations
from commentsvc.agencies.directory import parse_directory
from commentsvc.core.db import db
from commentsvc.core.errors import UserError

agencies_group = AppGroup("agencies", help="Danh mục cơ quan.")


@agencies_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import or update the agency directory from a CSV file."""
    try:
        result = operations.import_directory(parse_directory(file.read_bytes()))
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(
        f"Thêm {len(result.created)}, cập nhật {len(result.updated)}, "
        f"ngừng hoạt động {len(result.deactivated)}, không đổi {result.unchanged}."
    )


commands = [agencies_group]
