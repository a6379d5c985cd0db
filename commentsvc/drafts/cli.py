"""Command-line commands of this concept (see commentsvc/cli.py).

``flask --app wsgi drafts outline FILE [--json]`` shows how a draft would be split. It reads the file only and
never opens the database, so it works on a machine without one.

With ``--json`` the standard output is the JSON array of units (the contract scripts rely on) and the standard
error is one JSON object ``{"summary": …}``: the characters in units, letterhead, signature, recipients, table
of contents, page headers and footers, Word comments…, the share of the content in units, the text that went
nowhere and the Word comments with their authors (see :mod:`commentsvc.drafts.accounting`), and the numbering
warnings (:mod:`commentsvc.drafts.numbering_checks`).
Without it, the same summary follows the outline in Vietnamese.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from commentsvc.drafts.accounting import CATEGORIES, Tally, thousands
from commentsvc.drafts.model import Unit
from commentsvc.drafts.splitting import SplitError, split_path_document, units_to_json

drafts_cli = AppGroup("drafts", help="Dự thảo: xem cách tách văn bản thành các mục để góp ý.")


@drafts_cli.command("outline", with_appcontext=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In danh sách JSON theo thứ tự trong văn bản.")
def outline(file: Path, as_json: bool) -> None:
    """Split FILE (.docx, .md, .txt) and print its units with their citations."""
    try:
        split = split_path_document(file)
    except SplitError as error:
        click.echo(str(error), err=True)
        raise click.exceptions.Exit(1) from error
    if as_json:
        click.echo(json.dumps(units_to_json(split.units), ensure_ascii=False, indent=2))
        click.echo(json.dumps({"summary": split.summary()}, ensure_ascii=False), err=True)
    else:
        click.echo(readable_outline(split.units))
        click.echo(readable_summary(split.tally))
        for warning in split.warnings:
            click.echo(f"Cảnh báo: {warning.message}")


def readable_outline(units: list[Unit]) -> str:
    """Each unit's citation indented by its depth, its paragraphs below it, then the number of units."""
    lines = []
    for unit in units:
        indent = "  " * unit.depth
        lines.append(f"{indent}{unit.ref or '(không có trích dẫn)'}")
        lines.extend(f"{indent}    {paragraph}" for paragraph in unit.paragraphs)
    lines.append(f"Tổng cộng: {len(units)} mục.")
    return "\n".join(lines)


def readable_summary(tally: Tally) -> str:
    """Characters per category, the share of the content in units, then every piece of text that went nowhere."""
    lines = [f"Số ký tự: {thousands(tally.total)}"]
    lines += [
        f"  {label}: {thousands(tally.characters[key])}" for key, label in CATEGORIES.items() if tally.characters[key]
    ]
    lines.append(f"Nội dung nằm trong các mục: {tally.share_in_units():.1%}")
    if tally.nowhere_pieces:
        lines.append(f"Có {tally.nowhere_pieces} đoạn không thuộc mục nào:")
        lines += [f"  » {text}" for text in tally.nowhere]
    if tally.comment_count:
        lines.append(f"{tally.comments_warning()}:")
        lines += [f"  » {comment['author']}: {comment['text']}" for comment in tally.comments]
    return "\n".join(lines)


commands = [drafts_cli]
