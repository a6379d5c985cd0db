"""``flask --app wsgi users create …``."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from commentsvc.accounts import operations
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
@click.password_option(help="Asked for when not given.")
def create_command(username, full_name, role, email, agency_code, unit_code, can_submit, password) -> None:
    """Create an account."""
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
        )
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.username}.")


commands = [users_group]
