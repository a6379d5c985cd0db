"""Format detection by content, refusals with Vietnamese messages, legacy Vietnamese fonts."""

from __future__ import annotations

import pytest

from commentsvc.drafts.legacy_encoding import tcvn3_to_unicode, unicode_to_tcvn3
from commentsvc.drafts.model import (
    MSG_EMPTY,
    MSG_ENCRYPTED,
    MSG_LEGACY_TEXT,
    MSG_LEGACY_VNI,
    MSG_NO_UNITS,
    MSG_NOT_SUPPORTED,
    MSG_OLD_DOC,
    SplitError,
)
from commentsvc.drafts.splitting import detect_format, split_bytes, split_path
from tests.unit.docx_factory import DocxFactory, replace_part

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _refused(data: bytes, message: str, filename: str = "du-thao.docx") -> None:
    with pytest.raises(SplitError) as caught:
        split_bytes(data, filename)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200),
        b"\x7fELF\x02\x01\x01\x00" + bytes(64) + b"\x3e\x00\x01",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
        b"<!DOCTYPE html><html><body><p>\xc4\x90i\xe1\xbb\x81u 1. Ph\xe1\xba\xa1m vi</p></body></html>",
        b"  <?xml version='1.0'?><root/>",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        b"{\\rtf1\\ansi Dieu 1.}",
    ],
    ids=["png", "elf", "exe", "html", "xml", "pdf", "rtf"],
)
def test_files_that_are_not_drafts(data):
    _refused(data, MSG_NOT_SUPPORTED)


def test_old_word_doc():
    _refused(OLE2 + "WordDocument".encode("utf-16-le") + bytes(100), MSG_OLD_DOC)
    _refused(OLE2, MSG_OLD_DOC)


def test_password_protected_docx():
    directory = "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le")
    _refused(OLE2 + directory, MSG_ENCRYPTED)


def test_excel_in_ole2_is_not_a_draft():
    _refused(OLE2 + "Workbook".encode("utf-16-le"), MSG_NOT_SUPPORTED)


def test_empty_documents():
    _refused(DocxFactory().to_bytes(), MSG_EMPTY)
    factory = DocxFactory()
    factory.para("   ")
    factory.para("")
    _refused(factory.to_bytes(), MSG_EMPTY)
    _refused(b"", MSG_EMPTY, "du-thao.txt")
    _refused(b"\n \n", MSG_EMPTY, "du-thao.txt")


def test_document_with_only_a_letterhead_has_no_units():
    factory = DocxFactory()
    for line in ("BỘ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/BKHCN"):
        factory.para(line)
    _refused(factory.to_bytes(), MSG_NO_UNITS)


def test_format_is_detected_by_content_not_by_name(tmp_path):
    factory = DocxFactory()
    factory.para("Điều 1. Phạm vi điều chỉnh")
    path = tmp_path / "du-thao.txt"
    path.write_bytes(factory.to_bytes())
    assert detect_format(path.read_bytes()) == "docx"
    assert split_path(path)[0].ref == "Điều 1"
    assert split_bytes("Điều 2. Đối tượng".encode(), "du-thao.docx")[0].ref == "Điều 2"


def test_tcvn3_runs_are_converted_including_capital_fonts():
    factory = DocxFactory()
    factory.para(unicode_to_tcvn3("chương i"), font=".VnTimeH")
    factory.para(unicode_to_tcvn3("những quy định chung"), font=".VnTimeH")
    factory.para(unicode_to_tcvn3("Điều 1. Phạm vi điều chỉnh"), font=".VnTime")
    factory.para(unicode_to_tcvn3("1. Nghị định này quy định việc kết nối, chia sẻ dữ liệu."), font=".VnTime")
    units = split_bytes(factory.to_bytes())
    assert [unit.ref for unit in units] == ["Chương I", "Điều 1", "khoản 1 Điều 1"]
    assert units[0].paragraphs == ["CHƯƠNG I", "NHỮNG QUY ĐỊNH CHUNG"]
    assert units[1].text == "Điều 1. Phạm vi điều chỉnh"
    assert units[2].text == "1. Nghị định này quy định việc kết nối, chia sẻ dữ liệu."


def test_tcvn3_font_inherited_from_the_normal_style():
    factory = DocxFactory()
    factory.doc.styles["Normal"].font.name = ".VnTime"
    factory.para(unicode_to_tcvn3("Điều 3. Giải thích từ ngữ"))
    assert split_bytes(factory.to_bytes())[0].text == "Điều 3. Giải thích từ ngữ"


def test_tcvn3_table_is_the_published_one():
    assert tcvn3_to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam") == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert tcvn3_to_unicode("§éc lËp - Tù do - H¹nh phóc") == "Độc lập - Tự do - Hạnh phúc"


def test_vni_font_is_refused():
    factory = DocxFactory()
    factory.para("Ñieàu 1. Phaïm vi ñieàu chænh", font="VNI-Times")
    _refused(factory.to_bytes(), MSG_LEGACY_VNI)


def test_tcvn3_text_in_a_unicode_font_is_refused():
    factory = DocxFactory()
    for _ in range(3):
        factory.para(unicode_to_tcvn3("Điều 1. Phạm vi điều chỉnh của Nghị định về dữ liệu mở"), font="Times New Roman")
    _refused(factory.to_bytes(), MSG_LEGACY_TEXT)


def test_legacy_encoded_text_file_is_refused():
    tcvn3_bytes = unicode_to_tcvn3("Điều 1. Phạm vi điều chỉnh").encode("latin-1")
    _refused(tcvn3_bytes, MSG_LEGACY_TEXT, "du-thao.txt")
    vni_bytes = "Ñieàu 1. Phaïm vi ñieàu chænh".encode("latin-1")
    _refused(vni_bytes, MSG_LEGACY_TEXT, "du-thao.txt")


def test_strict_open_xml_namespace_is_read():
    strict = (
        '<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body>'
        "<w:p><w:r><w:t>Điều 1. Phạm vi</w:t></w:r></w:p><w:p><w:r><w:t>1. Khoản một.</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    data = replace_part(DocxFactory().to_bytes(), "word/document.xml", strict.encode())
    assert [unit.ref for unit in split_bytes(data)] == ["Điều 1", "khoản 1 Điều 1"]
