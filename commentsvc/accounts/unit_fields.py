"""A drafting unit's fields, cleaned and checked alike for the admin form and the CLI. Pure: no Flask, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from commentsvc.core.errors import UserError
from commentsvc.core.text import nfc

# Codes go into document numbers ("Số: 12/BKHCN-CĐS"), so Đ is allowed beside the ASCII capitals.
CODE_PATTERN = re.compile(r"^[A-ZĐ0-9][A-ZĐ0-9_-]{0,31}$")
CODE_RULE = "chữ in hoa (có thể dùng Đ), số, dấu gạch; tối đa 32 ký tự"
DEFAULT_PLACE = "Hà Nội"
LIMITS = {"name": 255, "parent_name": 255, "place": 64, "signer_title": 120, "signer_name": 120}
LABELS = {
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "parent_code": "Mã cơ quan chủ quản",
    "parent_name": "Tên cơ quan chủ quản",
    "place": "Địa danh",
    "signer_title": "Chức danh người ký",
    "signer_name": "Họ tên người ký",
}


@dataclass(frozen=True)
class UnitFields:
    code: str
    name: str
    parent_code: str
    parent_name: str
    place: str = DEFAULT_PLACE
    signer_title: str = ""
    signer_name: str = ""


def normalise_code(value: str | None) -> str:
    return nfc((value or "").strip()).upper()


def normalise_text(value: str | None) -> str:
    """One line, NFC, single spaces."""
    return " ".join(nfc(value or "").split())


def normalise_lines(value: str | None) -> str:
    """Several lines (a signer title like "KT. CỤC TRƯỞNG / PHÓ CỤC TRƯỞNG"): each tidied, blank ones dropped."""
    lines = (normalise_text(line) for line in nfc(value or "").splitlines())
    return "\n".join(line for line in lines if line)


def clean(
    *,
    code: str,
    name: str,
    parent_code: str,
    parent_name: str,
    place: str = "",
    signer_title: str = "",
    signer_name: str = "",
) -> UnitFields:
    """The normalised fields, or UserError naming the first field that is wrong."""
    fields = UnitFields(
        code=normalise_code(code),
        name=normalise_text(name),
        parent_code=normalise_code(parent_code),
        parent_name=normalise_text(parent_name),
        place=normalise_text(place) or DEFAULT_PLACE,
        signer_title=normalise_lines(signer_title),
        signer_name=normalise_text(signer_name),
    )
    for attribute in ("code", "parent_code"):
        value = getattr(fields, attribute)
        if not CODE_PATTERN.match(value):
            raise UserError(f"{LABELS[attribute]} “{value}” không hợp lệ ({CODE_RULE}).")
    for attribute in ("name", "parent_name"):
        if not getattr(fields, attribute):
            raise UserError(f"Vui lòng nhập {LABELS[attribute].lower()}.")
    for attribute, limit in LIMITS.items():
        if len(getattr(fields, attribute)) > limit:
            raise UserError(f"{LABELS[attribute]} dài quá {limit} ký tự.")
    return fields
