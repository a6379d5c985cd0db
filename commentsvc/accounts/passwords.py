"""Password hashing (argon2id) and the password policy, checked before hashing.

The policy is NIST SP 800-63B's: at least 10 characters, no composition rules (no "one digit, one capital"), and
refused when the password is a known common or breached one, repeats a few characters, or contains the account's own
names (username, full name, agency or drafting unit). The common passwords are Django's list (19,640 entries from
breach corpora, compiled by Royce Williams), shipped beside this module with its licence:
common-passwords.txt.gz, common-passwords.LICENSE.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

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


COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")
MIN_DISTINCT_CHARACTERS = 5  # "aaaaaaaaaa", "ababababab", "1212121212"
MIN_NAME_LENGTH = 4  # shorter names ("BTP", "an") would refuse too many good passwords


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def _folded(text: str) -> str:
    """Lower case, without diacritics, spaces or punctuation: "Bộ Tư pháp" and "botuphap" match."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[\W_]+", "", "".join(char for char in text if not unicodedata.combining(char)).lower())


def check_strength(password: str, personal: Iterable[str] = ()) -> None:
    """UserError when the password breaks the policy; `personal`: the account's names (username, full name, agency)."""
    if len(password) > MAX_LENGTH:
        raise UserError(f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự.")
    if len(password) < MIN_LENGTH:
        raise UserError(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if password.lower() in common_passwords() or password.strip().lower() in common_passwords():
        raise UserError(
            "Mật khẩu này nằm trong danh sách mật khẩu phổ biến hoặc đã bị lộ. Vui lòng chọn mật khẩu khác."
        )
    if len(set(password.lower())) < MIN_DISTINCT_CHARACTERS:
        raise UserError("Mật khẩu lặp lại quá ít ký tự khác nhau, rất dễ đoán. Vui lòng chọn mật khẩu khác.")
    folded = _folded(password)
    for name in filter(None, map(_folded, personal)):
        if len(name) >= MIN_NAME_LENGTH and name in folded:
            raise UserError("Mật khẩu không được chứa tên đăng nhập, họ tên hoặc tên cơ quan, đơn vị của tài khoản.")


def hash_password(password: str, personal: Iterable[str] = ()) -> str:
    check_strength(password, personal)
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
