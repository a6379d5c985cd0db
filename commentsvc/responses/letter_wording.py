"""A comment's subject and its proposed wording, read from its text.

The subject is the first citation of the draft near the comment's start ("Tại khoản 2 Điều 5, …", "Đề nghị
sửa Điều 4 và Điều 5 …"); citations after a word that starts the reasoning ("… để thống nhất với điểm c khoản
2 Điều 3", "vì", "cho phù hợp với"), inside quotation marks, or of another document ("Điều 10 Luật Dữ liệu") are
not what the comment is about. Without a citation, a quotation of the clause's own text names it.

The proposed wording follows a cue ("đề nghị sửa lại như sau: “…”", "sửa thành: …", "Đề xuất: …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commentsvc.drafts.citation_parsing import find_citations
from commentsvc.responses.letter_refs import ClauseIndex

_REASONING = re.compile(
    r"(?<!\w)(để|nhằm|cho\s+phù\s+hợp|cho\s+thống\s+nhất|thống\s+nhất\s+với|phù\s+hợp\s+với|tương\s+tự|"
    r"tương\s+ứng\s+với|theo\s+quy\s+định|vì|bởi\s+vì|do\s+đó|(?<!phần )căn\s+cứ|trùng\s+với|trùng\s+lặp\s+với|"
    r"mâu\s+thuẫn\s+với|so\s+với|dẫn\s+chiếu|giống\s+như|như\s+tại|như\s+quy\s+định)(?!\w)",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"“([^”]*)”|\"([^\"]*)\"", re.DOTALL)
_SENTENCE_END = re.compile(r"[.;!?](?:\s+(?=[A-ZÀ-Ỹ“\"])|\s*\n)")
_CUE = re.compile(
    r"(?:sửa(?:\s+lại|\s+đổi)?|chỉnh\s+sửa|viết\s+lại|diễn\s+đạt\s+lại|điều\s+chỉnh(?:\s+lại)?|thay(?:\s+thế)?|"
    r"bổ\s+sung(?:\s+thêm)?|quy\s+định(?:\s+lại)?|thiết\s+kế\s+lại|đổi\s+tên)"
    r"[^.;“”\"\n]{0,120}?(?:như\s+sau|thành|bằng)\s*(:?)\s*",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"(?:^|\n)\s*(?:Đề\s+xuất|Đề\s+nghị\s+sửa|Nội\s+dung\s+đề\s+xuất|Dự\s+kiến\s+sửa|Sửa\s+thành)\s*:\s*", re.I
)


@dataclass
class Subject:
    indexes: list[int] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def _first_sentence(text: str) -> str:
    first = text.split("\n", 1)[0]
    match = _SENTENCE_END.search(first)
    return first[: match.start()] if match else first


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _QUOTE.finditer(text)]


def subject(text: str, index: ClauseIndex, context: int | None) -> Subject:
    """The clauses ``text`` is about (clause indexes, in the letter's order), and citations the draft lacks."""
    head = _first_sentence(text)
    reasoning = _REASONING.search(head)
    limit = reasoning.start() if reasoning else len(head)
    quotes = _quote_spans(head)
    found = Subject()
    for citation in find_citations(head[:limit]):
        if citation.external or any(start <= citation.start < end for start, end in quotes):
            continue
        resolved = resolve_citation(citation, index, context)
        if resolved:
            found.indexes = resolved
            return found
        found.unresolved.append(citation.text)
    for quote in _QUOTE.finditer(head[:limit] if reasoning else head):
        if _CUE.search(head[: quote.start()] + " "):
            break  # a quotation after "sửa thành" is the proposal, not the subject
        clause = index.find_quoted(quote.group(1) or quote.group(2) or "")
        if clause is not None:
            found.indexes = [clause]
            return found
    return found


def resolve_citation(citation, index: ClauseIndex, context: int | None) -> list[int]:
    """Clause indexes of every chain and range of one citation group, or [] when any chain is not in the draft."""
    resolved: list[int] = []
    for chain in citation.chains:
        clause = index.resolve(chain, context)
        if clause is None:
            return []
        resolved.append(clause)
    for first, last in citation.ranges:
        start, end = index.resolve(first, context), index.resolve(last, context)
        if start is None or end is None:
            return []
        resolved.extend(index.expand_range(start, end))
    return list(dict.fromkeys(resolved))


def split_wording(text: str) -> tuple[str, str]:
    """(comment text, proposed wording). A quoted or trailing wording at the end of the text leaves the text."""
    for pattern in (_LABELLED, _CUE):
        for cue in pattern.finditer(text):
            rest_start = cue.end()
            while rest_start < len(text) and text[rest_start] in " \n\t":
                rest_start += 1
            quote = _QUOTE.match(text, rest_start)
            if quote:
                wording = (quote.group(1) if quote.group(1) is not None else quote.group(2)).strip()
                after = text[quote.end() :].strip(" \n\t.;,/")
                return (text[:rest_start].rstrip() if not after else text), wording
            if pattern is _LABELLED or cue.group(1) == ":":
                wording = text[rest_start:].strip()
                if wording:
                    return text[:rest_start].rstrip(), wording
    return text, ""
