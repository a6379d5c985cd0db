"""Command-line commands of this concept (see commentsvc/cli.py): exports for scheduled use."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from commentsvc.consultations.models import Consultation
from commentsvc.core.db import db
from commentsvc.synthesis.exports import FORMATS, export_synthesis, today

synthesis = AppGroup("synthesis", help="Bản tổng hợp ý kiến góp ý.")


@synthesis.command("export")
@click.argument("consultation_id", type=int)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True, help="Định dạng tệp.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option("--hide-uncommented", is_flag=True, help="Ẩn các điều khoản không có ý kiến góp ý.")
@click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Ngày ghi trên văn bản.")
@click.option(
    "--previous-round/--no-previous-round",
    "with_previous",
    default=None,
    help="Kèm (hoặc bỏ) phần tình hình tiếp thu, giải trình ý kiến lần trước; mặc định: kèm khi lần trước có ý kiến.",
)
def export(consultation_id: int, fmt: str, output: Path, hide_uncommented: bool, on, with_previous) -> None:
    """Write the synthesis of CONSULTATION_ID (the "Mã đợt" shown on the synthesis page) to OUTPUT."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise click.ClickException(f"Không tìm thấy đợt lấy ý kiến có mã {consultation_id}.")
    day: date = on.date() if on else today()
    exported = export_synthesis(
        consultation, fmt, on=day, hide_uncommented=hide_uncommented, with_previous=with_previous
    )
    db.session.commit()  # the clause mapping part II needed, if computed now, as the pages keep it
    output.write_bytes(exported.data)
    if exported.undecided:
        warning = f"Cảnh báo: còn {exported.undecided} mục có ý kiến chưa xử lý; tệp ghi “Chưa xử lý” ở các mục này."
        click.echo(warning, err=True)
    click.echo(f"Đã ghi {output} ({len(exported.data)} byte; tên đề xuất: {exported.filename}).")


commands = [synthesis]
