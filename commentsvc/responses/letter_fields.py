"""The particulars of an official letter (công văn): number, date, issuing agency, signer, the request it answers.

Decree 30/2020 fixes where each sits: the letterhead (parent body, issuing body, "Số: 1582/BTP-PLDSKT", "Hà Nội,
ngày 12 tháng 3 năm 2027") at the top, often as a borderless two-column table; the signature block ("KT. BỘ
TRƯỞNG" / "THỨ TRƯỞNG" / the name) at the bottom beside "Nơi nhận:". Functions here take the lines of those
two zones, already cut out by :mod:`letter_reader`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

_NUMBER = re.compile(r"^\s*Số\s*[:.]?\s*(\d*)\s*/\s*([\w\-./]+)", re.IGNORECASE)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE_DIGITS = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
_ANSWERS = re.compile(
    r"(?:Phúc\s+đáp|Trả\s+lời|Thực\s+hiện\s+đề\s+nghị|Theo\s+đề\s+nghị|Nhận\s+được)[^.:]{0,160}?"
    r"(?:Công\s+văn|Văn\s+bản|Tờ\s+trình)\s+(?:số\s*:?\s*)?(\d+\s*/\s*[\w\-./]*\w)",
    re.IGNORECASE,
)
_NATIONAL = re.compile(r"^(CỘNG\s+HÒA|CỘNG\s+HOÀ|Độc\s+lập|ĐỘC\s+LẬP)", re.IGNORECASE)
_RULE = re.compile(r"^[\s\-_–—=.*]+$")
_CONTINUATION = re.compile(r"^(VÀ|TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|CỦA)\b")
_AUTHORITY = re.compile(r"^(KT|TL|TM|TUQ|Q|QUYỀN)\s*\.?\s", re.IGNORECASE)
_STAMP = re.compile(r"^\(?\s*(đã\s+ký|ký\s+bởi|ký\s+tên|ký,|chữ\s+ký|signed|ngày\s+ký)", re.IGNORECASE)
_CAPITALISED_AFTER_PHO = re.compile(r"^(Phó\s+)(\w)")


def is_upper(line: str) -> bool:
    letters = [char for char in line if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def letter_number(lines: Sequence[str]) -> str:
    for line in lines:
        match = _NUMBER.match(line)
        if match:
            return f"{match.group(1)}/{match.group(2).rstrip('.')}"
    return ""


def letter_date(lines: Sequence[str]) -> date | None:
    for pattern in (_DATE_WORDS, _DATE_DIGITS):
        for line in lines:
            match = pattern.search(line)
            if match:
                day, month, year = (int(part) for part in match.groups())
                try:
                    return date(year, month, day)
                except ValueError:
                    continue
    return None


def answers(text: str) -> str:
    """The number of the request the letter answers: "Phúc đáp Công văn số 3256/BKHCN-CĐS …" → "3256/BKHCN-CĐS"."""
    match = _ANSWERS.search(text)
    return re.sub(r"\s+", "", match.group(1)) if match else ""


def _key(name: str) -> str:
    """Compare agency names without diacritics, case or spacing ("UỶ" and "ỦY" are the same word)."""
    name = name.replace("Đ", "D").replace("đ", "d")
    name = unicodedata.normalize("NFD", name)
    name = "".join(char for char in name if not unicodedata.combining(char)).casefold()
    name = re.sub(r"^ubnd\b", "uy ban nhan dan", name)
    return " ".join(re.sub(r"[^\w ]", " ", name).split())


def letterhead_bodies(lines: Sequence[str]) -> list[str]:
    """The bodies named in the letterhead, top first ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA")."""
    bodies: list[str] = []
    in_motto = False  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" may wrap onto a second line
    for raw in lines:
        line = " ".join(raw.split())
        if not line or _RULE.match(line) or _NATIONAL.match(line):
            in_motto = bool(line) and _NATIONAL.match(line) is not None and line.isupper()
            continue
        if in_motto and line.isupper() and len(line) < 20:
            continue
        if _NUMBER.match(line) or line.lower().startswith(("v/v", "về việc")) or _DATE_WORDS.search(line):
            break
        if not is_upper(line):
            continue
        if bodies and (_CONTINUATION.match(line) or bodies[-1].endswith((",", "VÀ"))):
            bodies[-1] = f"{bodies[-1]} {line}"
        else:
            bodies.append(line)
    return bodies


def agency(lines: Sequence[str], directory: Sequence[str] = ()) -> str:
    """The issuing agency: the lowest letterhead body found in ``directory`` (its name as spelt there), else the
    lowest body as written."""
    bodies = letterhead_bodies(lines)
    keys = {_key(name): name for name in directory}
    for body in reversed(bodies):
        if _key(body) in keys:
            return keys[_key(body)]
    return bodies[-1] if bodies else ""


def _name_case(name: str) -> str:
    return name.title() if is_upper(name) else name


def title_case(title: str) -> str:
    """ "THỨ TRƯỞNG" → "Thứ trưởng", "PHÓ CHỦ TỊCH" → "Phó Chủ tịch" (the office after "Phó" keeps its capital)."""
    title = " ".join(title.split())
    if not is_upper(title):
        return title
    text = title.lower()
    text = text[:1].upper() + text[1:]
    return _CAPITALISED_AFTER_PHO.sub(lambda match: match.group(1) + match.group(2).upper(), text)


def signature(lines: Sequence[str]) -> tuple[str, str]:
    """(signer's name, title) from the signature column: the last name line and the title line above it."""
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line and not _STAMP.match(line) and not _RULE.match(line)]
    titles = [index for index, line in enumerate(lines) if is_upper(line) and len(line.split()) <= 10]
    names = [
        index
        for index, line in enumerate(lines)
        if 2 <= len(line.split()) <= 6 and not line.endswith((";", ":", ".")) and not _AUTHORITY.match(line)
    ]
    if not names:
        return "", ""
    name_index = names[-1]
    if name_index in titles and len(titles) > 1 and titles[-1] == name_index:
        titles = titles[:-1]  # a name set in capitals
    above = [index for index in titles if index < name_index and not _AUTHORITY.match(lines[index])]
    title = title_case(lines[above[-1]]) if above else ""
    return _name_case(lines[name_index]), title
