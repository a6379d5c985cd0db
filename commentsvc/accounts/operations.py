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


def authenticate(username: str, password: str, address: str, device: str | None = None) -> User:
    """The user for these credentials, or UserError with one message whatever was wrong.

    `device`: the id this browser's known-device cookie holds for the username (see known_devices.py), if any.
    """
    username, address, device = username.strip().lower()[:64], address[:64], (device or "")[:32]
    if _is_throttled(username, address, device):
        raise UserError(LOGIN_THROTTLED, status=429)
    user = find_user(username)
    if not verify_password(user.password_hash if user else None, password) or not (user and user.is_active):
        db.session.add(LoginAttempt(username=username, address=address, device=device))
        raise UserError(LOGIN_FAILED, status=401)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.rehash(password)
    mine = LoginAttempt.address == address
    if device:
        mine = sa.or_(mine, LoginAttempt.device == device)
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.username == username, mine))
    return user


def _is_throttled(username: str, address: str, device: str) -> bool:
    recent = sa.select(sa.func.count(LoginAttempt.id)).where(LoginAttempt.created_at >= now_utc() - throttling.WINDOW)
    return throttling.is_throttled(
        account_and_address=db.session.scalar(
            recent.where(LoginAttempt.username == username, LoginAttempt.address == address)
        ),
        address=db.session.scalar(recent.where(LoginAttempt.address == address)),
        device=db.session.scalar(recent.where(LoginAttempt.username == username, LoginAttempt.device == device))
        if device
        else None,
    )


def recent_failures(user: User) -> list[dict]:
    """The account's failed logins in the throttling window, per address, for the administrator's page."""
    rows = db.session.execute(
        sa.select(LoginAttempt.address, sa.func.count(LoginAttempt.id), sa.func.max(LoginAttempt.created_at))
        .where(LoginAttempt.username == user.username, LoginAttempt.created_at >= now_utc() - throttling.WINDOW)
        .group_by(LoginAttempt.address)
        .order_by(sa.func.count(LoginAttempt.id).desc())
    ).all()
    return [
        {"address": address, "count": count, "last": last, "blocked": count >= throttling.MAX_PER_ACCOUNT_AND_ADDRESS}
        for address, count, last in rows
    ]


def failure_counts() -> dict[str, int]:
    """Failed logins per username in the throttling window, for the administrator's list of accounts."""
    rows = db.session.execute(
        sa.select(LoginAttempt.username, sa.func.count(LoginAttempt.id))
        .where(LoginAttempt.created_at >= now_utc() - throttling.WINDOW)
        .group_by(LoginAttempt.username)
    )
    return dict(rows.all())


def clear_failures(user: User, *, by) -> int:
    """Forget the account's failed logins: every address refused for it may try again at once."""
    cleared = db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.username == user.username)).rowcount
    audit.record("user.clear_login_failures", user, user=by, count=cleared)
    return cleared


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
    can_publish: bool = False,
    by=None,
) -> User:
    username = username.strip().lower()
    if find_user(username):
        raise UserError(f"Tên đăng nhập “{username}” đã được dùng; hãy chọn tên khác.", field="username")
    _check_home(role, drafting_unit, agency)
    _check_unit_open(role, drafting_unit, current=None)
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        password_hash=hash_password(password, _names(username, full_name, drafting_unit, agency)),
        role=role,
        drafting_unit=drafting_unit if role is Role.DRAFTER else None,
        agency=agency if role is Role.AGENCY else None,
        can_submit=can_submit and role is Role.AGENCY,
        can_publish=can_publish and role is Role.DRAFTER,
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
    can_publish: bool = False,
) -> User:
    _check_home(role, drafting_unit, agency)
    _check_unit_open(role, drafting_unit, current=user.drafting_unit)
    if user.id == by.id and (role is not Role.ADMIN or not is_active):
        raise UserError("Bạn không thể tự bỏ quyền quản trị hoặc khóa tài khoản của chính mình.")
    user.full_name, user.email, user.role = full_name.strip(), email.strip(), role
    user.drafting_unit = drafting_unit if role is Role.DRAFTER else None
    user.agency = agency if role is Role.AGENCY else None
    user.can_submit = can_submit and role is Role.AGENCY
    user.can_publish = can_publish and role is Role.DRAFTER
    if user.is_active_account and not is_active:
        user.session_version += 1  # logs the account out everywhere
    user.is_active_account = is_active
    audit.record(
        "user.update",
        user,
        user=by,
        role=role.value,
        is_active=is_active,
        can_submit=user.can_submit,
        can_publish=user.can_publish,
    )
    return user


def _check_home(role: Role, drafting_unit, agency) -> None:
    if role is Role.DRAFTER and drafting_unit is None:
        raise UserError("Thành viên tổ soạn thảo phải thuộc một đơn vị soạn thảo.", field="drafting_unit_id")
    if role is Role.AGENCY and agency is None:
        raise UserError("Cán bộ cơ quan phải thuộc một cơ quan.", field="agency_id")


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
    user.password_hash = hash_password(
        new_password, _names(user.username, user.full_name, user.drafting_unit, user.agency)
    )
    user.session_version += 1
    action = "user.change_password" if by is user else "user.reset_password"
    audit.record(action, user, user=by)


def _names(username: str, full_name: str, drafting_unit, agency) -> list[str]:
    """What a password must not contain: the account's own names and its home's (see passwords.check_strength)."""
    names = [username, full_name]
    for home in (drafting_unit, agency):
        if home is not None:
            names += [home.name, home.code, getattr(home, "short_name", "")]
    return names


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise UserError("Mật khẩu hiện tại không đúng.")
    set_password(user, new_password, by=user)
