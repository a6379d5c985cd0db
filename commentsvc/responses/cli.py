"""Command-line commands of replies (see commentsvc/cli.py). Neither opens the database.

``flask --app wsgi replies read LETTER --draft DRAFT_FILE [--json]`` reads an official reply letter against a
draft file; ``flask --app wsgi replies verify FILE [--trust-roots PATH] [--json]`` checks a PDF's digital signature.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import click
from flask.cli import AppGroup

from commentsvc.config import ROOT
from commentsvc.core.clock import format_local
from commentsvc.drafts.splitting import SplitError, split_path
from commentsvc.responses.letter_errors import LetterError
from commentsvc.responses.letter_reader import LetterReading, read_letter
from commentsvc.responses.letter_refs import clauses_from_units
from commentsvc.responses.signatures import SignatureError, load_trust_roots, verify_letter_isolated

replies_cli = AppGroup("replies", help="Văn bản góp ý: đọc công văn trả lời, kiểm tra chữ ký số.")
DIRECTORY = ROOT / "data" / "agencies.csv"

_POSITIONS = {
    "agree": "Nhất trí hoàn toàn",
    "comments": "Có ý kiến góp ý",
    "disagree": "Không nhất trí",
    "unclear": "Chưa rõ (cần xác định)",
}


def directory_names(path: Path = DIRECTORY) -> list[str]:
    """Agency names of the directory file, to spell the letterhead's agency the directory's way."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as stream:
        return [row["name"] for row in csv.DictReader(stream) if row.get("name")]


@replies_cli.command("read", with_appcontext=False)
@click.argument("letter", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--draft", "draft", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In một đối tượng JSON.")
def read(letter: Path, draft: Path, as_json: bool) -> None:
    """Read LETTER (.docx or PDF) into per-clause comments of the draft in DRAFT_FILE."""
    try:
        clauses = clauses_from_units(split_path(draft))
        reading = read_letter(letter.read_bytes(), clauses, directory_names())
    except (SplitError, LetterError) as error:
        click.echo(str(error), err=True)
        raise click.exceptions.Exit(1) from error
    for citation in reading.unresolved:
        click.echo(f"Cảnh báo: dự thảo không có “{citation}”.", err=True)
    if as_json:
        click.echo(json.dumps(reading.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(readable_reading(reading))


def readable_reading(reading: LetterReading) -> str:
    letter = reading.letter
    lines = [
        f"Số: {letter.number or '—'}   Ngày: {letter.date.strftime('%d/%m/%Y') if letter.date else '—'}",
        f"Cơ quan: {letter.agency or '—'}",
        f"Người ký: {letter.signer or '—'} ({letter.signer_title or '—'})",
        f"Trả lời văn bản: {letter.answers or '—'}",
        f"Ý kiến: {_POSITIONS[reading.position]}",
    ]
    for number, item in enumerate(reading.items, 1):
        lines.append(f"{number}. [{'; '.join(item.refs)}] {item.text}")
        if item.proposed_wording:
            lines.append(f"   Đề xuất: {item.proposed_wording}")
    for comment in reading.general:
        lines.append(f"*. [Ý kiến chung] {comment.text}")
    return "\n".join(lines)


@replies_cli.command("verify", with_appcontext=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust-roots",
    "trust_roots",
    envvar="SIGNATURE_TRUST_ROOTS",
    type=click.Path(exists=True, path_type=Path),
    help="Chứng thư gốc tin cậy: tệp PEM hoặc thư mục các tệp PEM/DER.",
)
@click.option(
    "--check-revocation", is_flag=True, envvar="SIGNATURE_CHECK_REVOCATION", help="Kiểm tra thu hồi (cần mạng)."
)
@click.option("--json", "as_json", is_flag=True, help="In một đối tượng JSON.")
def verify(file: Path, trust_roots: Path | None, check_revocation: bool, as_json: bool) -> None:
    """Check the digital signature of FILE (a PDF)."""
    try:
        roots = load_trust_roots(trust_roots)
        verdict = verify_letter_isolated(file.read_bytes(), roots, check_revocation=check_revocation)
    except SignatureError as error:
        click.echo(str(error), err=True)
        raise click.exceptions.Exit(1) from error
    if as_json:
        click.echo(json.dumps(verdict.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(verdict.label)
    if verdict.signed:
        when = format_local(verdict.signed_at) if verdict.signed_at else "—"
        click.echo(f"Người ký: {verdict.signer or '—'}; cơ quan: {verdict.organisation or '—'}; thời điểm ký: {when}")


commands = [replies_cli]
