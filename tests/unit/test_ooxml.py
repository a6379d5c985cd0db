"""Reproducible Office packages: every zip entry stamped with the given date, the document's own dates kept."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from openpyxl import Workbook, load_workbook

from commentsvc.synthesis.ooxml import reproducible_zip, workbook_bytes

ON = date(2026, 3, 9)


def _workbook() -> Workbook:
    workbook = Workbook(write_only=True)
    workbook.create_sheet("Tổng hợp").append(["Góp ý", 1])
    workbook.properties.created = workbook.properties.modified = datetime(2026, 3, 9)
    return workbook


def test_workbook_bytes_stamps_every_entry_and_keeps_the_modified_date():
    data = workbook_bytes(_workbook(), ON)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert {info.date_time for info in archive.infolist()} == {(2026, 3, 9, 0, 0, 0)}
        assert "xl/worksheets/sheet1.xml" in archive.namelist()
    reopened = load_workbook(io.BytesIO(data))
    assert reopened["Tổng hợp"]["A1"].value == "Góp ý"
    assert reopened.properties.modified == datetime(2026, 3, 9)  # workbook.save would write the current time
    assert workbook_bytes(_workbook(), ON) == data


def test_reproducible_zip_restamps_and_replaces():
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("a.xml", "<a/>")
        archive.writestr("b.xml", "<b/>")
    data = reproducible_zip(source.getvalue(), ON, {"b.xml": b"<c/>"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [(info.filename, info.date_time) for info in archive.infolist()] == [
            ("a.xml", (2026, 3, 9, 0, 0, 0)),
            ("b.xml", (2026, 3, 9, 0, 0, 0)),
        ]
        assert archive.read("b.xml") == b"<c/>"
