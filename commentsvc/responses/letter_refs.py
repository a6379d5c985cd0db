"""Which clauses of the draft a letter's citation or quotation names.

Every clause gets a *full chain*: its own ref's components followed by those of its ancestors that the ref
leaves out ("Điều 5" sits in "Chương I", so its full chain is Điều 5, Chương I). A citation matches a clause
when its innermost component is the clause's own and its other components appear, in order, further up the
full chain: "khoản 3 Mục III" matches "khoản 3 Mục III Điều 1" of a strategy. A citation matching several
clauses ("khoản 2" alone) is settled by the context (the article of the heading it sits under), or left
unresolved rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commentsvc.drafts.citation_parsing import THIS, Chain, parse_ref


@dataclass(frozen=True)
class DraftClause:
    """What the reader needs of a clause: its citation, its own text and its parent (an index in the list)."""

    ref: str
    text: str
    parent: int | None = None


def clauses_from_units(units) -> list[DraftClause]:
    """The splitter's units (parents are already list indexes)."""
    return [DraftClause(unit.ref, unit.text, unit.parent) for unit in units]


def clauses_from_rows(rows) -> list[DraftClause]:
    """Clause rows of a draft version, in position order (parents are row ids, turned into indexes)."""
    index_of = {row.id: index for index, row in enumerate(rows)}
    return [DraftClause(row.ref, row.text, index_of.get(row.parent_id)) for row in rows]


_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_ELLIPSIS = re.compile(r"\s*(?:…|\.{3,}|\[…\]|\(…\))\s*")
_PUNCT_EDGES = re.compile(r"^[\s\"'.,;:]+|[\s\"'.,;:]+$")


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_CHARS).casefold()
    return " ".join(text.split())


class ClauseIndex:
    def __init__(self, clauses: Sequence[DraftClause]):
        self.clauses = list(clauses)
        self.chains: list[Chain] = []
        for clause in self.clauses:
            own = list(parse_ref(clause.ref))
            if clause.parent is not None and clause.parent < len(self.chains):
                own.extend(c for c in self.chains[clause.parent] if c not in own)
            self.chains.append(tuple(own))
        self._by_head: dict = {}
        for index, chain in enumerate(self.chains):
            if chain:
                self._by_head.setdefault(chain[0], []).append(index)
        self._texts = [_plain(clause.text) for clause in self.clauses]

    def __len__(self) -> int:
        return len(self.clauses)

    def ref(self, index: int) -> str:
        return self.clauses[index].ref

    def _matches(self, chain: Chain) -> list[int]:
        candidates = self._by_head.get(chain[0], [])
        return [index for index in candidates if _is_subsequence(chain[1:], self.chains[index][1:])]

    def resolve(self, chain: Chain, context: int | None = None) -> int | None:
        """The one clause ``chain`` names, using ``context`` (a clause index) for "khoản này" and partial chains."""
        chain = self._with_this(chain, context)
        if not chain:
            return None
        matches = self._matches(chain)
        if len(matches) > 1 and context is not None:
            # the clause sharing most of the context's ancestry: "khoản 2" under a heading about Điều 5
            around = set(self.chains[context])
            scores = sorted(((len(around & set(self.chains[i])), i) for i in matches), reverse=True)
            if scores[0][0] > 0 and scores[0][0] > scores[1][0]:
                return scores[0][1]
        return matches[0] if len(matches) == 1 else None

    def _with_this(self, chain: Chain, context: int | None) -> Chain:
        """ "khoản này" is the context's khoản; "khoản 2 Điều này" is khoản 2 of the context's article."""
        if not any(label == THIS for _, label in chain):
            return chain
        if context is None:
            return ()
        around = self.chains[context]
        resolved = []
        for word, label in chain:
            if label != THIS:
                resolved.append((word, label))
                continue
            found = next((c for c in around if c[0] == word), None)
            if found is None:
                return ()
            resolved.append(found)
            resolved.extend(c for c in around[around.index(found) + 1 :] if c not in resolved)
            break
        return tuple(resolved)

    def expand_range(self, first: int, last: int) -> list[int]:
        """ "từ Điều 3 đến Điều 5": the siblings of ``first`` of the same kind up to ``last``, Điều 4a included."""
        if last < first:
            first, last = last, first
        word, parent = self.chains[first][0][0], self.clauses[first].parent
        return [
            index
            for index in range(first, last + 1)
            if self.chains[index] and self.chains[index][0][0] == word and self.clauses[index].parent == parent
        ]

    def find_quoted(self, quote: str) -> int | None:
        """The most specific clause whose own text holds every fragment of ``quote`` in order ("90% hồ sơ … số hóa")."""
        fragments = [_PUNCT_EDGES.sub("", part) for part in _ELLIPSIS.split(_plain(quote))]
        fragments = [part for part in fragments if len(part) >= 4]
        if not fragments:
            return None
        found = [index for index, text in enumerate(self._texts) if _in_order(fragments, text)]
        if not found:
            return None
        return max(found, key=lambda index: (len(self.chains[index]), -index))

    def known(self, chain: Chain) -> bool:
        return bool(self._matches(chain)) if chain and all(label != THIS for _, label in chain) else True


def _is_subsequence(needle: Iterable, haystack: Sequence) -> bool:
    iterator = iter(haystack)
    return all(any(item == candidate for candidate in iterator) for item in needle)


def _in_order(fragments: list[str], text: str) -> bool:
    position = 0
    for fragment in fragments:
        found = text.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True
