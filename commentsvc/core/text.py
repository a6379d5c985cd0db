"""Text helpers: NFC normalisation, Vietnamese alphabetical order, text that XML (Office files) can hold."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z sorted after, as Latin).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tones in dictionary order: none, huyền (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng (dot below).
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter, not the tone


# XML 1.0 forbids most C0 controls; a comment pasted from elsewhere may carry them and would break an Office file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def thousands(number: int) -> str:
    """12.345 — digits grouped the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (DOCX and XLSX are XML)."""
    return _XML_INVALID.sub("", text)


def _split_letter(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = decomposed[0]
    tone = 0
    for mark in decomposed[1:]:
        if mark in _BASE_MARKS:
            base += mark
        else:
            tone = _TONE_RANK.get(mark, tone)
    return unicodedata.normalize("NFC", base), tone


@lru_cache(maxsize=8192)
def vietnamese_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese dictionary order: letters first (đ after d, ư after u), tones break ties.

    Kept per text: the same agency and member names are sorted on every page (90 agencies: 10-30 ms a page)."""
    letters = []
    tones = []
    for char in nfc(text):
        base, tone = _split_letter(char)
        rank = _LETTER_RANK.get(base)
        letters.append((1, rank) if rank is not None else (0, ord(base)))  # "Cà Mau" before "Cao Bằng"
        tones.append(tone)
    return (tuple(letters), tuple(tones), text)
