"""Uploaded files: never trust the name a browser sends, recognise the content by its bytes.

No Flask here: :func:`safe_filename` for names we store, :func:`sniff_kind` for the few binary formats the service
accepts, :func:`check_upload` for an attachment (a reply letter), :func:`content_disposition` for downloads whose
names carry Vietnamese letters.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from flask import Response
from werkzeug.utils import get_content_type

from commentsvc.core.errors import UserError

MAX_NAME_LENGTH = 120
DEFAULT_NAME = "tep"

_UNSAFE = re.compile(r"[^\w .()\-]+")  # \w keeps Vietnamese letters; everything else becomes "_"
_SPACES = re.compile(r"\s+")
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
    "jpg": "image/jpeg",
}
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def safe_filename(name: str | None) -> str:
    """A file name safe to store and show: no folders, no control characters, NFC, at most 120 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # Windows browsers may send "C:\\Users\\...\\x.docx"
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = _SPACES.sub(" ", _UNSAFE.sub("_", name)).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = name, ""
    room = MAX_NAME_LENGTH - (len(suffix) + 1 if suffix else 0)
    stem = stem[:room].rstrip(" .") or DEFAULT_NAME
    return f"{stem}.{suffix}" if suffix else stem


def ascii_filename(name: str) -> str:
    """The same name without diacritics (đ → d) for old clients that only read the plain ``filename=``."""
    name = name.replace("đ", "d").replace("Đ", "D")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _ASCII_UNSAFE.sub("_", name.replace(" ", "_")).strip("._") or DEFAULT_NAME


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the exact UTF-8 name in ``filename*`` (RFC 6266)."""
    name = safe_filename(name)
    return f"attachment; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(data: bytes, media_type: str, name: str) -> Response:
    """A stored file sent back as a download under its own (sanitised) name."""
    response = Response(data)
    # Once: "text/plain; charset=utf-8" given as a mimetype would get a second charset from Werkzeug.
    response.content_type = media_type if "charset=" in media_type else get_content_type(media_type, "utf-8")
    response.headers["Content-Disposition"] = content_disposition(name)
    return response


def sniff_kind(data: bytes) -> str | None:
    """ "pdf" or "docx" judged by the bytes, else None. Reads only the zip's central directory."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
            return None
    return None


def _sniff_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return "jpg" if data.startswith(b"\xff\xd8\xff") else None


@dataclass(frozen=True)
class CheckedFile:
    """An upload whose content was recognised: a safe name with the right extension, its media type, its bytes."""

    name: str
    media_type: str
    data: bytes
    kind: str

    @property
    def size(self) -> int:
        return len(self.data)


def check_upload(
    data: bytes,
    filename: str | None,
    *,
    allow_images: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    field: str | None = None,
) -> CheckedFile:
    """A PDF or .docx (or an image when allowed) judged by its bytes, or :class:`UserError` in Vietnamese (shown
    beside the form's ``field`` when one is named)."""
    if len(data) > max_bytes:
        raise UserError(f"Tệp quá lớn (tối đa {max_bytes // (1024 * 1024)} MB).", 413, field=field)
    if not data:
        raise UserError("Tệp rỗng; vui lòng chọn lại tệp.", field=field)
    kind = sniff_kind(data) or (_sniff_image(data) if allow_images else None)
    if kind is None:
        accepted = "PDF, Word (.docx) hoặc ảnh (PNG, JPEG)" if allow_images else "PDF hoặc Word (.docx)"
        raise UserError(f"Chỉ nhận tệp {accepted}; nội dung tệp đã chọn không đúng định dạng này.", field=field)
    stem = safe_filename(filename).rpartition(".")[0] or safe_filename(filename)
    return CheckedFile(name=f"{stem}.{kind}", media_type=MEDIA_TYPES[kind], data=data, kind=kind)
