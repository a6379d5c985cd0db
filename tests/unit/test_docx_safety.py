"""Hostile .docx files are refused quickly with a Vietnamese message, before python-docx or lxml sees them."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from commentsvc.drafts import docx_safety
from commentsvc.drafts.model import MSG_CORRUPT, MSG_NOT_SUPPORTED, MSG_UNSAFE_XML, MSG_ZIP_BOMB, SplitError
from commentsvc.drafts.splitting import split_bytes
from tests.unit.docx_factory import DocxFactory, document_xml, replace_part

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _valid_docx() -> bytes:
    factory = DocxFactory()
    factory.para("Điều 1. Phạm vi điều chỉnh")
    return factory.to_bytes()


def _refused(data: bytes, message: str) -> None:
    with pytest.raises(SplitError) as caught:
        split_bytes(data, "du-thao.docx")
    assert str(caught.value) == message


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_of_zeros_built_streaming():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document_xml("<w:p><w:r><w:t>Điều 1. Một</w:t></w:r></w:p>"))
        with archive.open("word/media/image1.bin", "w") as entry:
            chunk = bytes(1024 * 1024)
            for _ in range(64):  # 64 MB of zeros deflate to ~64 kB
                entry.write(chunk)
    _refused(out.getvalue(), MSG_ZIP_BOMB)


def _patch_sizes(data: bytes, compressed: int, uncompressed: int) -> bytes:
    """Rewrite the sizes declared in every central-directory header (what a crafted bomb does)."""
    patched = bytearray(data)
    start = 0
    while (start := patched.find(b"PK\x01\x02", start)) != -1:
        struct.pack_into("<II", patched, start + 20, compressed, uncompressed)
        start += 4
    return bytes(patched)


def test_crafted_headers_declaring_one_gigabyte():
    crafted = _patch_sizes(_zip({"word/document.xml": b"<x/>", "a.bin": b"0"}), 4, 1 << 30)
    _refused(crafted, MSG_ZIP_BOMB)


def test_total_uncompressed_size_over_the_limit_with_moderate_ratios():
    entries = {"word/document.xml": b"<x/>", **{f"part{i}.bin": b"0" for i in range(3)}}
    crafted = _patch_sizes(_zip(entries), 3 * 1024 * 1024, 90 * 1024 * 1024)  # ratio 30, total 360 MB
    _refused(crafted, MSG_ZIP_BOMB)


def test_too_many_entries():
    entries = {"word/document.xml": document_xml("")} | {f"customXml/item{i}.xml": b"<a/>" for i in range(2001)}
    _refused(_zip(entries), MSG_ZIP_BOMB)


@pytest.mark.parametrize("name", ["../../etc/cron.d/x", "word/../../evil.xml", "/abs/path.xml"])
def test_paths_escaping_the_archive(name):
    _refused(replace_part(_valid_docx(), name, b"<a/>"), MSG_ZIP_BOMB)


XXE = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
)
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


@pytest.mark.parametrize("part", ["word/document.xml", "word/numbering.xml", "word/styles.xml"])
@pytest.mark.parametrize("xml", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_doctype_and_entities_are_refused(part, xml):
    _refused(replace_part(_valid_docx(), part, xml.encode()), MSG_UNSAFE_XML)


def test_doctype_hidden_in_utf16_is_refused():
    xml = XXE.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16")
    _refused(replace_part(_valid_docx(), "word/document.xml", xml), MSG_UNSAFE_XML)


def test_truncated_zip_is_corrupt():
    data = _valid_docx()
    _refused(data[: len(data) // 2], MSG_CORRUPT)


def test_damaged_compressed_data_is_corrupt():
    body = "".join(f"<w:p><w:r><w:t>Điều {n}. Nội dung điều {n}</w:t></w:r></w:p>" for n in range(1, 400))
    data = bytearray(replace_part(_valid_docx(), "word/document.xml", document_xml(body)))
    offset = data.rfind(b"word/document.xml", 0, data.find(b"PK\x01\x02")) + 200
    data[offset : offset + 40] = bytes(40)
    _refused(bytes(data), MSG_CORRUPT)


def test_malformed_xml_is_corrupt():
    _refused(replace_part(_valid_docx(), "word/document.xml", b"<w:document><w:body>"), MSG_CORRUPT)


def test_zip_without_word_document_is_not_a_draft():
    _refused(_zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}), MSG_NOT_SUPPORTED)


def test_limits_are_checked_on_declared_sizes_only():
    infos = [zipfile.ZipInfo("word/document.xml")]
    infos[0].file_size, infos[0].compress_size = 500_000, 1_000  # small parts may compress very well
    docx_safety.check_entries(infos)
    infos[0].file_size = 2_000_000
    with pytest.raises(SplitError):
        docx_safety.check_entries(infos)
