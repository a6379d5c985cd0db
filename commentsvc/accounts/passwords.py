"""Password hashing (argon2id) with length checks before hashing."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from commentsvc.core.errors import UserError

MIN_LENGTH = 10
MAX_LENGTH = 128  # refuse before hashing: an over-long password must not cost the server anything

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


def check_strength(password: str) -> None:
    if len(password) > MAX_LENGTH:
        raise UserError(f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự.")
    if len(password) < MIN_LENGTH:
        raise UserError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")


def hash_password(password: str) -> str:
    check_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
