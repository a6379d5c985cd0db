"""The agency directory file (CSV): parsing and validation. Pure: no Flask, no database."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.controls import without_controls
from commentsvc.core.errors import UserError
from commentsvc.core.text import nfc

REQUIRED_COLUMNS = ("code", "name", "short_name", "group")
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NAME_MAX, SHORT_NAME_MAX = 255, 120  # the columns' sizes (PostgreSQL refuses longer values)


@dataclass(frozen=True)
class AgencyRecord:
    code: str
    name: str
    short_name: str
    group: AgencyGroup
    email: str = ""


def parse_directory(data: bytes) -> list[AgencyRecord]:
    """Parse a UTF-8 CSV with columns code,name,short_name,group[,email]; refuse the whole file on any bad row."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError("Tệp danh mục phải là CSV mã hóa UTF-8.") from error
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise UserError(f"Tệp danh mục thiếu cột: {', '.join(missing)}.")
    records, seen = [], set()
    for line_number, row in enumerate(reader, start=2):
        record = _parse_row(row, line_number)
        if record.code in seen:
            raise UserError(f"Dòng {line_number}: mã cơ quan {record.code} bị trùng.")
        seen.add(record.code)
        records.append(record)
    if not records:
        raise UserError("Tệp danh mục không có cơ quan nào.")
    return records


def _text(value: str | None) -> str:
    # A file exported from another system may carry control characters; they never reach the directory.
    return nfc(without_controls(value or "").strip())


def _parse_row(row: dict, line_number: int) -> AgencyRecord:
    code = (row.get("code") or "").strip().upper()
    name = _text(row.get("name"))
    short_name = _text(row.get("short_name")) or name
    email = (row.get("email") or "").strip()
    if not CODE_PATTERN.match(code):
        raise UserError(f"Dòng {line_number}: mã cơ quan “{code}” không hợp lệ (chữ in hoa, số, dấu gạch).")
    if not name:
        raise UserError(f"Dòng {line_number}: thiếu tên cơ quan.")
    if len(name) > NAME_MAX:
        raise UserError(f"Dòng {line_number}: tên cơ quan quá dài (tối đa {NAME_MAX} ký tự).")
    if len(short_name) > SHORT_NAME_MAX:
        raise UserError(
            f"Dòng {line_number}: tên ngắn quá dài (tối đa {SHORT_NAME_MAX} ký tự; để trống là tên đầy đủ)."
        )
    try:
        group = AgencyGroup((row.get("group") or "").strip())
    except ValueError as error:
        allowed = ", ".join(member.value for member in AgencyGroup)
        raise UserError(f"Dòng {line_number}: nhóm cơ quan không hợp lệ (dùng một trong: {allowed}).") from error
    if email and not EMAIL_PATTERN.match(email):
        raise UserError(f"Dòng {line_number}: địa chỉ thư điện tử “{email}” không hợp lệ.")
    return AgencyRecord(code=code, name=name, short_name=short_name, group=group, email=email)
