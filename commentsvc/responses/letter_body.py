"""The body of a reply letter cut into comments: prose paragraphs, numbered/lettered/dashed lists, comment tables.

Rules, in the order they are tried for each paragraph:

- a short heading ("I. Ý KIẾN CHUNG", "1. Về hồ sơ dự thảo", "2. Góp ý cụ thể:") switches between general and
  specific comments;
- the introduction before the first comment ("Phúc đáp …, Bộ X có ý kiến như sau:") and the closing from
  "Trên đây là ý kiến …" or "Trân trọng" on are statements (they decide the position), not comments;
- a paragraph that only names a clause and ends with a colon ("2. Tại Điều 5:") is a heading for the comments
  under it: they are about that clause unless they name their own;
- a paragraph continues the comment above when that one ends with a colon ("… đề nghị sửa lại như sau:"), or
  when it opens with a quotation mark, unless it starts a list item of the same or a higher level;
- anything else starts a new comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commentsvc.drafts.model import Block, Table
from commentsvc.responses.letter_refs import ClauseIndex
from commentsvc.responses.letter_wording import resolve_citation, split_wording, subject

_MARKER = re.compile(r"^\s*(?P<mark>[IVXLC]+\.|\d+\.\d+(?:\.\d+)*\.?|\d+[.)]|[a-zđ]\d?\)|[-–—]|\+|•|\*)\s+")
_LEVEL = {"roman": 0, "num": 1, "dotted": 2, "alpha": 3, "dash": 4, "plus": 5}
_GENERAL = re.compile(
    r"^(?:về\s+)?(?:các\s+)?(?:ý\s+kiến|góp\s+ý|nhận\s+xét|vấn\s+đề|nội\s+dung)\s+(?:chung|tổng\s+quát|khái\s+quát)"
    r"|^(?:về\s+)?(?:thành\s+phần\s+)?hồ\s+sơ(?:\s+dự\s+thảo|\s+gửi\s+lấy\s+ý\s+kiến)?\b"
    r"|^về\s+(?:bố\s+cục|tên\s+gọi|hình\s+thức|sự\s+cần\s+thiết|thể\s+thức|kỹ\s+thuật\s+soạn\s+thảo)",
    re.IGNORECASE,
)
_SPECIFIC = re.compile(
    r"^(?:về\s+)?(?:các\s+)?(?:ý\s+kiến|góp\s+ý|nội\s+dung)\s+(?:cụ\s+thể|đối\s+với\s+(?:các\s+)?(?:nội\s+dung\s+)?"
    r"(?:cụ\s+thể|dự\s+thảo))|^(?:về\s+)?(?:các\s+)?nội\s+dung\s+(?:cụ\s+thể\s+)?(?:của\s+)?dự\s+thảo\b",
    re.IGNORECASE,
)
_INTRO = re.compile(
    r"^(Phúc\s+đáp|Trả\s+lời|Thực\s+hiện|Theo\s+đề\s+nghị|Nhận\s+được|Sau\s+khi\s+nghiên\s+cứu)|ý\s+kiến\s+như\s+sau\s*:?\s*$"
    r"|(góp\s+ý|ý\s+kiến)\s+(cụ\s+thể\s+)?(như\s+sau|sau\s+đây)\s*:?\s*$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(Trên\s+đây\s+là|Trân\s+trọng|Xin\s+trân\s+trọng|Rất\s+mong|Kính\s+đề\s+nghị\s+Quý|Đề\s+nghị\s+Quý\s+\S+\s+(tổng\s+hợp|nghiên\s+cứu))",
    re.IGNORECASE,
)
_SENDS_FOR_SYNTHESIS = re.compile(
    r"^[^.]{0,120}\bgửi\b[^.]{0,100}\b(tổng\s+hợp|nghiên\s+cứu|xem\s+xét)[^.]{0,60}[./]*$", re.IGNORECASE
)
_VERB = re.compile(r"(?<!\w)(đề\s+nghị|đề\s+xuất|kiến\s+nghị|cần|nên|chưa|không)(?!\w)", re.IGNORECASE)
_OPENS_QUOTE = re.compile(r"^\s*[“\"]")


@dataclass
class BodyItem:
    text: str
    proposed_wording: str = ""
    clauses: list[int] = field(default_factory=list)


@dataclass
class BodyResult:
    items: list[BodyItem] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


@dataclass
class _Draft:
    """A comment being assembled from paragraphs."""

    paragraphs: list[str]
    level: int | None
    general: bool
    context: int | None = None  # the clause of the heading it sits under
    table_ref: str | None = None  # a comment table's "Điều, khoản" cell
    table_wording: str = ""  # a comment table's "Đề xuất" cell


def _marker(paragraph: str) -> tuple[int | None, str]:
    match = _MARKER.match(paragraph)
    if not match:
        return None, paragraph.strip()
    mark = match.group("mark")
    if mark[0] in "IVXLC" and mark.endswith("."):
        kind = "roman"
    elif mark[0].isdigit():
        kind = "dotted" if mark.count(".") > 1 or re.match(r"\d+\.\d", mark) else "num"
    elif mark.endswith(")"):
        kind = "alpha"
    elif mark == "+":
        kind = "plus"
    else:
        kind = "dash"
    return _LEVEL[kind], paragraph[match.end() :].strip()


def _heading_kind(text: str) -> str | None:
    """ "general" or "specific" for a section heading; None for anything else."""
    stripped = text.strip().rstrip(":.").strip()
    if len(stripped) > 90 or stripped.count(".") > 1:
        return None
    if _SPECIFIC.match(stripped):
        return "specific"
    if _GENERAL.match(stripped):
        return "general"
    return None


class _BodyReader:
    def __init__(self, index: ClauseIndex):
        self.index = index
        self.result = BodyResult()
        self.drafts: list[_Draft] = []
        self.general_mode = False
        self.heading: tuple[int | None, int | None] | None = None  # (level, clause) of a clause heading
        self.started = False
        self.closed = False
        self.last_clause: int | None = None

    def paragraph(self, paragraph: str) -> None:
        if not paragraph.strip():
            return
        if self.closed or _CLOSING.match(paragraph.strip()) or _SENDS_FOR_SYNTHESIS.match(paragraph.strip()):
            self.closed = True
            self.result.statements.append(paragraph)
            return
        level, text = _marker(paragraph)
        kind = _heading_kind(text)
        if kind is not None and ":" not in text.rstrip(":"):
            self._section(kind)
            return
        if kind is not None:  # "Về hồ sơ: đề nghị bổ sung …" — a heading and its comment on one line
            self._section(kind)
            text = text.split(":", 1)[1].strip()
        if not self.started and level is None and _INTRO.search(text) and not self._own_subject(text):
            self.result.statements.append(paragraph)
            return
        if self._continues(level, text):
            self.drafts[-1].paragraphs.append(paragraph.strip())
            return
        self._close_heading(level, text)
        if self._is_clause_heading(text):
            self.heading = (level, self._own_subject(text)[0])
            self.started = True
            return
        self.started = True
        context = self.heading[1] if self.heading else None
        self.drafts.append(_Draft([text], level, self.general_mode, context))

    def _section(self, kind: str) -> None:
        self.general_mode = kind == "general"
        self.heading = None
        self.started = True
        if self.drafts:
            self.drafts.append(_Draft([], None, self.general_mode))  # nothing continues across a heading

    def _own_subject(self, text: str) -> list[int]:
        context = self.heading[1] if self.heading else self.last_clause
        return subject(text, self.index, context).indexes

    def _continues(self, level: int | None, text: str) -> bool:
        if not self.drafts or not self.drafts[-1].paragraphs:
            return False
        last = self.drafts[-1]
        if _OPENS_QUOTE.match(text):
            return True
        if not last.paragraphs[-1].rstrip().endswith(":"):
            return False
        if level is not None and last.level is not None and level <= last.level:
            return False
        return not (level is not None and self._own_subject(text))

    def _close_heading(self, level: int | None, text: str) -> None:
        if self.heading is None:
            return
        heading_level = self.heading[0]
        if heading_level is None:
            ends = level is None and bool(self._own_subject(text))  # a plain paragraph naming its own clause
        else:
            ends = level is not None and level <= heading_level  # the next item of the heading's own list
        if ends:
            self.heading = None

    def _is_clause_heading(self, text: str) -> bool:
        stripped = text.strip()
        if not stripped.endswith(":") or len(stripped) > 150 or _VERB.search(stripped):
            return False
        return bool(self._own_subject(stripped))

    def table(self, table: Table) -> None:
        columns = comment_table_columns(table)
        if columns is None:
            for row in table.rows:
                for cell in row:
                    for line in (cell or "").split("\n"):
                        self.paragraph(line)
            return
        self.started = True
        for row in table.rows[columns.header_rows :]:
            self._row(row, columns)

    def _row(self, row: list[str], columns: _Columns) -> None:
        cells = [(cell or "").strip() for cell in row]
        filled = {cell for cell in cells if cell}
        if not filled:
            return
        if len(filled) == 1 and (columns.comment >= len(cells) or not cells[columns.comment] or len(cells) == 1):
            only = next(iter(filled))
            kind = _heading_kind(_marker(only)[1])
            if kind is not None:
                self._section(kind)
                return
        ref_text = cells[columns.ref] if columns.ref is not None and columns.ref < len(cells) else ""
        comment = cells[columns.comment] if columns.comment < len(cells) else ""
        wording = cells[columns.proposal] if columns.proposal is not None and columns.proposal < len(cells) else ""
        reason = cells[columns.reason] if columns.reason is not None and columns.reason < len(cells) else ""
        text = comment + (f"\nLý do: {reason}" if reason else "")
        if not text.strip() and wording:
            text = wording
        general = self.general_mode or bool(re.match(r"^\s*(chung|ý\s+kiến\s+chung|toàn\s+bộ|hồ\s+sơ)", ref_text, re.I))
        self.drafts.append(_Draft([text], None, general, table_ref=ref_text, table_wording=wording))

    def finish(self) -> BodyResult:
        for draft in self.drafts:
            if draft.paragraphs and "\n".join(draft.paragraphs).strip():
                self.result.items.append(self._item(draft))
        return self.result

    def _item(self, draft: _Draft) -> BodyItem:
        text = "\n".join(draft.paragraphs).strip()
        table_ref, wording = draft.table_ref, draft.table_wording
        if not wording:
            text, wording = split_wording(text)
        if draft.general:
            return BodyItem(text, wording)
        clauses = self._clauses(text, table_ref, draft.context)
        if clauses:
            self.last_clause = clauses[-1]
        return BodyItem(text, wording, clauses)

    def _clauses(self, text: str, table_ref: str | None, context: int | None) -> list[int]:
        around = context if context is not None else self.last_clause
        if table_ref:
            found = subject(table_ref, self.index, around)
            if not found.indexes:
                found = _table_ref_subject(table_ref, self.index, around) or found
            if found.indexes:
                return found.indexes
            self.result.unresolved.extend(found.unresolved)
        found = subject(text, self.index, around)
        self.result.unresolved.extend(found.unresolved if not found.indexes else [])
        if found.indexes:
            return found.indexes
        return [context] if context is not None else []


def _table_ref_subject(ref_text: str, index: ClauseIndex, context: int | None):
    """A table's "Điều, khoản" cell: every citation in it, or the clause whose text it quotes."""
    from commentsvc.drafts.citation_parsing import find_citations
    from commentsvc.responses.letter_wording import Subject

    found = Subject()
    for citation in find_citations(ref_text):
        if not citation.external:
            found.indexes.extend(resolve_citation(citation, index, context))
    if not found.indexes:
        clause = index.find_quoted(ref_text)
        found.indexes = [clause] if clause is not None else []
    return found if found.indexes else None


@dataclass
class _Columns:
    header_rows: int
    comment: int
    ref: int | None = None
    proposal: int | None = None
    reason: int | None = None


def comment_table_columns(table: Table) -> _Columns | None:
    """The columns of a comment table (STT | Điều, khoản | Nội dung góp ý | Đề xuất), or None for another table."""
    if not table.rows:
        return None
    header = [" ".join((cell or "").lower().split()) for cell in table.rows[0]]
    proposal = _column(header, ("đề xuất", "đề nghị sửa", "kiến nghị", "sửa thành", "nội dung sửa"))
    reason = _column(header, ("lý do", "giải thích", "thuyết minh"), exclude={proposal})
    comment = _column(
        header, ("nội dung góp ý", "ý kiến góp ý", "góp ý", "ý kiến", "nhận xét"), exclude={proposal, reason}
    )
    ref = _column(
        header,
        ("điều", "khoản", "vị trí", "nội dung dự thảo", "quy định tại dự thảo", "mục", "tiêu chí"),
        exclude={proposal, reason, comment},
    )
    if comment is None or (ref is None and proposal is None):
        return None
    return _Columns(header_rows=1, comment=comment, ref=ref, proposal=proposal, reason=reason)


def _column(header: list[str], needles: tuple[str, ...], exclude: set | None = None) -> int | None:
    for needle in needles:
        for index, cell in enumerate(header):
            if needle in cell and index not in (exclude or set()):
                return index
    return None


def read_body(blocks: list[Block], index: ClauseIndex) -> BodyResult:
    reader = _BodyReader(index)
    for block in blocks:
        if isinstance(block, Table):
            reader.table(block)
        else:
            reader.paragraph(block)
    return reader.finish()
