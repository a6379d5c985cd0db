"""Parents, depths and citations (refs) of units, computed from their kinds and labels alone.

Citations are written innermost first, as officials write them: "điểm a khoản 2 Điều 5". Choices made here:

- Articles are not nested under chapters in a citation ("khoản 2 Điều 5", never "… Chương I"); a section
  is cited with its chapter ("Mục 1 Chương II"), a sub-section with its section.
- A Roman heading (I., II. of a strategy or a methodology) is cited "Mục II", followed by the article it sits
  in: "Mục II Điều 1"; a numbered clause under it is "khoản 1 Mục II Điều 1".
- A multi-level item "1.1." already carries its parents' numbers, so it is cited "tiểu mục 1.1" followed by
  the first enclosing unit that is not a clause or an item: "tiểu mục 1.1 Mục I".
- A row of any table (scoring criteria, tasks of an action programme, data fields) is "dòng 1.1" followed by
  the enclosing unit outside the table: "dòng 1.1 Mục II", "dòng 12 Phụ lục I"; a lettered row under a
  numbered row is cited with that row: "dòng a dòng 5 Mục V", and so is a row under a group row labelled with a
  Roman numeral when the numbering restarts in each group: "dòng 1 dòng II Phụ lục" (rows numbered through the
  table keep "dòng 105 Phụ lục"). One word for every table, so
  that exports and letters that cite rows read the same whatever the table holds.
- An annex (Phụ lục) is the outermost unit: "Phụ lục II", or "Phụ lục" when it has no number; an attached
  document without the word "Phụ lục" (an action programme, a regulation issued with a decision) is named by
  its type: "Chương trình hành động", "Quy chế". Everything inside it ends with the annex: "khoản 2 Mục I
  Phụ lục II", "Điều 5 Quy chế". A form is "Mẫu số 01", inside an annex "Mẫu số 01 Phụ lục III".
- Citations are unique within a draft: when the source repeats a label (two "d)" in one khoản, two annexes
  called "Phụ lục"), the second gets its order in brackets after its own part: "điểm d (thứ hai) khoản 1
  Điều 5"; :mod:`numbering_checks` warns about it.

:data:`CITATION` is the grammar of one citation as written here (and by agencies in their letters);
:func:`parse_citation` reads one back into (kind, label) pairs, innermost first.
- Dashes (and "+" marks) are "gạch đầu dòng thứ hai …", counted among the dashes of the same parent.
- The preamble is "Phần mở đầu"; a plain paragraph is "đoạn thứ N …" of its parent, counting the parent's own
  paragraphs first (a paragraph split off after the first paragraph of khoản 2 is "đoạn thứ hai khoản 2 …").
  A closing paragraph (kind "closing", see :mod:`closings`) is the same for the khoản or Điều whose list of
  points it closes: after "2. … sau đây: a) …; b) … ." it is "đoạn thứ hai khoản 2 …", whatever the last point.
"""

from __future__ import annotations

import re

from commentsvc.drafts.model import Unit

_ORDINAL_WORDS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
ANNEX_WORD = "Phụ lục"
FORM_WORD = "Mẫu số"
ROW_WORD = "dòng"
_ANNEX_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+)[a-zđ]?$|^[A-Z]$")
_OUTERMOST = {"part": "Phần {}", "chapter": "Chương {}", "article": "Điều {}", "preamble": "Phần mở đầu"}
_NESTED = {
    "form": FORM_WORD,
    "section": "Mục",
    "subsection": "Tiểu mục",
    "heading": "Mục",
    "clause": "khoản",
    "point": "điểm",
}

_PARAGRAPHS = ("paragraph", "closing")  # cited "đoạn thứ N" of their parent, counted together

# Smaller rank = higher in the tree. Items, dashes and table rows get fractional ranks below.
_RANK = {
    "annex": -2.0,
    "form": -1.0,
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
        if unit.label[:1].isdigit():  # "1", "1.2", "5a", "7a, 7b": numbered rows, deeper with each dot
            return base + 0.1 + 0.1 * unit.label.count(".")
        return base + (0.0 if unit.label.isupper() else 0.9)
    return base


def _is_numbered_prefix_mismatch(top: Unit, unit: Unit) -> bool:
    """True when ``top`` is a numbered sibling branch, e.g. "1.2" cannot be the parent of "2.1"."""
    numbered = ("clause", "item") if unit.kind == "item" else ("table_row",)
    if top.kind not in numbered or unit.kind not in ("item", "table_row"):
        return False
    if not (top.label[:1].isdigit() and unit.label[:1].isdigit()):
        return False
    return not unit.label.startswith(top.label + ".")


def _copy(unit: Unit) -> Unit:
    # Faster than dataclasses.replace, which matters on drafts of ten thousand units.
    return Unit(unit.kind, unit.label, list(unit.paragraphs), unit.ref, unit.depth, unit.parent, unit.position)


def _set_parents(units: list[Unit]) -> None:
    stack: list[tuple[float, int]] = []
    for index, unit in enumerate(units):
        unit.position = index
        if unit.kind == "preamble":  # the preamble of an annex belongs to the annex
            unit.parent = next((i for r, i in reversed(stack) if r < 0), None)
        elif unit.kind == "paragraph":
            unit.parent = stack[-1][1] if stack else _preamble_before(units, index)
        elif unit.kind == "closing":  # closes the list of points (or dashes) above: belongs to the list's owner
            floor = _RANK.get(unit.label, _RANK["point"])  # labelled "clause" when it closes a list of khoản
            while stack and stack[-1][0] >= floor:
                stack.pop()
            unit.parent = stack[-1][1] if stack else None
        else:
            unit_rank = rank(unit)
            while stack and (stack[-1][0] >= unit_rank or _is_numbered_prefix_mismatch(units[stack[-1][1]], unit)):
                stack.pop()
            unit.parent = stack[-1][1] if stack else None
            stack.append((unit_rank, index))


def _preamble_before(units: list[Unit], index: int) -> int | None:
    """A paragraph before any heading belongs to the preamble it follows ("đoạn thứ hai Phần mở đầu")."""
    previous = units[index - 1] if index else None
    if previous is None or previous.kind not in ("preamble", "paragraph"):
        return None
    return index - 1 if previous.kind == "preamble" else previous.parent


def assign_parents(units: list[Unit]) -> list[Unit]:
    """Return copies of ``units`` with ``parent`` and ``position`` computed from kinds and labels in order."""
    copies = [_copy(unit) for unit in units]
    _set_parents(copies)
    return copies


def _join(head: str, tail: str) -> str:
    return f"{head} {tail}" if tail else head


def annex_ref(label: str) -> str:
    """ "Phụ lục II" for a numbered annex, "Phụ lục" without a number, the type for a named attachment."""
    if not label:
        return ANNEX_WORD
    return f"{ANNEX_WORD} {label}" if _ANNEX_NUMBER.match(label) else label


def _outer_ref(units: list[Unit], refs: list[str], index: int | None, skip: tuple[str, ...]) -> str:
    """Ref of the first ancestor (starting at ``index``) whose kind is not in ``skip``."""
    while index is not None and units[index].kind in skip:
        index = units[index].parent
    return refs[index] if index is not None else ""


def _own(units: list[Unit], refs: list[str], counters: dict, unit: Unit, restarting: set) -> tuple[str, str]:
    """The unit's own part of its citation and the citation it is followed by."""
    parent_ref = refs[unit.parent] if unit.parent is not None else ""
    kind, label = unit.kind, unit.label
    if kind == "annex":
        return annex_ref(label), ""
    if kind in _OUTERMOST:  # cited without their chapter or part, but with their annex
        return _OUTERMOST[kind].format(label), _annex_context(units, refs, unit.parent)
    if kind in _NESTED:
        return f"{_NESTED[kind]} {label}", parent_ref
    if kind == "item":
        return f"tiểu mục {label}", _outer_ref(units, refs, unit.parent, ("clause", "item"))
    if kind == "table_row":
        parent = units[unit.parent] if unit.parent is not None else None
        if parent is not None and parent.kind == "table_row" and label[:1].islower():
            return f"{ROW_WORD} {label}", parent_ref  # letter rows under row 5: "dòng a dòng 5 …"
        group = _group_row(units, unit.parent)
        if group is not None and units[group].parent in restarting:  # "dòng 1 dòng II Phụ lục"
            return f"{ROW_WORD} {label}", refs[group]
        return f"{ROW_WORD} {label}", _outer_ref(units, refs, unit.parent, ("table_row",))
    key = ("đoạn" if kind in _PARAGRAPHS else kind, unit.parent)
    counters[key] = counters.get(key, 0) + 1
    if kind == "bullet":
        return f"gạch đầu dòng {ordinal(counters[key])}", parent_ref
    own = len(units[unit.parent].paragraphs) if unit.parent is not None else 0
    return f"đoạn {ordinal(own + counters[key])}", parent_ref


def _group_row(units: list[Unit], index: int | None) -> int | None:
    """The nearest row above ``index`` labelled with a Roman numeral or a capital: a group of rows."""
    while index is not None and units[index].kind == "table_row":
        if units[index].label.isupper():
            return index
        index = units[index].parent
    return None


def _restarting_tables(units: list[Unit]) -> set[int | None]:
    """Units holding group rows ("I", "II") under which row numbers start again from 1.

    Their rows are cited with their group row ("dòng 1 dòng II Phụ lục"); rows numbered through the whole table
    (tasks 1 to 171 in 25 groups) keep the shorter "dòng 105 Phụ lục"."""
    first_group: dict[tuple[int | None, str], int] = {}
    restarting: set[int | None] = set()
    for unit in units:
        if unit.kind != "table_row" or unit.label.isupper() or unit.parent is None:
            continue
        group = _group_row(units, unit.parent)
        if group is None:
            continue
        owner = units[group].parent
        if first_group.setdefault((owner, unit.label), group) != group:
            restarting.add(owner)
    return restarting


def _annex_context(units: list[Unit], refs: list[str], index: int | None) -> str:
    """Ref of the innermost annex or form around ``index`` (a Điều is cited "Điều 5 Quy chế")."""
    while index is not None and units[index].kind not in ("annex", "form"):
        index = units[index].parent
    return refs[index] if index is not None else ""


def _set_refs(units: list[Unit]) -> None:
    refs: list[str] = []
    counters: dict = {}
    seen: dict[str, int] = {}
    restarting = _restarting_tables(units)
    for unit in units:
        own, context = _own(units, refs, counters, unit, restarting)
        ref = _join(own, context)
        if ref in seen:  # a label the source repeats: keep citations unique, "điểm d (thứ hai) khoản 1 …"
            seen[ref] += 1
            ref = _join(f"{own} ({ordinal(seen[ref])})", context)
        seen.setdefault(ref, 1)
        unit.ref = ref
        unit.depth = units[unit.parent].depth + 1 if unit.parent is not None else 0
        refs.append(ref)


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


# --- reading a citation back ------------------------------------------------------------------------------------

# Attached documents named by their type rather than "Phụ lục" (see :func:`annex_ref`); the splitter names them
# from this list too, so a citation of one can be read back.
ATTACHMENT_TYPES = (
    "Chương trình hành động",
    "Chương trình",
    "Kế hoạch hành động",
    "Kế hoạch",
    "Quy chế",
    "Quy định",
    "Điều lệ",
    "Đề án",
    "Danh mục",
    "Phương án",
    "Chiến lược",
    "Biểu mẫu",
    "Hướng dẫn",
)
_ORDINAL = r"thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|\d+)"
_PART_WORDS = (
    (r"gạch\s+đầu\s+dòng", _ORDINAL),
    (r"đoạn", _ORDINAL),
    (r"điểm", r"[a-zđ]\d{0,2}"),
    (r"khoản", r"\d+[a-zđ]?"),
    (r"tiểu\s+mục", r"\d+(?:\.\d+)*[a-zđ]?"),
    (rf"{ROW_WORD}", r"\d+[a-zđ]?(?:\.\d+[a-zđ]?)*(?:,\s*\d+[a-zđ]?)*|[IVXLC]+|[a-zđ]"),
    (r"Mục", r"\d+[a-zđ]?|[IVXLC]+"),
    (r"Điều", r"\d+[a-zđ]?"),
    (r"Chương", r"[IVXLC]+|\d+"),
    (r"Phần\s+mở\s+đầu", r""),
    (r"Phần", rf"{_ORDINAL}|[IVXLC]+|\d+|[A-Z]\b"),
    (rf"{FORM_WORD}", r"\d+[a-zđ]?(?:[.\-/]\d+[a-zđ]?)*|[IVXLC]+"),
    (rf"{ANNEX_WORD}", r"(?:[IVXLC]+|\d+)[a-zđ]?\b|[A-Z]\b"),
)
_OPTIONAL_LABEL = {ANNEX_WORD}
_PART = re.compile(
    "|".join(
        rf"(?P<w{i}>{word})" + (rf"(?:\s+(?P<l{i}>{label})){'?' if word in _OPTIONAL_LABEL else ''}" if label else "")
        for i, (word, label) in enumerate(_PART_WORDS)
    )
    + "|(?P<named>"
    + "|".join(re.escape(name) for name in ATTACHMENT_TYPES)
    + ")",
    re.IGNORECASE,
)
_REPEAT = re.compile(rf"\s*\(({_ORDINAL})\)")
# One whole citation, e.g. "điểm d (thứ hai) khoản 1 Điều 5", "dòng 12 Phụ lục I", "Mẫu số 01 Phụ lục".
CITATION = re.compile(rf"(?:(?:{_PART.pattern})(?:{_REPEAT.pattern})?\s*)+", re.IGNORECASE)


def parse_citation(text: str) -> list[tuple[str, str]] | None:
    """(word, label) pairs of a citation, innermost first, or None when ``text`` is not one citation.

    The word is as this module writes it ("điểm", "khoản", "Mục", "Phụ lục", "dòng" …), the label as written,
    with a repeat order kept: ``parse_citation("điểm d (thứ hai) khoản 1 Điều 5")`` →
    ``[("điểm", "d (thứ hai)"), ("khoản", "1"), ("Điều", "5")]``.
    """
    text = " ".join(text.split())
    pairs: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _PART.match(text, position)
        if not match or match.end() == position:
            return None
        pairs.append(_pair(match))
        position = match.end()
        repeat = _REPEAT.match(text, position)
        if repeat:
            word, label = pairs[-1]
            pairs[-1] = (word, f"{label} ({repeat.group(1)})".lstrip())
            position = repeat.end()
        if position < len(text):
            if text[position] != " ":
                return None
            position += 1
    return pairs or None


def _pair(match: re.Match) -> tuple[str, str]:
    if match.group("named"):
        found = match.group("named").lower()
        return next(name for name in ATTACHMENT_TYPES if name.lower() == found), ""
    for i, (_word, _label) in enumerate(_PART_WORDS):
        if match.group(f"w{i}"):
            word = " ".join(match.group(f"w{i}").split())
            label = match.group(f"l{i}") if f"l{i}" in match.groupdict() else None
            return _canonical(word), " ".join((label or "").split())
    raise AssertionError("a match has one alternative")


def _canonical(word: str) -> str:
    lowered = word.lower()
    for canonical in ("gạch đầu dòng", "đoạn", "điểm", "khoản", "tiểu mục", ROW_WORD):
        if lowered == canonical and word != "Tiểu mục":
            return canonical
    return word[:1].upper() + word[1:].lower() if lowered not in ("mẫu số", "phụ lục") else word.capitalize()
