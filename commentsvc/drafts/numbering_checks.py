"""Warnings about the numbering of a split draft: labels the source repeats, gaps, restarts, disorder.

Pure: takes units (with parents and refs computed) and returns :class:`NumberingWarning` in document order, each
naming its place by the unit's citation. Siblings are compared: khoản within their Điều, điểm within their khoản,
rows within their table; Điều, Chương and Phần are numbered through the whole body (or the whole annex), so they
are compared across chapters. A repeated label keeps a unique citation ("điểm d (thứ hai) …", see
:mod:`citations`); the warning says which.

Points may follow the Vietnamese alphabet (a b c d đ e g h …) or, when Word numbers them, the Latin one
(a b c d e f …): either is in order. A letter or number suffix ("5a", "a1") is an inserted provision: never a gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commentsvc.drafts.model import Unit

VIETNAMESE = "abcdđeghiklmnopqrstuvxy"
LATIN = "abcdefghijklmnopqrstuvwxyz"
_ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_OUTERMOST = ("part", "chapter", "article")
_CHECKED = frozenset(("annex", "form", "part", "chapter", "section", "subsection", "article", "heading", "clause"))
_CHECKED |= {"item", "point", "table_row"}
_INSERTED = re.compile(r"^\d+[a-zđ]$|^[a-zđ]\d+$")


@dataclass(frozen=True)
class NumberingWarning:
    kind: str  # "duplicate", "gap", "restart", "order"
    position: int
    ref: str
    message: str


def _roman(label: str) -> int | None:
    if not label or any(char not in _ROMAN for char in label):
        return None
    values = [_ROMAN[char] for char in label]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _value(label: str) -> tuple[str, int] | None:
    """(sequence, position in it) of a label, or None when it cannot be ordered."""
    last = label.rsplit(".", 1)[-1]
    if last.isdigit():
        return "number", int(last)
    if label.startswith("thứ "):
        word = label[4:]
        return ("number", _ORDINALS.index(word) + 1) if word in _ORDINALS else None
    if len(label) == 1 and label.isupper() and label not in "IVXL":  # "Phần A", "B. DANH MỤC LỆ PHÍ"
        return "letter", LATIN.index(label.lower()) + 1
    roman = _roman(label)
    if roman is not None:
        return "roman", roman
    if len(label) == 1 and label in VIETNAMESE:
        return "letter", VIETNAMESE.index(label) + 1
    if len(label) == 1 and label in LATIN:
        return "letter", LATIN.index(label) + 1
    return None


def _follows(previous: str, label: str) -> bool:
    """True when ``label`` is the next one after ``previous`` in its sequence."""
    if len(previous) == 1 and len(label) == 1 and previous.isalpha() and label.isalpha():
        if previous.isupper() and label.isupper():  # "Phần A", "Phần B"
            previous, label = previous.lower(), label.lower()
        return any(
            previous in alphabet and alphabet.index(previous) + 1 < len(alphabet)
            and alphabet[alphabet.index(previous) + 1] == label
            for alphabet in (VIETNAMESE, LATIN)
        )  # fmt: skip
    before, after = _value(previous), _value(label)
    return before is not None and after is not None and after[1] == before[1] + 1


def _group_key(units: list[Unit], unit: Unit, scopes: list[int | None]) -> tuple:
    prefix = unit.label.rsplit(".", 1)[0] if "." in unit.label else ""
    if unit.kind in _OUTERMOST:
        return (unit.kind, scopes[unit.position], prefix)
    if unit.kind == "table_row":
        family = "number" if unit.label[:1].isdigit() else "letter" if unit.label[:1].islower() else "roman"
        return (unit.kind, unit.parent, family, prefix)
    return (unit.kind, unit.parent, prefix)


def _scopes(units: list[Unit]) -> list[int | None]:
    """For each unit, the annex or form it is in (None for the body)."""
    scopes: list[int | None] = []
    for index, unit in enumerate(units):
        if unit.kind in ("annex", "form"):
            scopes.append(index)
        else:
            scopes.append(scopes[unit.parent] if unit.parent is not None else None)
    return scopes


def check_numbering(units: list[Unit]) -> list[NumberingWarning]:
    """Duplicate labels, gaps, restarts and disorder among siblings, in document order."""
    scopes = _scopes(units)
    last: dict[tuple, str] = {}
    seen: dict[tuple, set[str]] = {}
    warnings: list[NumberingWarning] = []
    for index, unit in enumerate(units):
        if unit.kind not in _CHECKED or not unit.label:
            continue
        key = _group_key(units, unit, scopes)
        labels = seen.setdefault(key, set())
        previous = last.get(key)
        found = _check(unit, previous, unit.label in labels)
        if found:
            kind, message = found
            warnings.append(NumberingWarning(kind, index, unit.ref, message))
            if kind == "restart":  # one warning for a restarted list, not one per repeated label after it
                labels = seen[key] = set()
        labels.add(unit.label)
        last[key] = unit.label
    return warnings


def _check(unit: Unit, previous: str | None, repeated: bool) -> tuple[str, str] | None:
    label = unit.label
    if repeated:
        unique = f"mục này được trích dẫn là “{unit.ref}” để không trùng"
        if previous not in (None, label) and (_value(label) or ("", 0))[1] == 1 and not _follows(previous, label):
            return "restart", f"Số thứ tự bắt đầu lại từ “{label}” sau “{previous}”; {unique}."
        return "duplicate", f"Số hiệu “{label}” lặp lại; {unique}."
    if previous is None or _INSERTED.match(label) or _INSERTED.match(previous) or "," in label + previous:
        return None
    if _follows(previous, label):
        return None
    before, after = _value(previous), _value(label)
    if before is None or after is None or before[0] != after[0]:
        return None
    if after[1] == 1:
        return "restart", f"Số thứ tự bắt đầu lại từ “{label}” sau “{previous}” tại “{unit.ref}”."
    if after[1] > before[1]:
        return "gap", f"Số thứ tự nhảy từ “{previous}” sang “{label}” tại “{unit.ref}”: có thể thiếu mục."
    return "order", f"Số thứ tự “{label}” đứng sau “{previous}” tại “{unit.ref}”, không theo thứ tự."
