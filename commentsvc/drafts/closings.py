"""A paragraph that closes a list of points (or dashes) belongs to the unit that holds the list, not to its last item.

    2. Tài liệu hạn chế sử dụng có một trong các đặc điểm sau đây:
    a) Tài liệu … lợi ích hợp pháp của cơ quan, tổ chức, cá nhân;
    b) Tài liệu lưu trữ bị hư hỏng nặng …;
    c) Tài liệu lưu trữ đang trong quá trình xử lý về nghiệp vụ lưu trữ.
    Bộ Nội vụ ban hành Danh mục tài liệu hạn chế sử dụng …

The last paragraph is not part of point c: it is a *closing paragraph* of khoản 2, a unit of kind "closing" placed
after the points (the document's order) whose parent is the khoản; it is cited as the khoản's next paragraph,
"đoạn thứ hai khoản 2 Điều 30" (the khoản's own paragraphs are counted first, see :mod:`citations`).

The splitter files every unlabelled paragraph under the unit above it; :func:`file_closing_paragraphs` then looks
at the paragraphs that follow the last item of each list of points — or of dashes directly under a khoản, an
article, a heading — and makes a paragraph, and every paragraph after it, closing paragraphs of the list's owner when

1. it reads as a new sentence: it starts with a capital letter, and the text before it ends a sentence or an item
   ("." or ";") — not ":" or "," (the item goes on), and not a title without punctuation ("b) Đăng ký văn bản bằng
   Hệ thống", whose body follows as the point's paragraphs);
2. it does not call itself part of the point ("điểm này"); and
3. it refers back to the list or its owner as a whole ("các điểm", "điểm a, b và c", "quy định tại khoản này",
   "Chính phủ quy định chi tiết khoản này"),
   or — when every item of the list is a single paragraph — to one item ("quy định tại điểm a khoản này", "nêu
   trên"), or the list was closed: every earlier item ends with ";" and the last with "." (one enumeration whose
   full stop ends it), every item being a single paragraph.

A list of khoản under a Điều is closed the same way, but only by a paragraph that names the Điều as a whole
("Chính phủ quy định chi tiết Điều này." after khoản 9): any other paragraph after the last khoản is that khoản's own.
Such a closing unit is labelled "clause" (the kind of the list it closes) so that its parent is the Điều.

Where earlier items have paragraphs of their own after their first (a resolution whose every point is followed by
its example, a law whose points each have a second sentence), a further paragraph after the last item is read as
that item's own, as the document's pattern says, unless it refers back to the list as a whole.
"""

from __future__ import annotations

import re

from commentsvc.drafts.model import Unit

__all__ = ["file_closing_paragraphs"]

_ITEMS = ("point", "bullet")
_LISTED = (*_ITEMS, "clause")  # a list of khoản closes only with a paragraph naming its Điều as a whole
_CLOSING_QUOTES = "”\"’')]» "
_ITEM_END = re.compile(r";(?:\s*(?:và|hoặc|và/hoặc))?$")
# The owner named as a whole, by its kind: "quy định tại khoản này", "theo Điều này".
_OWNER_WORD = {"clause": "khoản", "article": "điều", "section": "mục", "heading": "mục", "subsection": "tiểu mục"}
_LABEL = r"[a-zđ]\d{0,2}"
_STRONG = re.compile(
    rf"\bcác\s+điểm\s+{_LABEL}\b(?!\s+(?:khoản|điều)\s+\d)|\bđiểm\s+{_LABEL}(?:\s*,\s*(?:điểm\s+)?{_LABEL})*\s*(?:,|và|hoặc|đến|tới)\s*(?:điểm\s+)?{_LABEL}\b"
    r"(?!\s+(?:khoản|điều)\s+\d)",  # not the points of another khoản: "điểm a, b khoản 1 Điều 5"
)
_WEAK = re.compile(
    rf"\b(?:tại|theo|ở)\s+điểm\s+{_LABEL}\b(?!\s+(?:khoản|điều)\s+\d)"
    r"|\b(?:nêu|quy định|kể)\s+(?:ở\s+)?trên\b|\btrên đây\b"
)
_SELF = re.compile(r"\bđiểm\s+này\b")
_PART_BEFORE = re.compile(r"\b(?:điểm|khoản|mục|tiết)\s+\S+\s+$")  # "điểm a " before "khoản này"


def _ending(text: str) -> str:
    return text.rstrip(_CLOSING_QUOTES)


def _refers_to_owner(text: str, owner: Unit) -> bool:
    """ "quy định tại khoản này", "Chính phủ quy định chi tiết khoản này": the owner itself, not a part of it
    ("điểm a khoản này", "khoản 1 Điều này")."""
    word = _OWNER_WORD.get(owner.kind)
    if not word:
        return False
    return any(
        not _PART_BEFORE.search(text, max(0, match.start() - 24), match.start())
        for match in re.finditer(rf"\b{word}\s+này\b", text)
    )


def _closes(text: str, before: str, owner: Unit, single: bool, closed: bool) -> bool:
    """Whether ``text``, the paragraph after ``before`` at the end of a list, closes the list (see the module doc).

    ``single``: every item of the list up to ``before`` is one paragraph; ``closed``: ``single`` and the earlier
    items end with ";"."""
    end = _ending(before)
    if not text[:1].isupper() or not end or end[-1] not in ".;":
        return False
    lowered = text.lower()
    if _SELF.search(lowered):
        return False
    if _STRONG.search(lowered) or _refers_to_owner(lowered, owner):
        return True
    if not single:
        return False
    return bool(_WEAK.search(lowered)) or (closed and end.endswith("."))


def _subtree_end(units: list[Unit], index: int) -> int:
    """Index of the last unit of ``index``'s subtree (units are in document order, parents before children)."""
    end = index
    for later in range(index + 1, len(units)):
        parent = units[later].parent
        while parent is not None and parent > index:
            parent = units[parent].parent
        if parent != index:
            break
        end = later
    return end


def _lists(units: list[Unit]) -> list[list[int]]:
    """Runs of consecutive sibling items of one kind: points, or dashes whose owner is not itself an item."""
    children: dict[int, list[int]] = {}
    for index, unit in enumerate(units):
        if unit.parent is not None:
            children.setdefault(unit.parent, []).append(index)
    lists: list[list[int]] = []
    for parent, kids in children.items():
        if units[parent].kind in _ITEMS:
            continue
        run: list[int] = []
        for index in kids:
            if run and units[index].kind != units[run[-1]].kind:
                lists.append(run)
                run = []
            if units[index].kind in _LISTED:
                run.append(index)
        if run:
            lists.append(run)
    return lists


def _single(units: list[Unit], start: int, end: int) -> bool:
    return all(len(units[i].paragraphs) == 1 for i in range(start, end + 1))


def _closing_split(units: list[Unit], items: list[int]) -> tuple[int, int, str] | None:
    """(unit, paragraph, label of the closing units) where the list's closing paragraphs start, or None."""
    last = items[-1]
    end = _subtree_end(units, last)
    tail = units[end]
    if tail.kind not in _LISTED or len(tail.paragraphs) < 2:
        return None
    owner = units[units[last].parent]
    if units[last].kind == "clause":  # "Chính phủ quy định chi tiết Điều này." after the last khoản
        for number in range(1, len(tail.paragraphs)):
            text, before = tail.paragraphs[number], _ending(tail.paragraphs[number - 1])
            if text[:1].isupper() and before[-1:] in (".", ";") and _refers_to_owner(text.lower(), owner):
                return end, number, "clause"
        return None
    ends = [_subtree_end(units, item) for item in items[:-1]]
    earlier_single = all(_single(units, item, stop) for item, stop in zip(items[:-1], ends, strict=True))
    earlier_closed = all(_ITEM_END.search(_ending(units[stop].paragraphs[-1])) for stop in ends)
    last_single = _single(units, last, end - 1) if end > last else True
    for number in range(1, len(tail.paragraphs)):
        single = earlier_single and last_single and number == 1
        closed = single and bool(ends) and earlier_closed
        if _closes(tail.paragraphs[number], tail.paragraphs[number - 1], owner, single, closed):
            return end, number, ""
    return None


def file_closing_paragraphs(units: list[Unit]) -> list[Unit] | None:
    """Units (with parents computed) with the closing paragraphs of lists made units of their own, right after the
    list; None when the draft has none. The result's parents, refs and positions are to be recomputed."""
    splits = [found for items in _lists(units) if (found := _closing_split(units, items))]
    if not splits:
        return None
    at: dict[int, tuple[int, str]] = {}
    for index, number, label in splits:  # a list of points ending a list of khoản: the first closing found wins
        if index not in at or number < at[index][0]:
            at[index] = (number, label)
    result: list[Unit] = []
    for index, unit in enumerate(units):
        if index not in at:
            result.append(unit)
            continue
        number, label = at[index]
        result.append(Unit(unit.kind, unit.label, unit.paragraphs[:number]))
        result.extend(Unit("closing", label, [text]) for text in unit.paragraphs[number:])
    return result
