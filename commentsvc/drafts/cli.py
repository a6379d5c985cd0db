"""Command-line commands of this concept (see commentsvc/cli.py).

``flask --app wsgi drafts outline FILE [--json]`` shows how a draft would be split. It reads the file only and
never opens the database, so it works on a machine without one.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from commentsvc.drafts.model import Unit
from commentsvc.drafts.splitting import SplitError, split_path, units_to_json

drafts_cli = AppGroup("drafts", help="Dự thảo: xem cách tách văn bản thành các mục để góp ý.")


@drafts_cli.command("outline", with_appcontext=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In danh sách JSON theo thứ tự trong văn bản.")
def outline(file: Path, as_json: bool) -> None:
    """Split FILE (.docx, .md, .txt) and print its units with their citations."""
    try:
        units = split_path(file)
    except SplitError as error:
        click.echo(str(error), err=True)
        raise click.exceptions.Exit(1) from error
    if as_json:
        click.echo(json.dumps(units_to_json(units), ensure_ascii=False, indent=2))
    else:
        click.echo(readable_outline(units))


def readable_outline(units: list[Unit]) -> str:
    """Each unit's citation indented by its depth, its paragraphs below it, then the number of units."""
    lines = []
    for unit in units:
        indent = "  " * unit.depth
        lines.append(f"{indent}{unit.ref or '(không có trích dẫn)'}")
        lines.extend(f"{indent}    {paragraph}" for paragraph in unit.paragraphs)
    lines.append(f"Tổng cộng: {len(units)} mục.")
    return "\n".join(lines)


commands = [drafts_cli]
