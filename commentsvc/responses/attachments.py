"""The reply letter attached to a submission: PDF or DOCX (JPEG/PNG scans too when the team enters a paper reply).

The kind is read from the bytes (:func:`commentsvc.core.uploads.sniff_kind`), never from the name. Pure: no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentsvc.core.errors import UserError
from commentsvc.core.uploads import safe_filename, sniff_kind
from commentsvc.drafts import docx_safety
from commentsvc.drafts.model import SplitError

MAX_BYTES = 10 * 1024 * 1024
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "jpeg": ".jpg", "png": ".png"}


def sniff_image(data: bytes) -> str | None:
    """ "jpeg" or "png" (a scanned letter) by magic bytes, else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{size // 1024} kB"


@dataclass(frozen=True)
class CheckedFile:
    """An upload whose kind was read from its bytes; ``name`` is sanitised and ends with the real kind's extension."""

    name: str
    kind: str
    data: bytes

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def _check_docx(data: bytes) -> None:
    # Kept and handed to the team's Word as it is: a zip bomb or a DTD (XXE, "billion laughs") is refused like a draft.
    try:
        docx_safety.check_package(data)
    except SplitError as error:
        raise UserError(str(error), field="attachment") from error


def check_attachment(data: bytes, filename: str, *, allow_images: bool = False, max_bytes: int = MAX_BYTES):
    """A CheckedFile, or UserError (Vietnamese) for a file too large, empty, or of another kind."""
    if len(data) > max_bytes:
        raise UserError(
            f"Tệp đính kèm quá lớn: dung lượng tối đa là {size_label(max_bytes)}. Vui lòng chọn tệp khác.",
            413,
            field="attachment",
        )
    if not data:
        raise UserError("Tệp đính kèm rỗng; vui lòng chọn lại tệp.", field="attachment")
    kind = sniff_kind(data) or (sniff_image(data) if allow_images else None)
    if kind is None:
        allowed = "PDF, DOCX, JPEG hoặc PNG" if allow_images else "PDF hoặc DOCX"
        raise UserError(
            f"Tệp đính kèm phải là {allowed}; nội dung tệp đã gửi không phải định dạng này. Vui lòng chọn lại tệp.",
            field="attachment",
        )
    if kind == "docx":
        _check_docx(data)
    stem = safe_filename(filename).rsplit(".", 1)[0]
    return CheckedFile(name=stem + EXTENSIONS[kind], kind=kind, data=data)
