"""Password hashing (argon2id) with length checks before hashing."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from commentsvc.core.errors import UserError

MIN_LENGTH = 10
MAX_LENGTH = 128  # refuse before hashing: an over-long password must not cost the server anything

# argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane): about 30 ms of one CPU per login. The library's
# default (64 MiB, 3 passes, 4 lanes) costs about 200 ms of CPU over 4 threads; minutes before a deadline a few hundred
# agency members sign in, and on a 2-CPU server their logins alone took a whole CPU and slowed every comment save.
# Hashes made with other parameters still verify, and are remade with these at the next login (see needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
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


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's (an older, costlier setting, say)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def rehash(password: str) -> str:
    """Today's hash of a password that has just been verified (no strength check: it is the user's own)."""
    return _hasher.hash(password)
