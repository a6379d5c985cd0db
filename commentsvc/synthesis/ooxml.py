"""Helpers shared by the Office Open XML exporters (DOCX, XLSX): reproducible zips and XML-safe text."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from commentsvc.core.text import xml_safe

__all__ = ["reproducible_zip", "xml_safe"]


def reproducible_zip(data: bytes, on: date, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip package with every entry stamped `on` (zip writers stamp the current time otherwise)."""
    replace = replace or {}
    stamp = (on.year, on.month, on.day, 0, 0, 0)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, replace.get(info.filename, source.read(info.filename)))
    return output.getvalue()
