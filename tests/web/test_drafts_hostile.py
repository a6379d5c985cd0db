"""Files that are not drafts, or are built to hurt: refused on the upload form with the splitter's message,
quickly, with nothing stored, and the server keeps answering."""

from __future__ import annotations

import html
import io
import zipfile

import pytest

from commentsvc.drafts.legacy_encoding import unicode_to_tcvn3
from commentsvc.drafts.model import (
    MSG_CORRUPT,
    MSG_EMPTY,
    MSG_ENCRYPTED,
    MSG_LEGACY_TEXT,
    MSG_NOT_SUPPORTED,
    MSG_OLD_DOC,
    MSG_UNSAFE_XML,
    MSG_ZIP_BOMB,
)
from tests.unit.docx_factory import DocxFactory, document_xml, replace_part
from tests.web.drafts_helpers import SAMPLES, preview_token_of, stored_counts, upload

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XXE = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


def _valid_docx() -> bytes:
    factory = DocxFactory()
    factory.para("Điều 1. Phạm vi điều chỉnh")
    return factory.to_bytes()


def _zip_bomb() -> bytes:
    """A real .docx plus 64 MB of zeros that deflate to about 64 kB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document_xml("<w:p><w:r><w:t>Điều 1. Một</w:t></w:r></w:p>"))
        with archive.open("word/media/image1.bin", "w") as entry:
            for _ in range(64):
                entry.write(bytes(1024 * 1024))
    return out.getvalue()


HOSTILE = {
    "png": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "anh.docx", MSG_NOT_SUPPORTED),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "du-thao.pdf", MSG_NOT_SUPPORTED),
    "html": (lambda: b"<!DOCTYPE html><html><body>Dieu 1.</body></html>", "du-thao.md", MSG_NOT_SUPPORTED),
    "xlsx": (lambda: _zip_of({"xl/workbook.xml": b"<x/>"}), "bang.docx", MSG_NOT_SUPPORTED),
    "encrypted": (
        lambda: OLE2 + "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le"),
        "mat-khau.docx",
        MSG_ENCRYPTED,
    ),
    "old-doc": (lambda: OLE2 + "WordDocument".encode("utf-16-le") + bytes(100), "cu.doc", MSG_OLD_DOC),
    "corrupt": (lambda: _valid_docx()[:1500], "hong.docx", MSG_CORRUPT),
    "zip-bomb": (_zip_bomb, "bom.docx", MSG_ZIP_BOMB),
    "xxe": (lambda: replace_part(_valid_docx(), "word/document.xml", XXE.encode()), "xxe.docx", MSG_UNSAFE_XML),
    "laughs": (lambda: replace_part(_valid_docx(), "word/styles.xml", LAUGHS.encode()), "lol.docx", MSG_UNSAFE_XML),
    "empty-docx": (lambda: DocxFactory().to_bytes(), "trong.docx", MSG_EMPTY),
    "empty-text": (lambda: b"\n  \n", "trong.txt", MSG_EMPTY),
    "zero-bytes": (lambda: b"", "rong.md", MSG_EMPTY),
    "tcvn3-text": (
        lambda: unicode_to_tcvn3("Điều 1. Phạm vi điều chỉnh của Nghị định").encode("latin-1"),
        "cu.txt",
        MSG_LEGACY_TEXT,
    ),
}


def _zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def drafter(factory, login):
    user = factory.drafter()
    login(user)
    return user


def _refused_quickly(response_of, message: str) -> str:
    response = response_of()
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert html.escape(message) in page
    return page


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_upload_is_refused_on_the_form(client, db, drafter, case):
    build, filename, message = HOSTILE[case]
    data = build()
    before = stored_counts(db)
    page = _refused_quickly(lambda: upload(client, data, filename, title="Tên giữ lại"), message)
    assert 'value="Tên giữ lại"' in page and 'enctype="multipart/form-data"' in page  # the form, filled in
    assert stored_counts(db) == before
    assert client.get("/drafts/").status_code == 200


@pytest.mark.parametrize("case", ["zip-bomb", "xxe", "encrypted"])
def test_hostile_new_version_and_replacement_are_refused(client, db, factory, drafter, case):
    build, filename, message = HOSTILE[case]
    version = factory.draft_version(unit=drafter.drafting_unit)
    pending_id = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "a.md"))
    before = stored_counts(db)
    _refused_quickly(lambda: upload(client, build(), filename, url=f"/drafts/{version.draft_id}/versions/new"), message)
    _refused_quickly(lambda: upload(client, build(), filename, url=f"/drafts/imports/{pending_id}/file"), message)
    assert stored_counts(db) == before


def test_missing_title_or_file_keeps_the_form(client, db, drafter):
    response = client.post("/drafts/new", data={"title": "", "kind": "decree"}, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vui lòng nhập tên dự thảo." in page and "Vui lòng chọn tệp dự thảo." in page
    assert stored_counts(db) == (0, 0, 0, 0)


def test_a_file_over_the_upload_limit_gets_413(app, client, db, drafter):
    app.config["MAX_CONTENT_LENGTH"] = 20_000
    data = (SAMPLES / "nghi-dinh-du-lieu-mo.docx").read_bytes()
    assert len(data) > 20_000
    response = upload(client, data, "nghi-dinh.docx")
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.get_data(as_text=True)
    assert stored_counts(db) == (0, 0, 0, 0)
    small = (SAMPLES / "thong-tu-mau.md").read_bytes()
    assert upload(client, small, "thong-tu.md").status_code == 302  # and the server goes on
