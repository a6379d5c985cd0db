"""Split a draft (.docx, .md, .txt) into the units agencies comment on.

Entry points: :func:`split_document` (units and where every character went), :func:`split_bytes` and
:func:`split_path` (units only), :func:`units_to_json`; errors are :class:`SplitError` with a Vietnamese
message. The format is recognised by content, never by the file name:

- a zip archive holding ``word/document.xml`` is a .docx (checked by :mod:`docx_safety`, read by
  :mod:`docx_reader`);
- an OLE2 compound file is an old Word .doc, or a password-protected .docx when it holds an ``EncryptionInfo``
  stream; both are refused with a message saying so;
- UTF-8 (or UTF-16 with a byte-order mark) text without NUL bytes is a plain-text draft;
- anything else is refused.

The units' kinds, labels and citations are described in :mod:`structure` and :mod:`citations`; the preview
corrections are in :mod:`corrections`.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from commentsvc.drafts.accounting import Tally, thousands
from commentsvc.drafts.docx_reader import Margins, read_docx
from commentsvc.drafts.model import (
    KINDS,
    MSG_EMPTY,
    MSG_ENCRYPTED,
    MSG_NO_UNITS,
    MSG_NOT_SUPPORTED,
    MSG_OLD_DOC,
    MSG_TOO_LARGE,
    MSG_TOO_MANY_PARAGRAPHS,
    MSG_TOO_MANY_UNITS,
    Block,
    SplitError,
    Table,
    Toc,
    Unit,
)
from commentsvc.drafts.numbering_checks import NumberingWarning, check_numbering
from commentsvc.drafts.structure import build_split, clean
from commentsvc.drafts.text_reader import decode_text, read_text

__all__ = [
    "KINDS",
    "Limits",
    "Split",
    "SplitError",
    "Unit",
    "detect_format",
    "split_bytes",
    "split_document",
    "split_path",
    "split_path_document",
    "units_to_json",
]

MAX_FILE_SIZE = 50 * 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_WORKBOOK = "Workbook".encode("utf-16-le")
_POWERPOINT = "PowerPoint Document".encode("utf-16-le")


def _zip_has_document(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return True  # looks like a zip but is broken: let the docx reader report it as corrupt


def detect_format(data: bytes) -> str:
    """ "docx" or "text", or :class:`SplitError` for files that are neither."""
    if data.startswith(OLE2_MAGIC):
        if _ENCRYPTION_INFO in data:
            raise SplitError(MSG_ENCRYPTED)
        if _WORKBOOK in data or _POWERPOINT in data:
            raise SplitError(MSG_NOT_SUPPORTED)
        raise SplitError(MSG_OLD_DOC)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        if not _zip_has_document(data):
            raise SplitError(MSG_NOT_SUPPORTED)
        return "docx"
    return "text"


def _has_text(blocks: list[Block]) -> bool:
    for block in blocks:
        if isinstance(block, Table):
            if any(cell.strip() for row in block.rows for cell in row):
                return True
        elif (block.text if isinstance(block, Toc) else block).strip():
            return True
    return False


@dataclass(frozen=True)
class Limits:
    """How much of a document one import may hold. Paragraphs are counted before anything is parsed, so a file
    of half a million short paragraphs is refused in a fraction of a second and a few MB; units after the split.
    The defaults take the longest codes (the Civil Code has about 2,500 units; a 20,000-unit code passes)."""

    max_paragraphs: int = 150_000
    max_units: int = 30_000

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(
            int(config.get("DRAFT_MAX_PARAGRAPHS", cls.max_paragraphs)),
            int(config.get("DRAFT_MAX_UNITS", cls.max_units)),
        )

    def check_paragraphs(self, count: int) -> None:
        if count > self.max_paragraphs:
            raise SplitError(
                MSG_TOO_MANY_PARAGRAPHS.format(count=thousands(count), limit=thousands(self.max_paragraphs))
            )

    def check_units(self, count: int) -> None:
        if count > self.max_units:
            raise SplitError(MSG_TOO_MANY_UNITS.format(count=thousands(count), limit=thousands(self.max_units)))


@dataclass(frozen=True)
class Split:
    """A split draft: its units, the tally of where all of its text went (see :mod:`accounting`) and the
    warnings about its numbering (see :mod:`numbering_checks`)."""

    units: list[Unit]
    tally: Tally
    warnings: list[NumberingWarning]

    def summary(self) -> dict:
        """The tally and the warnings as plain data (the CLI's ``{"summary": …}``)."""
        return self.tally.to_json() | {"warnings": [asdict(warning) for warning in self.warnings]}


def split_bytes(data: bytes, filename: str = "", limits: Limits | None = None) -> list[Unit]:
    """Units of a draft given as bytes; ``filename`` is informative only (the content decides the format)."""
    return split_document(data, filename, limits).units


def split_document(data: bytes, filename: str = "", limits: Limits | None = None) -> Split:
    """Units of a draft given as bytes, where every character of it went, and its numbering warnings."""
    limits = limits or Limits()
    if len(data) > MAX_FILE_SIZE:
        raise SplitError(MSG_TOO_LARGE)
    if not data.strip():
        raise SplitError(MSG_EMPTY)
    margins = Margins()
    if detect_format(data) == "docx":
        blocks = read_docx(data, check_paragraphs=limits.check_paragraphs, margins=margins)
    else:
        text = decode_text(data)
        limits.check_paragraphs(text.count("\n") + 1)
        blocks = read_text(text)
    limits.check_paragraphs(len(blocks))  # also for a .docx whose XML prefix the byte count missed
    if not _has_text(blocks):
        raise SplitError(MSG_EMPTY)
    units, tally = build_split(blocks)
    for text in margins.headers_footers:
        tally.add("headers_footers", clean(text))
    for comment in margins.comments:
        tally.add_comment(clean(comment.author), clean(comment.text))
    if not units:
        raise SplitError(MSG_NO_UNITS)
    limits.check_units(len(units))
    return Split(units, tally, check_numbering(units))


def split_path(path: str | Path) -> list[Unit]:
    return split_path_document(path).units


def split_path_document(path: str | Path, limits: Limits | None = None) -> Split:
    path = Path(path)
    if path.stat().st_size > MAX_FILE_SIZE:
        raise SplitError(MSG_TOO_LARGE)
    return split_document(path.read_bytes(), path.name, limits)


def units_to_json(units: list[Unit]) -> list[dict]:
    """Plain dicts for templates, the API and the CLI: kind, label, ref, depth, text, parent, position."""
    return [
        {
            "kind": unit.kind,
            "label": unit.label,
            "ref": unit.ref,
            "depth": unit.depth,
            "text": unit.text,
            "parent": unit.parent,
            "position": unit.position,
        }
        for unit in units
    ]
