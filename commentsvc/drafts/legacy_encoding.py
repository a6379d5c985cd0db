"""Legacy Vietnamese encodings (before Unicode, TCVN 6909:2001, became mandatory).

TCVN3 (ABC, TCVN 5712:1993) is a single-byte encoding used with the ".Vn…" fonts (.VnTime, .VnArial…). Word
stores its bytes as the Latin-1 code points of the same value, so "Phát triển" typed in .VnTime appears in the
docx as "Ph¸t triÓn". The ".Vn…H" fonts (.VnTimeH) draw the lower-case codes as capitals, so text in those
fonts is upper-cased after conversion. TCVN3 is converted; VNI (VNI-Times…) uses two code points per
accented letter that collide with ordinary Latin-1 letters, so it is refused rather than guessed.
"""

from __future__ import annotations

_TCVN3_CODES = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

TCVN3_TO_UNICODE = {code: letter for code, letter in _TCVN3_CODES.items()}
UNICODE_TO_TCVN3 = {letter: chr(code) for code, letter in _TCVN3_CODES.items()}
_TRANSLATION = str.maketrans(TCVN3_TO_UNICODE)

# Latin-1 characters that TCVN3 uses for Vietnamese letters but that never occur in Vietnamese Unicode text.
_TCVN3_TELLTALES = frozenset("¸µ¶¹¨©ª¬­®ÆÇËÎÏÑÖ×ØÜÞßåæçëîïñö÷øûüþ¼½¾")


def is_tcvn3_font(name: str) -> bool:
    return name.strip().lower().startswith(".vn")


def is_tcvn3_capitals_font(name: str) -> bool:
    return is_tcvn3_font(name) and name.strip().endswith("H")


def is_vni_font(name: str) -> bool:
    return name.strip().upper().startswith("VNI")


def tcvn3_to_unicode(text: str, capitals: bool = False) -> str:
    """Convert text typed in a TCVN3 font; ``capitals`` for the ".Vn…H" fonts that draw capitals only."""
    converted = text.translate(_TRANSLATION)
    return converted.upper() if capitals else converted


def unicode_to_tcvn3(text: str) -> str:
    """The inverse (lower-case letters only), to build test files the way old Word files store them."""
    return "".join(UNICODE_TO_TCVN3.get(char, char) for char in text)


def looks_like_tcvn3(text: str) -> bool:
    """Heuristic for TCVN3 text shown in a Unicode font: many characters that Vietnamese never uses."""
    telltales = sum(1 for char in text if char in _TCVN3_TELLTALES)
    return telltales >= 10 and telltales * 30 >= len(text)
