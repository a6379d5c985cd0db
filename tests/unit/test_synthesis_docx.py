"""The DOCX export, re-opened with python-docx: text, layout per Decree 30/2020, page numbers, determinism."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from commentsvc.synthesis.compiler import compile_synthesis
from commentsvc.synthesis.export_docx import to_docx
from tests.unit.synthesis_data import GENERATED_ON, INJECTION, consultation


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    """The DOCX of the fixed consultation (built once: every test only reads it)."""
    return to_docx(compile_synthesis(consultation(), generated_on=GENERATED_ON))


@pytest.fixture
def document(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def _body_text(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_heading_block_title_and_date(document):
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA", ""]
    assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert right.paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert right.paragraphs[1].runs[0].bold
    date = right.paragraphs[2]
    assert date.text == "Hà Nội, ngày 05 tháng 01 năm 2026" and date.runs[0].italic
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    text = _body_text(document)
    assert "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý\nDự thảo Nghị định quy định về dữ liệu mở" in text


def test_summary_counts_in_text(document):
    text = _body_text(document)
    assert "1. Cơ quan chủ trì soạn thảo đã có văn bản số 05/BKHCN-CĐS" in text
    assert "gửi 9 cơ quan, gồm: 4 bộ, cơ quan ngang bộ; 1 cơ quan thuộc Chính phủ; 3 Ủy ban nhân dân" in text
    assert "2. Đã nhận được văn bản trả lời của 6 cơ quan (4 cơ quan trả lời đúng hạn; 1 cơ quan" in text
    assert "1 cơ quan nhất trí hoàn toàn; 3 cơ quan nhất trí và có ý kiến góp ý; 1 cơ quan không nhất trí" in text
    assert "tổng số 8 ý kiến góp ý" in text
    assert "3 cơ quan không có văn bản trả lời, được hiểu là nhất trí" in text
    assert "Kết quả cụ thể như sau:" in text


def test_table_rows_citations_and_text(document):
    rows = _table_texts(document.tables[1])
    assert rows[0] == ["STT", "Điều, khoản", "Cơ quan góp ý", "Nội dung góp ý", "Nội dung tiếp thu, giải trình"]
    assert rows[1][0] == "I. GÓP Ý CHUNG" and rows[4][0] == "II. GÓP Ý CỤ THỂ"
    numbered = [row for row in rows[1:] if row[0].isdigit()]
    assert [row[0] for row in numbered] == ["1", "2", "3", "4", "5", "6", "7"]
    assert numbered[1][3] == INJECTION  # literal text
    assert numbered[2][1] == "Điều 1\nĐiều 1. Phạm vi điều chỉnh: Nghị định này quy định về dữ liệu mở."
    assert numbered[3][1].startswith("khoản 1 Điều 2\n1. Dữ liệu mở") and numbered[4][1] == "khoản 1 Điều 2"
    grouped = numbered[5]
    assert grouped[2] == "Bộ Tư pháp, Bộ Y tế, UBND tỉnh An Giang"
    assert "- Bộ Y tế: Đề nghị làm rõ khái niệm “dữ liệu mở”." in grouped[3]
    assert grouped[4] == "Tiếp thu một phần\nĐã chỉnh sửa khái niệm tại khoản 3 Điều 2."
    assert numbered[6][3] == "Nhất trí"


def test_first_table_row_repeats_as_header(document):
    rows = document.tables[1]._tbl.tr_lst
    assert rows[0].trPr is not None and rows[0].trPr.find(qn("w:tblHeader")) is not None
    assert all(row.trPr is None or row.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])


def _mm(*lengths) -> list[float]:
    return [round(length.mm, 1) for length in lengths]


def test_sections_orientation_and_margins(document):
    portrait, landscape, annex = document.sections
    assert portrait.orientation == WD_ORIENT.PORTRAIT
    assert _mm(portrait.page_width, portrait.page_height) == [210.0, 297.0]
    assert _mm(portrait.top_margin, portrait.bottom_margin, portrait.left_margin, portrait.right_margin) == [
        20.0,
        20.0,
        30.0,
        15.0,
    ]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert landscape.page_width > landscape.page_height
    assert _mm(landscape.page_width, landscape.page_height) == [297.0, 210.0]
    assert annex.orientation == WD_ORIENT.PORTRAIT


def test_times_new_roman_and_body_format(document):
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {name: fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "cs", "eastAsia")} == dict.fromkeys(
        ("ascii", "hAnsi", "cs", "eastAsia"), "Times New Roman"
    )
    assert 13 <= normal.font.size.pt <= 14
    paragraph = normal.paragraph_format
    assert paragraph.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert paragraph.space_after.pt == 6
    assert paragraph.alignment == 3  # justified


def test_page_number_in_header_not_on_first_page(document):
    first, landscape, annex = document.sections
    assert first.different_first_page_header_footer
    assert first.first_page_header.is_linked_to_previous is False
    assert first.first_page_header.paragraphs[0].text == ""
    instructions = [node.text for node in first.header._element.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == ["PAGE"]
    assert not landscape.different_first_page_header_footer and landscape.header.is_linked_to_previous
    assert not annex.different_first_page_header_footer and annex.header.is_linked_to_previous


def test_signature_and_annex(document):
    signature = document.tables[2].rows[0].cells[1]
    assert signature.paragraphs[0].text == "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG" and signature.paragraphs[0].runs[0].bold
    assert signature.paragraphs[-1].text == "Nguyễn Văn An" and signature.paragraphs[-1].runs[0].bold
    text = _body_text(document)
    annex = text[text.index("Phụ lục: Danh sách cơ quan không có ý kiến (được hiểu là nhất trí)") :]
    assert "Cơ quan thuộc Chính phủ (1):\n1. Đài Truyền hình Việt Nam" in annex
    assert "1. Ủy ban nhân dân thành phố Đà Nẵng" in annex and "1. Hiệp hội Internet Việt Nam" in annex


def test_core_properties_fixed_to_the_synthesis_date(document):
    properties = document.core_properties
    assert properties.created.date() == GENERATED_ON and properties.modified.date() == GENERATED_ON
    assert properties.title.startswith("BẢN TỔNG HỢP")


def test_export_is_byte_for_byte_deterministic(docx_bytes):
    again = to_docx(compile_synthesis(consultation(), generated_on=GENERATED_ON))
    assert again == docx_bytes
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()}
    assert stamps == {(2026, 1, 5, 0, 0, 0)}


def test_control_characters_do_not_break_the_file():
    data = consultation()
    comments = [*data.comments[:-1], data.comments[-1].__class__(10, 3, 12, "bad\x00\x0b text", "", 103)]
    synthesis = compile_synthesis(consultation(comments=comments), generated_on=GENERATED_ON)
    reopened = Document(io.BytesIO(to_docx(synthesis)))
    assert any("bad text" in cell.text for row in reopened.tables[1].rows for cell in row.cells)
