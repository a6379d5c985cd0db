"""The agency directory: everyone logged in may read it; the administrator edits and re-imports it."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from commentsvc.agencies import operations
from commentsvc.agencies.directory import parse_directory
from commentsvc.agencies.forms import AgencyForm, DirectoryImportForm
from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.core.access import admin_required
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.text import nfc

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


@bp.route("/")
@login_required
def index():
    agencies = sorted(db.session.scalars(sa.select(Agency)), key=lambda agency: agency.sort_key)
    groups = [(group, [a for a in agencies if a.group is group]) for group in AgencyGroup]
    return render_template(
        "agencies/index.html",
        groups=groups,
        total=len(agencies),
        active_total=sum(agency.is_active for agency in agencies),
    )


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create():
    return _edit(Agency())


@bp.route("/<int:agency_id>", methods=["GET", "POST"])
@admin_required
def edit(agency_id: int):
    return _edit(db.session.get(Agency, agency_id) or abort(404))


def _edit(agency: Agency):
    form = AgencyForm(obj=agency)
    if agency.id is None and not form.is_submitted():
        form.is_active.data = True
    elif not form.is_submitted():
        form.group.data = agency.group.value
    if form.validate_on_submit():
        duplicate = db.session.scalar(sa.select(Agency).where(Agency.code == form.code.data, Agency.id != agency.id))
        if duplicate:
            form.code.errors.append("Mã cơ quan này đã được dùng.")
        else:
            name = nfc(form.name.data.strip())
            operations.save_agency(
                agency,
                code=form.code.data,
                name=name,
                short_name=nfc(form.short_name.data.strip()) or name,
                group=AgencyGroup(form.group.data),
                email=(form.email.data or "").strip(),
                is_active=form.is_active.data,
                user=current_user,
            )
            db.session.commit()
            flash(f"Đã lưu cơ quan {agency.name}.", "success")
            return redirect(url_for("agencies.index"))
    return render_template("agencies/form.html", form=form, agency=agency), 400 if form.errors else 200


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_directory():
    form = DirectoryImportForm()
    if form.validate_on_submit():
        try:
            records = parse_directory(form.file.data.read())
        except UserError as error:
            flash(error.message, "error")
            return render_template("agencies/import.html", form=form), 400
        result = operations.import_directory(records, user=current_user)
        db.session.commit()
        flash(
            f"Đã nhập danh mục: thêm {len(result.created)}, cập nhật {len(result.updated)}, "
            f"ngừng hoạt động {len(result.deactivated)}, không đổi {result.unchanged}.",
            "success",
        )
        return redirect(url_for("agencies.index"))
    return render_template("agencies/import.html", form=form)
