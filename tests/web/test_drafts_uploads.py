"""commentsvc.core.uploads: names from browsers made safe, content recognised by its bytes (pure, no app)."""

from __future__ import annotations

import pytest

from commentsvc.core.errors import UserError
from commentsvc.core.uploads import check_upload, content_disposition, safe_filename, sniff_kind
from tests.web.drafts_helpers import SAMPLES


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("C:\\Users\\an\\Dự thảo Nghị định.docx", "Dự thảo Nghị định.docx"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b<script>.md", "ab_script_.md"),
        ("  ..hidden.txt  ", "hidden.txt"),
        ("", "tep"),
        ("Du\u031b\u0323 tha\u0309o.md", "Dự thảo.md"),  # decomposed (NFD) input comes back composed
    ],
)
def test_safe_filename(sent, stored):
    assert safe_filename(sent) == stored


def test_long_names_keep_their_extension():
    name = safe_filename("x" * 300 + ".docx")
    assert len(name) == 120 and name.endswith("x.docx")


def test_content_disposition_has_an_ascii_and_a_utf8_name():
    header = content_disposition("Bản tổng hợp đợt 1.docx")
    assert header == (
        'attachment; filename="Ban_tong_hop_dot_1.docx"; '
        "filename*=UTF-8''B%E1%BA%A3n%20t%E1%BB%95ng%20h%E1%BB%A3p%20%C4%91%E1%BB%A3t%201.docx"
    )
    assert content_disposition('a"b\r\nc.pdf').startswith('attachment; filename="a_bc.pdf"')


def test_sniff_kind_reads_the_bytes_not_the_name():
    assert sniff_kind((SAMPLES / "nghi-dinh-du-lieu-mo.docx").read_bytes()) == "docx"
    assert sniff_kind(b"%PDF-1.7\n") == "pdf"
    assert sniff_kind(b"PK\x03\x04broken") is None
    assert sniff_kind((SAMPLES / "thong-tu-mau.md").read_bytes()) is None


def test_check_upload_names_the_file_after_its_content():
    checked = check_upload(b"%PDF-1.7\n", "Công văn góp ý.docx")
    assert (checked.name, checked.media_type, checked.kind, checked.size) == (
        "Công văn góp ý.pdf",
        "application/pdf",
        "pdf",
        9,
    )
    assert check_upload(b"\x89PNG\r\n\x1a\n....", "scan", allow_images=True).name == "scan.png"


@pytest.mark.parametrize(
    ("data", "status"),
    [(b"", 400), (b"GIF89a", 400), (b"\x89PNG\r\n\x1a\n", 400), (b"%PDF-" + bytes(100), 413)],
)
def test_check_upload_refusals(data, status):
    with pytest.raises(UserError) as caught:
        check_upload(data, "x.pdf", max_bytes=50)
    assert caught.value.status == status and caught.value.message
