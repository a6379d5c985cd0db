"""Word's automatic numbering: the "1." or "a)" shown before a paragraph but absent from its text.

The label is computed the way Word displays it, so a document numbered automatically splits exactly like the
same document with typed numbers:

- a paragraph is numbered by ``w:numPr`` (numId + ilvl) in its own properties or in its style, following the
  style's ``basedOn`` chain; ``numId`` 0 switches numbering off;
- counters belong to the abstract numbering, so two ``w:num`` sharing an ``abstractNum`` continue one list,
  unless the ``w:num`` has a ``startOverride``, which restarts that level when the ``w:num`` is first used;
- a level restarts when a higher level advances (or after the level named by ``w:lvlRestart``; 0 = never);
- ``lvlText`` like "%1.", "%1)", "Điều %1." or "%1.%2." is filled with each level's counter in its ``numFmt``;
  ``lowerLetter`` gives the Latin sequence a, b, c, d, e, f… because that is what the reader sees in Word
  (it never produces "đ"; drafts that need "đ)" type it);
- bullets become "+" when Word draws a "+", otherwise "-".
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{W}val"
_ROMAN_STEPS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    style: str | None = None


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    if element is None:
        return default
    return element.get(_VAL, default)


def _int(element: etree._Element | None, default: int) -> int:
    try:
        return int(_val(element, str(default)))
    except (TypeError, ValueError):
        return default


def roman(number: int) -> str:
    out = []
    for value, digits in _ROMAN_STEPS:
        while number >= value:
            out.append(digits)
            number -= value
    return "".join(out)


def letters(number: int) -> str:
    """Word's letter numbering: a … z, then aa, bb …"""
    number = max(number, 1)
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return letters(number)
    if fmt == "upperLetter":
        return letters(number).upper()
    if fmt == "lowerRoman":
        return roman(number).lower()
    if fmt == "upperRoman":
        return roman(number)
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "none":
        return ""
    return str(number)


def _parse_level(lvl: etree._Element) -> Level:
    restart = lvl.find(f"{W}lvlRestart")
    return Level(
        start=_int(lvl.find(f"{W}start"), 1),
        fmt=_val(lvl.find(f"{W}numFmt"), "decimal"),
        text=_val(lvl.find(f"{W}lvlText"), ""),
        restart=_int(restart, 0) if restart is not None else None,
        legal=lvl.find(f"{W}isLgl") is not None,
        style=_val(lvl.find(f"{W}pStyle")),
    )


def _parse_levels(parent: etree._Element) -> dict[int, Level]:
    return {_int_attr(lvl, "ilvl"): _parse_level(lvl) for lvl in parent.findall(f"{W}lvl")}


def _int_attr(element: etree._Element, name: str) -> int:
    try:
        return int(element.get(f"{W}{name}", "0"))
    except ValueError:
        return 0


class Numbering:
    """Numbering definitions of one document plus the running counters, used in document order."""

    def __init__(self, root: etree._Element | None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[str, dict[int, tuple[int | None, Level | None]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self._cache: dict[str, list[Level | None]] = {}
        if root is not None:
            self._load(root)

    def _load(self, root: etree._Element) -> None:
        for abstract in root.iter(f"{W}abstractNum"):
            self.abstracts[abstract.get(f"{W}abstractNumId", "")] = _parse_levels(abstract)
        for num in root.iter(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            self.nums[num_id] = _val(num.find(f"{W}abstractNumId"), "")
            self.overrides[num_id] = {
                _int_attr(over, "ilvl"): (
                    _int(over.find(f"{W}startOverride"), 1) if over.find(f"{W}startOverride") is not None else None,
                    _parse_level(over.find(f"{W}lvl")) if over.find(f"{W}lvl") is not None else None,
                )
                for over in num.findall(f"{W}lvlOverride")
            }

    def level_for_style(self, num_id: str, style_id: str) -> int:
        """The level whose ``pStyle`` is ``style_id`` (a style linked to a list level), else 0."""
        for ilvl, level in self.abstracts.get(self.nums.get(num_id, ""), {}).items():
            if level.style == style_id:
                return ilvl
        return 0

    def _levels(self, num_id: str) -> list[Level | None]:
        """The nine levels of a w:num (its own level overrides first), computed once."""
        cached = self._cache.get(num_id)
        if cached is None:
            abstract = self.abstracts.get(self.nums.get(num_id, ""), {})
            overrides = self.overrides.get(num_id, {})
            cached = [
                overrides[ilvl][1] if ilvl in overrides and overrides[ilvl][1] else abstract.get(ilvl)
                for ilvl in range(9)
            ]
            self._cache[num_id] = cached
        return cached

    def _level(self, num_id: str, ilvl: int) -> Level | None:
        return self._levels(num_id)[ilvl]

    def _restart_overrides(self, num_id: str, counters: list[int | None]) -> None:
        if num_id in self.started:
            return
        self.started.add(num_id)
        for ilvl, (start, _level) in self.overrides.get(num_id, {}).items():
            if start is not None and 0 <= ilvl < len(counters):
                counters[ilvl] = start - 1

    def _advance(self, num_id: str, ilvl: int, level: Level) -> list[int | None]:
        counters = self.counters.setdefault(self.nums[num_id], [None] * 9)
        self._restart_overrides(num_id, counters)
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        levels = self._levels(num_id)
        for deeper in range(ilvl + 1, len(counters)):
            if counters[deeper] is None:
                continue
            restart = levels[deeper].restart if levels[deeper] else None
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        return counters

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph and return the text Word shows before it."""
        if num_id in ("", "0") or num_id not in self.nums:
            return None
        ilvl = min(max(ilvl, 0), 8)
        level = self._level(num_id, ilvl)
        if level is None:
            return None
        if level.fmt == "bullet":
            return "+" if level.text.strip() == "+" else "-"
        counters = self._advance(num_id, ilvl, level)
        return self._render(num_id, level, counters).strip() or None

    def _render(self, num_id: str, level: Level, counters: list[int | None]) -> str:
        text = level.text
        for ilvl in range(8, -1, -1):
            placeholder = f"%{ilvl + 1}"
            if placeholder not in text:
                continue
            shown = self._level(num_id, ilvl) or Level()
            value = counters[ilvl] if counters[ilvl] is not None else shown.start
            fmt = "decimal" if level.legal else shown.fmt
            text = text.replace(placeholder, format_number(value, fmt))
        return text
