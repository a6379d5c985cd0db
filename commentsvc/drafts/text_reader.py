"""Drafts written as plain text (.txt) or Markdown (.md): decoding and reading into blocks.

Every non-empty line is a paragraph (drafts typed as text put one clause per line), except a line that starts in
lower case and goes on with the sentence of the line above (text copied from a web page with hard-wrapped lines).
Markdown decoration is removed: "#" headings, "**bold**", "__bold__", "*italics*", "> " quotes, "\\." escapes;
"* " list marks become dashes, but a list mark before a legal label ("- a) …", "* 2. …") is dropped: the label decides.
Horizontal rules ("---") stay lines of their own; the structure builder counts them as separators.
A run of lines starting with "|" is a table; its "|---|" separator line is skipped. A row whose cells after the
first all hold the same text ("I | Hoàn thiện thể chế | Hoàn thiện thể chế | …") is a group row merged across the
table in the original, which converters to Markdown write once per column: it is read as one cell.
"""

from __future__ import annotations

import codecs
import re

from commentsvc.drafts.model import MSG_LEGACY_TEXT, MSG_NOT_SUPPORTED, Block, SplitError, Table
from commentsvc.drafts.structure import classify

_MARKUP_START = (b"<!doctype", b"<html", b"<?xml", b"<svg", b"{\\rtf", b"%pdf")
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}")
_HEADING_MARK = re.compile(r"^(?:#{1,6}\s+|>\s*)")
_EMPHASIS = re.compile(r"\*\*|__")
_STAR_LIST = re.compile(r"^\*\s+")
_ITALICS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MARK_BEFORE_LABEL = re.compile(r"^[-*+]\s+(?=[a-zđ]\d{0,2}\)|\d{1,3}\.\s)")
_ESCAPE = re.compile(r"\\([.)\-+*#|_])")


def _rule_like(text: str) -> bool:
    return not any(char.isalnum() for char in text)


def _is_controls(text: str) -> bool:
    return any(ord(char) < 32 and char not in "\t\n\r\f" for char in text[:100_000])


def _legacy_bytes(data: bytes) -> bool:
    """8-bit text that is not UTF-8: mostly printable ASCII with some high bytes (TCVN3, VNI, CP1258)."""
    sample = data[:100_000]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13, 12))
    high = sum(1 for byte in sample if byte >= 128)
    return controls == 0 and 0 < high <= len(sample) // 2


def decode_text(data: bytes) -> str:
    """Text of a UTF-8 (BOM optional) or UTF-16 (with BOM) file, or :class:`SplitError`."""
    if data.lstrip()[:20].lower().startswith(_MARKUP_START):
        raise SplitError(MSG_NOT_SUPPORTED)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SplitError(MSG_NOT_SUPPORTED) from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SplitError(MSG_LEGACY_TEXT if _legacy_bytes(data) else MSG_NOT_SUPPORTED) from exc
    if "\x00" in text or _is_controls(text):
        raise SplitError(MSG_NOT_SUPPORTED)
    if text.lstrip()[:20].encode("utf-8").lower().startswith(_MARKUP_START):
        raise SplitError(MSG_NOT_SUPPORTED)
    return text


def _unmark(line: str) -> str:
    line = _HEADING_MARK.sub("", line.strip())
    line = _ITALICS.sub(r"\1", _EMPHASIS.sub("", _MARK_BEFORE_LABEL.sub("", line)))
    line = _STAR_LIST.sub("- ", line)
    return _ESCAPE.sub(r"\1", line).strip()


def _cells(line: str) -> list[str]:
    cells = [_unmark(cell) for cell in line.strip().strip("|").split("|")]
    if len(cells) > 2 and cells[1] and cells.count(cells[1]) == len(cells) - 1 and cells[0] != cells[1]:
        return cells[:2]  # a group row merged across the table, written once per column by the converter
    return cells


def read_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    table: Table | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if table is None:
                table = Table()
                blocks.append(table)
            if not _SEPARATOR.match(line):
                table.rows.append(_cells(line))
            continue
        table = None
        line = _unmark(line)
        if not line:
            continue
        previous = blocks[-1] if blocks and isinstance(blocks[-1], str) else None
        if previous and _wrapped(previous, line):
            blocks[-1] = f"{previous} {line}"
        else:
            blocks.append(line)
    return blocks


def _wrapped(previous: str, line: str) -> bool:
    """``line`` goes on with the sentence of ``previous``, cut by a hard line break (text copied from a web page
    with its lines wrapped): it starts in lower case, is not a label ("a)", "đ)"), and ``previous`` does not end
    a sentence or an item."""
    if not line[0].islower() or previous[-1] in ".;:!?" or _rule_like(previous):
        return False
    return classify(line) is None  # the builder's own reading of labels
