"""The administrator's pages for drafting units (đơn vị soạn thảo): list, create, edit, deactivate."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from commentsvc.accounts import unit_fields, units
from commentsvc.accounts.forms import DraftingUnitForm
from commentsvc.accounts.models import DraftingUnit
from commentsvc.core.access import admin_required
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict, UserError

bp = Blueprint("units", __name__, url_prefix="/admin/units")


@bp.route("/")
@admin_required
def index():
    return render_template("accounts/units.html", rows=units.units_with_member_counts())


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create():
    return _edit(DraftingUnit())


@bp.route("/<int:unit_id>", methods=["GET", "POST"])
@admin_required
def edit(unit_id: int):
    return _edit(db.session.get(DraftingUnit, unit_id) or abort(404))


def _edit(unit: DraftingUnit):
    form = DraftingUnitForm(obj=unit)
    is_new = unit.id is None
    if is_new and not form.is_submitted():
        form.place.data, form.is_active.data = unit_fields.DEFAULT_PLACE, True
    page = {"unit": unit, "is_new": is_new, "heading": unit.name or "Thêm đơn vị soạn thảo"}
    if not is_new:
        page["members"] = units.member_count(unit)
    if not form.is_submitted():
        return render_template("accounts/unit_form.html", form=form, **page)
    try:
        if not form.validate():
            raise UserError("Vui lòng sửa các ô được đánh dấu.")
        _save(unit, form)
    except Conflict as error:
        form.code.errors.append(error.message)
        return render_template("accounts/unit_form.html", form=form, **page), error.status
    except UserError as error:
        flash(error.message, "error")
        return render_template("accounts/unit_form.html", form=form, **page), error.status
    flash(f"Đã lưu đơn vị soạn thảo {unit.name} ({unit.code}).", "success")
    return redirect(url_for("units.index"))


def _save(unit: DraftingUnit, form: DraftingUnitForm) -> None:
    fields = unit_fields.clean(
        code=form.code.data,
        name=form.name.data,
        parent_code=form.parent_code.data,
        parent_name=form.parent_name.data,
        place=form.place.data,
        signer_title=form.signer_title.data,
        signer_name=form.signer_name.data,
    )
    try:
        units.save_unit(unit, fields, is_active=form.is_active.data, by=current_user)
        db.session.commit()
    except sa.exc.IntegrityError as error:  # another administrator took the code in between
        db.session.rollback()
        raise Conflict(units.duplicate_message(fields.code)) from error
