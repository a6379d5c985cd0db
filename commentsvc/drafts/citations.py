"""Parents, depths and citations (refs) of units, computed from their kinds and labels alone.

Citations are written innermost first, as officials write them: "điểm a khoản 2 Điều 5". Choices made here:

- Articles are not nested under chapters in a citation ("khoản 2 Điều 5", never "… Chương I"); a section
  is cited with its chapter ("Mục 1 Chương II"), a sub-section with its section.
- A Roman heading (I., II. of a strategy or a methodology) is cited "Mục II", followed by the article it sits
  in: "Mục II Điều 1"; a numbered clause under it is "khoản 1 Mục II Điều 1".
- A multi-level item "1.1." already carries its parents' numbers, so it is cited "tiểu mục 1.1" followed by
  the first enclosing unit that is not a clause or an item: "tiểu mục 1.1 Mục I".
- A row of a scoring table is "tiêu chí 1.1" followed by the enclosing unit outside the table:
  "tiêu chí 1.1 Mục II".
- Dashes (and "+" marks) are "gạch đầu dòng thứ hai …", counted among the dashes of the same parent.
- The preamble is "Phần mở đầu"; a plain paragraph is "đoạn thứ N …" of its parent, counting the parent's own
  paragraphs first (a paragraph split off after the first paragraph of khoản 2 is "đoạn thứ hai khoản 2 …").
"""

from __future__ import annotations

import re

from commentsvc.drafts.model import Unit

_ORDINAL_WORDS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
_DOTTED = re.compile(r"^\d+(?:\.\d+)*$")

# Smaller rank = higher in the tree. Items, dashes and table rows get fractional ranks below.
_RANK = {
    "part": 0.0,
    "chapter": 1.0,
    "section": 2.0,
    "subsection": 3.0,
    "article": 4.0,
    "heading": 5.0,
    "clause": 6.0,
    "item": 6.0,
    "point": 8.0,
    "bullet": 9.0,
    "table_row": 10.0,
}


def ordinal(number: int) -> str:
    """Vietnamese ordinal as used in citations: 1 → "thứ nhất", 4 → "thứ tư", 11 → "thứ 11"."""
    if 1 <= number <= len(_ORDINAL_WORDS):
        return f"thứ {_ORDINAL_WORDS[number - 1]}"
    return f"thứ {number}"


def rank(unit: Unit) -> float:
    base = _RANK[unit.kind]
    if unit.kind == "item":
        return base + 0.1 * unit.label.count(".")
    if unit.kind == "bullet":
        return base + (0.5 if unit.label == "+" else 0.0)
    if unit.kind == "table_row":
        if _DOTTED.match(unit.label):
            return base + 0.1 + 0.1 * unit.label.count(".")
        return base + (0.0 if unit.label.isupper() else 0.9)
    return base


def _is_numbered_prefix_mismatch(top: Unit, unit: Unit) -> bool:
    """True when ``top`` is a numbered sibling branch, e.g. "1.2" cannot be the parent of "2.1"."""
    numbered = ("clause", "item") if unit.kind == "item" else ("table_row",)
    if top.kind not in numbered or unit.kind not in ("item", "table_row"):
        return False
    if not (_DOTTED.match(top.label) and _DOTTED.match(unit.label)):
        return False
    return not unit.label.startswith(top.label + ".")


def _copy(unit: Unit) -> Unit:
    # Faster than dataclasses.replace, which matters on drafts of ten thousand units.
    return Unit(unit.kind, unit.label, list(unit.paragraphs), unit.ref, unit.depth, unit.parent, unit.position)


def _set_parents(units: list[Unit]) -> None:
    stack: list[tuple[float, int]] = []
    for index, unit in enumerate(units):
        unit.position = index
        if unit.kind == "preamble":
            unit.parent = None
        elif unit.kind == "paragraph":
            unit.parent = stack[-1][1] if stack else None
        else:
            unit_rank = rank(unit)
            while stack and (stack[-1][0] >= unit_rank or _is_numbered_prefix_mismatch(units[stack[-1][1]], unit)):
                stack.pop()
            unit.parent = stack[-1][1] if stack else None
            stack.append((unit_rank, index))


def assign_parents(units: list[Unit]) -> list[Unit]:
    """Return copies of ``units`` with ``parent`` and ``position`` computed from kinds and labels in order."""
    copies = [_copy(unit) for unit in units]
    _set_parents(copies)
    return copies


def _join(head: str, tail: str) -> str:
    return f"{head} {tail}" if tail else head


def _outer_ref(units: list[Unit], refs: list[str], index: int | None, skip: tuple[str, ...]) -> str:
    """Ref of the first ancestor (starting at ``index``) whose kind is not in ``skip``."""
    while index is not None and units[index].kind in skip:
        index = units[index].parent
    return refs[index] if index is not None else ""


def _ref(units: list[Unit], refs: list[str], counters: dict, unit: Unit) -> str:
    parent_ref = refs[unit.parent] if unit.parent is not None else ""
    kind, label = unit.kind, unit.label
    if kind == "part":
        return f"Phần {label}"
    if kind == "chapter":
        return f"Chương {label}"
    if kind == "article":
        return f"Điều {label}"
    if kind == "preamble":
        return "Phần mở đầu"
    if kind == "section":
        return _join(f"Mục {label}", parent_ref)
    if kind == "subsection":
        return _join(f"Tiểu mục {label}", parent_ref)
    if kind == "heading":
        return _join(f"Mục {label}", parent_ref)
    if kind == "clause":
        return _join(f"khoản {label}", parent_ref)
    if kind == "point":
        return _join(f"điểm {label}", parent_ref)
    if kind == "item":
        return _join(f"tiểu mục {label}", _outer_ref(units, refs, unit.parent, ("clause", "item")))
    if kind == "table_row":
        return _join(f"tiêu chí {label}", _outer_ref(units, refs, unit.parent, ("table_row",)))
    key = (kind, unit.parent)
    counters[key] = counters.get(key, 0) + 1
    if kind == "bullet":
        return _join(f"gạch đầu dòng {ordinal(counters[key])}", parent_ref)
    own = len(units[unit.parent].paragraphs) if unit.parent is not None else 0
    return _join(f"đoạn {ordinal(own + counters[key])}", parent_ref)


def _set_refs(units: list[Unit]) -> None:
    refs: list[str] = []
    counters: dict = {}
    for unit in units:
        unit.ref = _ref(units, refs, counters, unit)
        unit.depth = units[unit.parent].depth + 1 if unit.parent is not None else 0
        refs.append(unit.ref)


def assign_refs(units: list[Unit]) -> list[Unit]:
    """Return copies of ``units`` with ``ref`` and ``depth`` computed from kinds, labels and parents.

    Parents must precede their children, which holds for every list built by :func:`assign_parents`.
    """
    copies = [_copy(unit) for unit in units]
    _set_refs(copies)
    return copies


def recompute(units: list[Unit]) -> list[Unit]:
    """Copies with parents, positions, depths and refs recomputed from kinds and labels only."""
    copies = [_copy(unit) for unit in units]
    _set_parents(copies)
    _set_refs(copies)
    return copies
