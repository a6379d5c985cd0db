"""Login, logout, password change, and the administrator's account pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm

from commentsvc.accounts import known_devices, operations, units
from commentsvc.accounts.forms import ChangePasswordForm, LoginForm, ResetPasswordForm, UserForm
from commentsvc.accounts.models import DraftingUnit, Role, User
from commentsvc.agencies.models import Agency
from commentsvc.core.access import admin_required
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.text import vietnamese_sort_key
from commentsvc.extensions import login_manager

bp = Blueprint("accounts", __name__)

login_manager.login_view = "accounts.login"
login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.is_active:
        return None  # password changed or account locked since this session began
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        device = known_devices.device_of(form.username.data)
        try:
            user = operations.authenticate(form.username.data, form.password.data, request.remote_addr or "", device)
        except UserError as error:
            db.session.commit()  # keep the failed attempt for throttling
            flash(error.message, "error")
            return render_template("accounts/login.html", form=form), error.status
        db.session.commit()
        session.clear()  # a fresh session at login: nothing from before survives
        login_user(user)
        response = redirect(_safe_next(request.args.get("next")))
        known_devices.remember(response, user.username)
        return response
    return render_template("accounts/login.html", form=form)


def _safe_next(target: str | None) -> str:
    """A path on this site, or home. Line breaks and other control characters (a header injection, and a 500 in the
    redirect) and backslashes (browsers read "/\\evil.example" as "//evil.example") make the target ignored."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not any(char < " " or char in "\\\x7f" for char in target)
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("core.home")


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # The session is a signed cookie: forgetting it here would leave any copy of it valid until the idle timeout.
        operations.end_sessions(current_user._get_current_object())
        db.session.commit()
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất khỏi mọi thiết bị.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        operations.change_own_password(current_user, form.current_password.data, form.new_password.data)
        db.session.commit()
        session.clear()
        login_user(current_user._get_current_object())  # the renewed session carries the new version
        flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.", "success")
        return redirect(url_for("core.home"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/admin/users")
@admin_required
def users():
    all_users = db.session.scalars(sa.select(User)).all()
    all_users.sort(key=lambda user: (user.role.value, vietnamese_sort_key(user.full_name)))
    return render_template("accounts/users.html", users=all_users, failures=operations.failure_counts())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def create_user():
    form = _user_form()
    if not form.is_submitted():  # "Thêm thành viên" on the units page comes with the unit chosen
        form.role.data = request.args.get("role", form.role.data)
        form.drafting_unit_id.data = request.args.get("drafting_unit_id", 0, type=int)
    if form.validate_on_submit():
        if not form.password.data:
            form.password.errors.append("Vui lòng nhập mật khẩu ban đầu.")
        else:
            user = operations.create_user(
                username=form.username.data,
                full_name=form.full_name.data,
                password=form.password.data,
                role=Role(form.role.data),
                email=form.email.data or "",
                can_submit=form.can_submit.data,
                can_publish=form.can_publish.data,
                drafting_unit=db.session.get(DraftingUnit, form.drafting_unit_id.data or 0),
                agency=db.session.get(Agency, form.agency_id.data or 0),
                by=current_user,
            )
            db.session.commit()
            flash(f"Đã tạo tài khoản {user.username}.", "success")
            return redirect(url_for("accounts.users"))
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = _user_form(obj=user)
    if request.method == "GET":
        form.is_active.data = user.is_active_account
        form.role.data = user.role.value
    form.username.data = user.username  # usernames do not change
    if form.validate_on_submit():
        operations.update_user(
            user,
            full_name=form.full_name.data,
            email=form.email.data or "",
            role=Role(form.role.data),
            drafting_unit=db.session.get(DraftingUnit, form.drafting_unit_id.data or 0),
            agency=db.session.get(Agency, form.agency_id.data or 0),
            can_submit=form.can_submit.data,
            can_publish=form.can_publish.data,
            is_active=form.is_active.data,
            by=current_user,
        )
        db.session.commit()
        flash("Đã lưu tài khoản.", "success")
        return redirect(url_for("accounts.users"))
    return render_template(
        "accounts/user_form.html",
        form=form,
        user=user,
        reset_form=ResetPasswordForm(),
        failures=operations.recent_failures(user),
        clear_form=FlaskForm(),
    )


@bp.route("/admin/users/<int:user_id>/login-failures", methods=["POST"])
@admin_required
def clear_login_failures(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    cleared = operations.clear_failures(user, by=current_user)
    db.session.commit()
    flash(
        f"Đã xóa {cleared} lần đăng nhập sai của {user.username}: các địa chỉ bị chặn có thể đăng nhập lại.", "success"
    )
    return redirect(url_for("accounts.edit_user", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@admin_required
def reset_password(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        raise UserError(" ".join(form.new_password.errors) or "Mật khẩu mới không hợp lệ.")
    operations.set_password(user, form.new_password.data, by=current_user)
    db.session.commit()
    flash(f"Đã đặt lại mật khẩu cho {user.username}.", "success")
    return redirect(url_for("accounts.edit_user", user_id=user.id))


def _user_form(obj=None) -> UserForm:
    form = UserForm(obj=obj)
    choices = units.selectable_units(current=getattr(obj, "drafting_unit", None))
    form.drafting_unit_id.choices = [(0, "—")] + [(unit.id, units.choice_label(unit)) for unit in choices]
    agencies = sorted(
        db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True))),
        key=lambda agency: agency.sort_key,
    )
    form.agency_id.choices = [(0, "—")] + [(agency.id, agency.name) for agency in agencies]
    return form
