"""Verbs on accounts. They change the database and write the audit entry; the view commits."""

from __future__ import annotations

import sqlalchemy as sa

from commentsvc.accounts import passwords, throttling
from commentsvc.accounts.models import LoginAttempt, Role, User
from commentsvc.accounts.passwords import hash_password, verify_password
from commentsvc.core import audit
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError

LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN_THROTTLED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."


def find_user(username: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.username == username.strip().lower()))


def authenticate(username: str, password: str, address: str) -> User:
    """The user for these credentials, or UserError with one message whatever was wrong."""
    username = username.strip().lower()[:64]
    if _is_throttled(username, address):
        raise UserError(LOGIN_THROTTLED, status=429)
    user = find_user(username)
    if not verify_password(user.password_hash if user else None, password) or not (user and user.is_active):
        db.session.add(LoginAttempt(username=username, address=address[:64]))
        raise UserError(LOGIN_FAILED, status=401)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.rehash(password)
    db.session.execute(
        sa.delete(LoginAttempt).where(LoginAttempt.username == username, LoginAttempt.address == address[:64])
    )
    return user


def _is_throttled(username: str, address: str) -> bool:
    since = now_utc() - throttling.WINDOW
    recent = sa.select(sa.func.count(LoginAttempt.id)).where(LoginAttempt.created_at >= since)
    return throttling.is_throttled(
        account_and_address=db.session.scalar(
            recent.where(LoginAttempt.username == username, LoginAttempt.address == address[:64])
        ),
        address=db.session.scalar(recent.where(LoginAttempt.address == address[:64])),
        account=db.session.scalar(recent.where(LoginAttempt.username == username)),
    )


def create_user(
    *,
    username: str,
    full_name: str,
    password: str,
    role: Role,
    email: str = "",
    drafting_unit=None,
    agency=None,
    can_submit: bool = False,
    by=None,
) -> User:
    username = username.strip().lower()
    if find_user(username):
        raise UserError(f"Tên đăng nhập “{username}” đã được dùng.")
    _check_home(role, drafting_unit, agency)
    _check_unit_open(role, drafting_unit, current=None)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        password_hash=hash_password(password),
        role=role,
        drafting_unit=drafting_unit if role is Role.DRAFTER else None,
        agency=agency if role is Role.AGENCY else None,
        can_submit=can_submit and role is Role.AGENCY,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.create", user, user=by, username=username, role=role.value)
    return user


def update_user(
    user: User,
    *,
    full_name: str,
    email: str,
    role: Role,
    drafting_unit,
    agency,
    can_submit: bool,
    is_active: bool,
    by,
) -> User:
    _check_home(role, drafting_unit, agency)
    _check_unit_open(role, drafting_unit, current=user.drafting_unit)
    if user.id == by.id and (role is not Role.ADMIN or not is_active):
        raise UserError("Bạn không thể tự bỏ quyền quản trị hoặc khóa tài khoản của chính mình.")
    user.full_name, user.email, user.role = full_name.strip(), email.strip(), role
    user.drafting_unit = drafting_unit if role is Role.DRAFTER else None
    user.agency = agency if role is Role.AGENCY else None
    user.can_submit = can_submit and role is Role.AGENCY
    if user.is_active_account and not is_active:
        user.session_version += 1  # logs the account out everywhere
    user.is_active_account = is_active
    audit.record("user.update", user, user=by, role=role.value, is_active=is_active, can_submit=user.can_submit)
    return user


def _check_home(role: Role, drafting_unit, agency) -> None:
    if role is Role.DRAFTER and drafting_unit is None:
        raise UserError("Thành viên tổ soạn thảo phải thuộc một đơn vị soạn thảo.")
    if role is Role.AGENCY and agency is None:
        raise UserError("Cán bộ cơ quan phải thuộc một cơ quan.")


def end_sessions(user: User) -> None:
    """Logout: every session of the account ends, on every device (sessions are signed cookies, not server rows)."""
    user.session_version += 1
    audit.record("user.logout", user, user=user)


def _check_unit_open(role: Role, drafting_unit, current) -> None:
    """A deactivated unit takes no new members; its present members may still be edited or locked."""
    if role is Role.DRAFTER and not drafting_unit.is_active and drafting_unit is not current:
        raise UserError(f"Đơn vị soạn thảo {drafting_unit.name} đã ngừng hoạt động, không thêm thành viên mới.")


def set_password(user: User, new_password: str, *, by) -> None:
    """Change or reset a password; every existing session of the account ends."""
    user.password_hash = hash_password(new_password)
    user.session_version += 1
    action = "user.change_password" if by is user else "user.reset_password"
    audit.record(action, user, user=by)


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise UserError("Mật khẩu hiện tại không đúng.")
    set_password(user, new_password, by=user)
