"""``flask --app wsgi users create …``, ``units create …`` and ``units list``."""

from __future__ import annotations

import sys

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from commentsvc.accounts import operations, unit_fields, units
from commentsvc.accounts.models import DraftingUnit, Role
from commentsvc.agencies.models import Agency
from commentsvc.core.db import db
from commentsvc.core.errors import UserError

users_group = AppGroup("users", help="Tài khoản người dùng.")


@users_group.command("create")
@click.argument("username")
@click.option("--full-name", required=True)
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--email", default="")
@click.option("--agency", "agency_code", help="Agency code, for role agency.")
@click.option("--unit", "unit_code", help="Drafting unit code, for role drafter.")
@click.option("--can-submit", is_flag=True, help="May submit the agency's official reply.")
@click.option("--can-publish", is_flag=True, help="Head of the drafting unit: may publish the synthesis.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (scripts); otherwise it is asked for, twice.",
)
def create_command(  # noqa: PLR0913 - one argument per option
    username, full_name, role, email, agency_code, unit_code, can_submit, can_publish, password_stdin
) -> None:
    """Create an account. The password is never an argument: it would stay in the shell's history and in `ps`."""
    password = _read_password(password_stdin)
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == agency_code)) if agency_code else None
    unit = db.session.scalar(sa.select(DraftingUnit).where(DraftingUnit.code == unit_code)) if unit_code else None
    if agency_code and agency is None:
        raise click.ClickException(f"Không có cơ quan mã {agency_code}.")
    if unit_code and unit is None:
        raise click.ClickException(f"Không có đơn vị soạn thảo mã {unit_code}.")
    try:
        user = operations.create_user(
            username=username,
            full_name=full_name,
            password=password,
            role=Role(role),
            email=email,
            agency=agency,
            drafting_unit=unit,
            can_submit=can_submit,
            can_publish=can_publish,
        )
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.username}.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("Không đọc được mật khẩu ở dòng đầu của đầu vào chuẩn (--password-stdin).")
        return password
    try:
        return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")
    except click.Abort:
        raise click.ClickException(
            "Không có mật khẩu: nhập khi được hỏi, hoặc đưa qua đầu vào chuẩn với --password-stdin."
        ) from None


units_group = AppGroup("units", help="Đơn vị soạn thảo.")


@units_group.command("create")
@click.argument("code")
@click.option("--name", required=True, help="e.g. “Cục Chuyển đổi số quốc gia”.")
@click.option("--parent-code", required=True, help="e.g. BKHCN.")
@click.option("--parent-name", required=True, help="e.g. “Bộ Khoa học và Công nghệ”.")
@click.option("--place", default=unit_fields.DEFAULT_PLACE, show_default=True)
@click.option(
    "--signer-title",
    default="",
    help=r"Lines separated by a line break or by \n, e.g. 'KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG'.",
)
@click.option("--signer-name", default="")
def create_unit_command(code, name, parent_code, parent_name, place, signer_title, signer_name) -> None:
    """Create a drafting unit (đơn vị soạn thảo); drafters are then created with ``users create --unit CODE``."""
    try:
        fields = unit_fields.clean(
            code=code,
            name=name,
            parent_code=parent_code,
            parent_name=parent_name,
            place=place,
            # A line break is awkward to type in a shell argument, so a literal "\n" stands for one.
            signer_title=signer_title.replace("\\n", "\n"),
            signer_name=signer_name,
        )
        unit = units.save_unit(DraftingUnit(), fields)
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    except sa.exc.IntegrityError as error:  # the code was taken in between
        db.session.rollback()
        raise click.ClickException(units.duplicate_message(fields.code)) from error
    click.echo(f"Đã tạo đơn vị soạn thảo {unit.code}: {unit.name} ({unit.parent_name}).")


@units_group.command("list")
def list_units_command() -> None:
    """List drafting units with their number of accounts."""
    rows = units.units_with_member_counts()
    if not rows:
        click.echo("Chưa có đơn vị soạn thảo nào.")
    for unit, members in rows:
        status = "" if unit.is_active else " [ngừng hoạt động]"
        click.echo(f"{unit.code}\t{unit.name}\t{unit.parent_code}\t{members} tài khoản{status}")


commands = [users_group, units_group]
