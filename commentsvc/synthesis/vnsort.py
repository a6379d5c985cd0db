"""Vietnamese dictionary order (to move to commentsvc.core.text later).

Letters follow the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y);
the tone marks only break ties, in the order: none, huyền, sắc, hỏi, ngã, nặng.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Breve, circumflex and horn make a different letter (ă, â, ê, ô, ơ, ư); they are not tones.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")


@lru_cache(maxsize=4096)
def _letter_and_tone(char: str) -> tuple[tuple[int, int], int]:
    decomposed = unicodedata.normalize("NFD", char.casefold())
    base = decomposed[:1]
    tone = 0
    for mark in decomposed[1:]:
        if mark in _LETTER_MARKS:
            base += mark
        else:
            tone = _TONE_RANK.get(mark, tone)
    letter = unicodedata.normalize("NFC", base)
    if letter.isspace():
        return (-1, 0), 0  # "An Giang" before "Anh", as in a dictionary
    rank = _LETTER_RANK.get(letter)
    # Letters outside the alphabet (digits, f, j, w, z, punctuation) sort after it, by code point.
    return ((0, rank) if rank is not None else (1, ord(letter[0]) if letter else 0)), tone


def vietnamese_sort_key(text: str) -> tuple:
    """Key for sorted(): base letters first, then tones, then the text itself so the order is total."""
    text = unicodedata.normalize("NFC", text)
    pairs = [_letter_and_tone(char) for char in text]
    return (tuple(letter for letter, _ in pairs), tuple(tone for _, tone in pairs), text)
