"""Read citations back out of prose: the inverse of :mod:`citations`.

A citation is a chain of components, innermost first once normalised: "điểm a khoản 2 Điều 5" is
``(("điểm", "a"), ("khoản", "2"), ("điều", "5"))``. The parser accepts what letters write besides the
canonical form: outer-first chains ("Điều 5 khoản 2 điểm a"), commas inside a chain ("khoản 2, Điều 5"), a
parenthesised inner part ("Điều 3 (điểm đ khoản 2)"), lists that share their outer part ("điểm a và điểm b
khoản 2 Điều 54", "các Điều 7, 8, 9", "khoản 1, 2 và 3 Điều 5"), ranges ("từ Điều 3 đến Điều 5") and the
relative "khoản này" / "Điều này" (label :data:`THIS`, resolved against a context by the caller).

The draft's own refs are parsed with the same grammar, so whatever vocabulary :mod:`citations` produces
(annexes, table rows, dashes, paragraphs) is matched without a second list of kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commentsvc.drafts.citations import parse_citation

Component = tuple[str, str]  # (normalised unit word, normalised label)
Chain = tuple[Component, ...]

THIS = "này"

# Unit words, longest first so "tiểu mục" wins over "mục"; synonyms map to the word citations.py writes.
_WORDS = {
    "gạch đầu dòng": "gạch đầu dòng",
    "gạch ngang": "gạch đầu dòng",
    "tiểu mục": "tiểu mục",
    "phụ lục": "phụ lục",
    # a table row is "dòng" in the draft's refs (citations.ROW_WORD); letters also say "tiêu chí", "nhiệm vụ"
    "tiêu chí": "dòng",
    "chỉ tiêu": "dòng",
    "nhiệm vụ": "dòng",
    "mẫu số": "mẫu số",
    "điều": "điều",
    "khoản": "khoản",
    "điểm": "điểm",
    "mục": "mục",
    "chương": "chương",
    "phần": "phần",
    "dòng": "dòng",
    "đoạn": "đoạn",
}
_ORDINALS = {"nhất": "1", "một": "1", "hai": "2", "ba": "3", "tư": "4", "bốn": "4", "năm": "5", "sáu": "6"}
_ORDINALS |= {"bảy": "7", "tám": "8", "chín": "9", "mười": "10"}
_LETTERS = "a-zđ"

_WORD = "|".join(re.escape(word) for word in sorted(_WORDS, key=len, reverse=True))
_ROMAN = r"[IVXLC]+"
_NUMBER = r"\d+[a-z]?(?:\.\d+)*"
_ORDINAL = r"thứ\s+(?:\d+|" + "|".join(_ORDINALS) + ")"
_PREAMBLE = r"mở\s+đầu|căn\s+cứ"
_LABEL = rf"(?:{_PREAMBLE}|{_ORDINAL}|{_ROMAN}|{_NUMBER}|[{_LETTERS}]\d?|{THIS})"
_END = r"(?![\w])"
_COMPONENT = re.compile(rf"(?<![\w])(?P<word>{_WORD})\s+(?P<label>{_LABEL}){_END}", re.IGNORECASE)
# More labels of the same word: "Điều 7, 8 và 9", "các điểm b, c và d".
_MORE_LABEL = re.compile(rf"\s*(?:,|và|hoặc)\s*(?P<label>{_LABEL}){_END}", re.IGNORECASE)
_RANGE = re.compile(r"\s*(?:đến|tới|-|–)\s*(?:hết\s+)?", re.IGNORECASE)
_LIST = re.compile(r"\s*(?:,\s*(?:và\s+|hoặc\s+)?|;\s*|\s+và\s+(?:các\s+)?|\s+hoặc\s+|\s+cùng\s+)", re.IGNORECASE)
_CHAIN_GAP = re.compile(r"\s*,?\s*(?:của\s+)?", re.IGNORECASE)
_PAREN = re.compile(r"\s*\(\s*")
_EXTERNAL = re.compile(
    r"\s*(?:của\s+|tại\s+)?(?:(?:Luật|Bộ\s+luật|Hiến\s+pháp|Pháp\s+lệnh)(?![\w])"
    r"|(?:Nghị\s+định|Thông\s+tư|Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị|Công\s+văn|Văn\s+bản)\s+(?:số\s+)?\d)",
    re.IGNORECASE,
)

_OUTER_FIRST = frozenset({"điều", "chương", "phần", "phụ lục", "mục"})
_INNER = frozenset({"khoản", "điểm", "gạch đầu dòng", "tiểu mục", "đoạn", "dòng"})
_RANK = {"phụ lục": 0, "phần": 1, "chương": 2, "mục": 3, "điều": 4, "tiểu mục": 6, "khoản": 6, "dòng": 6}
_RANK |= {"mẫu số": 6, "điểm": 8, "gạch đầu dòng": 9, "đoạn": 10}


def normalise_label(word: str, label: str) -> str:
    label = " ".join(label.split())
    lowered = label.lower()
    if lowered.startswith("thứ"):
        number = lowered.split()[-1]
        return _ORDINALS.get(number, number)
    if lowered == THIS:
        return THIS
    if lowered in ("mở đầu", "căn cứ"):
        return "mở đầu"
    if re.fullmatch(_ROMAN, label) and word not in ("điểm",):
        return label.upper()
    if word == "mẫu số" and lowered.isdigit():
        return str(int(lowered))  # "Mẫu số 01" and "mẫu số 1" are the same form
    return lowered


def _component(match: re.Match) -> Component:
    word = _WORDS[" ".join(match.group("word").lower().split())]
    return word, normalise_label(word, match.group("label"))


@dataclass
class Citation:
    """One group of citations found in a text: the chains it names, where it stands, and whether it cites
    another document ("khoản 3 Điều 5 Nghị định số 47/2020/NĐ-CP")."""

    start: int
    end: int
    chains: list[Chain] = field(default_factory=list)
    ranges: list[tuple[Chain, Chain]] = field(default_factory=list)
    external: bool = False
    text: str = ""

    def all_chains(self) -> list[Chain]:
        return self.chains + [chain for pair in self.ranges for chain in pair]


def _orient(chain: list[Component]) -> list[Component]:
    """Innermost first: "Điều 5 khoản 2 điểm a" is reversed, "Mục II Điều 1" is left alone."""
    if len(chain) > 1 and chain[0][0] in _OUTER_FIRST and chain[-1][0] in _INNER:
        return chain[::-1]
    return chain


def _sub_row(inner: Component, outer: Component) -> bool:
    """ "dòng a dòng 5": a lettered sub-row of a numbered table row."""
    return inner[0] == outer[0] == "dòng" and inner[1].isalpha() and not outer[1].isalpha()


def _is_outer(inner: Component, outer: Component) -> bool:
    return _RANK.get(outer[0], 5) < _RANK.get(inner[0], 5) or (outer[0] == "mục" and inner[0] != "mục")


class _Scanner:
    def __init__(self, text: str):
        self.text = text

    def component_at(self, pos: int) -> re.Match | None:
        match = _COMPONENT.match(self.text, pos)
        return match

    def labels(self, pos: int, word: str) -> tuple[list[str], int]:
        """More labels of the same word after a component: "Điều 7, 8 và 9"."""
        labels = []
        while True:
            match = _MORE_LABEL.match(self.text, pos)
            if not match:
                return labels, pos
            rest = self.text[match.end() : match.end() + 12].lower()
            if re.match(r"\s*(tháng|năm|ngày|%)", rest):
                return labels, pos
            labels.append(normalise_label(word, match.group("label")))
            pos = match.end()

    def chain(self, pos: int) -> tuple[list[list[Component]], int] | None:
        """Chains starting at ``pos`` (several when labels are listed: "điểm b, c và d khoản 1")."""
        first = self.component_at(pos)
        if first is None:
            return None
        component = _component(first)
        extra, pos = self.labels(first.end(), component[0])
        heads = [[component]] + [[(component[0], label)] for label in extra]
        tail: list[Component] = []
        last = component
        while True:
            gap = re.compile(r"\s+").match(self.text, pos)
            comma = _CHAIN_GAP.match(self.text, pos)
            candidate = None
            if gap:
                candidate = self.component_at(gap.end())
                if candidate and _component(candidate)[0] == last[0] and not _sub_row(last, _component(candidate)):
                    candidate = None
            if candidate is None and comma and comma.end() > pos:
                candidate = self.component_at(comma.end())
                # a comma continues the chain only outwards ("khoản 2, Điều 5"), else it separates a list
                if candidate and not _is_outer(last, _component(candidate)):
                    candidate = None
            if candidate is None:
                paren = self._parenthesised(pos)
                if paren is None:
                    break
                inner, pos = paren
                heads = [inner + head for head in heads] if not tail else heads
                continue
            last = _component(candidate)
            tail.append(last)
            pos = candidate.end()
        return [_orient(head + tail) for head in heads], pos

    def _parenthesised(self, pos: int) -> tuple[list[Component], int] | None:
        paren = _PAREN.match(self.text, pos)
        if not paren:
            return None
        found = self.chain(paren.end())
        if found is None:
            return None
        chains, end = found
        close = re.compile(r"\s*\)").match(self.text, end)
        if not close or len(chains) != 1:
            return None
        return list(chains[0]), close.end()


def _inherit_tails(chains: list[list[Component]]) -> list[Chain]:
    """ "khoản 1 và khoản 2 Điều 3": an item lacking its outer part takes the next item's."""
    result = [list(chain) for chain in chains]
    for index in range(len(result) - 2, -1, -1):
        chain, following = result[index], result[index + 1]
        words = [word for word, _ in following]
        last_word = chain[-1][0]
        if last_word in words:
            position = words.index(last_word)
            chain.extend(following[position + 1 :])
    return [tuple(chain) for chain in result]


def find_citations(text: str) -> list[Citation]:
    """Citation groups of ``text`` in order; the caller decides which group is a comment's subject."""
    scanner = _Scanner(text)
    found: list[Citation] = []
    pos = 0
    while True:
        match = _COMPONENT.search(text, pos)
        if match is None:
            break
        citation = _group(scanner, match.start())
        citation.text = text[citation.start : citation.end]
        citation.external = bool(_EXTERNAL.match(text, citation.end))
        found.append(citation)
        pos = max(citation.end, match.end())
    return found


def _inner_part(previous: list[Component], following: list[Chain]) -> bool:
    """After "Mục V," a lone "khoản 2" with no outer part of its own continues the chain inwards."""
    if len(previous) != 1 or len(following) != 1 or previous[0][0] not in _OUTER_FIRST:
        return False
    words = {word for word, _ in following[0]}
    return previous[0][0] not in words and all(_is_outer(component, previous[0]) for component in following[0])


def _group(scanner: _Scanner, start: int) -> Citation:
    text = scanner.text
    range_start = re.search(r"(?:từ\s+)$", text[max(0, start - 4) : start], re.IGNORECASE)
    chains: list[list[Component]] = []
    ranges: list[tuple[list[Component], list[Component]]] = []
    pos = start
    comma = False
    while True:
        found = scanner.chain(pos)
        if found is None:
            break
        new_chains, pos = found
        if comma and chains and _inner_part(chains[-1], new_chains):
            chains[-1] = list(new_chains[0]) + chains[-1]  # "Mục V, khoản 2" is khoản 2 Mục V
            new_chains = []
        dash = _RANGE.match(text, pos)
        if (range_start or dash) and dash and dash.end() > pos:
            second = scanner.chain(dash.end())
            if second and second[0][0][0][0] == new_chains[-1][0][0]:
                ranges.append((new_chains[-1], second[0][0]))
                chains.extend(new_chains[:-1])
                pos = second[1]
                range_start = None
                continue
        chains.extend(new_chains)
        separator = _LIST.match(text, pos)
        if not separator or not _COMPONENT.match(text, separator.end()):
            break
        comma = separator.group().strip() == ","
        pos = separator.end()
    all_chains = _inherit_tails(chains + [chain for pair in ranges for chain in pair])
    plain, ranged = all_chains[: len(chains)], all_chains[len(chains) :]
    citation = Citation(start=start, end=pos, chains=plain)
    citation.ranges = [(ranged[i], ranged[i + 1]) for i in range(0, len(ranged), 2)]
    return citation


def parse_ref(ref: str) -> Chain:
    """The chain of one of the draft's own refs ("khoản 2 Mục II Điều 1"); empty when it is not a citation.

    The refs are read with the grammar that wrote them (:func:`citations.parse_citation`), then normalised as
    prose citations are, so both meet on the same components.
    """
    pairs = parse_citation(ref)
    if pairs:
        chain = []
        for word, label in pairs:
            word = " ".join(word.lower().split())
            if word == "phần mở đầu":
                word, label = "phần", "mở đầu"
            if word not in _WORDS:
                return ()  # an attachment named by its type ("Chương trình hành động"): not cited by number
            word = _WORDS[word]
            chain.append((word, normalise_label(word, label) if label else ""))
        return tuple(chain)
    citations = find_citations(ref)
    if not citations or not citations[0].chains:
        return ()
    return citations[0].chains[0]
