"""Vietnamese-aware search text: folding, query terms, highlighting. Pure (no Flask, no database).

Folding drops every diacritic and đ/Đ → d, the same as the database's index does (FTS5's unicode61 with
remove_diacritics 2 plus the đ fold of the triggers; PostgreSQL's unaccent), so "tiep thu" finds "tiếp thu" and
text typed in NFD finds text stored in NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

MAX_TERMS = 12
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


@dataclass(frozen=True)
class Query:
    """The words to find, folded; the last one also matches as a prefix ("tiep th" finds "tiếp thu")."""

    terms: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        return cls(tuple(_WORD.findall(fold(text or "")))[:MAX_TERMS])

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts5(self) -> str:
        """FTS5 MATCH syntax: every word (quoted, so no word is read as an operator), the last as a prefix."""
        return " ".join(f'"{term}"' for term in self.terms) + "*"

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery('simple', …) syntax; the terms hold word characters only."""
        return " & ".join(self.terms) + ":*"

    def matches(self, word: str) -> bool:
        folded = fold(word)
        return folded in self.terms[:-1] or folded.startswith(self.terms[-1])

    def found_in(self, text: str) -> bool:
        """Whether ``text`` holds every term as a word (the last one as the start of a word); an empty query: yes."""
        if not self.terms:
            return True
        words = set(_WORD.findall(fold(text)))
        last = self.terms[-1]
        return set(self.terms[:-1]) <= words and any(word.startswith(last) for word in words)


def highlight(text: str, query: Query, *, width: int = 0) -> Markup:
    """``text`` escaped, the matching words in <mark>; with ``width``, only a window of about that many characters
    around the first match (long clauses), with "…" where text was left out."""
    spans = [m.span() for m in _WORD.finditer(text) if query and query.matches(m.group())]
    start, end = 0, len(text)
    if width and len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), start + width)
        if end < len(text):
            end = max(text.rfind(" ", start, end), first + 1)
    out = [Markup("…") if start else Markup("")]
    cursor = start
    for left, right in spans:
        if left < start or right > end:
            continue
        out.append(escape(text[cursor:left]))
        out.append(Markup("<mark>%s</mark>") % text[left:right])
        cursor = right
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(Markup("…"))
    return Markup("").join(out)
