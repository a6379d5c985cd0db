"""File names for the exported synthesis: ASCII only, so browsers, mail clients and file systems keep them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


def ascii_slug(text: str) -> str:
    """ "Dự thảo Nghị định dữ liệu mở" -> "du-thao-nghi-dinh-du-lieu-mo" (đ has no decomposition: map it)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", text).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def export_filename(draft_title: str, round_number: int, on: date, ext: str) -> str:
    slug = ascii_slug(draft_title) or "du-thao"
    extension = ascii_slug(ext) or "bin"
    return f"tong-hop-y-kien_{slug}_lan-{int(round_number)}_{on.isoformat()}.{extension}"
