"""Helpers shared by the Office Open XML exporters (DOCX, XLSX): reproducible zips and XML-safe text."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date

from openpyxl.writer.excel import ExcelWriter

from commentsvc.core.text import xml_safe

__all__ = ["reproducible_zip", "workbook_bytes", "xml_safe"]


class StampedZip(zipfile.ZipFile):
    """A zip being written whose every entry is stamped `on` (zip writers stamp the current time otherwise)."""

    def __init__(self, file, on: date):
        # The fastest deflate level: a 10,000-comment workbook is written in less time and is about as small.
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=1)
        self.stamp = (on.year, on.month, on.day, 0, 0, 0)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        entry = zipfile.ZipInfo(getattr(zinfo_or_arcname, "filename", zinfo_or_arcname), date_time=self.stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        super().writestr(entry, data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as source:
            self.writestr(arcname or os.path.basename(filename), source.read())


def reproducible_zip(data: bytes, on: date, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a zip package with every entry stamped `on`."""
    replace = replace or {}
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, StampedZip(output, on) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
    return output.getvalue()


def workbook_bytes(workbook, on: date) -> bytes:
    """An openpyxl workbook saved with every entry stamped `on`, compressed once (a 10,000-comment synthesis is
    written straight into the stamped zip instead of being rewritten by reproducible_zip afterwards). Unlike
    ``workbook.save``, this keeps the document properties as the caller set them ("modified" included)."""
    output = io.BytesIO()
    ExcelWriter(workbook, StampedZip(output, on)).save()  # save() closes the archive
    return output.getvalue()
