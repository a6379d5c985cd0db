"""The shared Decree 30 layout (synthesis/docx_layout.py) on its own, re-opened with python-docx."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn

from commentsvc.reports.figures import ReportHeading
from commentsvc.synthesis import docx_layout as layout


@dataclass(frozen=True)
class Heading:
    issuing_parent: str = "Bộ Khoa học và Công nghệ"
    issuing_unit: str = "Cục Chuyển đổi số quốc gia"
    date_line: str = "Hà Nội, ngày 05 tháng 01 năm 2026"
    signer_title: str = "Cục trưởng"
    signer_name: str = "Nguyễn Văn A"


def _reopened(heading) -> Document:
    document = Document()
    layout.setup_styles(document)
    layout.page(document.sections[0], landscape=False)
    layout.heading_block(document, heading)
    layout.paragraph(document, "Nội dung", bold=True)
    layout.page(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    layout.signature(document, heading)
    layout.page_numbers(document)
    output = io.BytesIO()
    document.save(output)
    return Document(io.BytesIO(output.getvalue()))


def test_heading_signature_pages_and_numbers_of_any_heading():
    document = _reopened(Heading())
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["BỘ KHOA HỌC VÀ CÔNG NGHỆ", "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA", ""]
    assert [p.text for p in right.paragraphs] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 01 năm 2026",
    ]
    motto = right.paragraphs[1]
    assert motto._p.pPr.find(qn("w:pBdr")) is not None
    # the rule is as long as the motto: the indents leave about its width of the 10 cm column
    indents = motto.paragraph_format.left_indent.cm + motto.paragraph_format.right_indent.cm
    assert abs(10 - indents - layout.text_width_cm("Độc lập - Tự do - Hạnh phúc", 14, bold=True) - 0.1) < 0.01
    signature = document.tables[1].rows[0].cells[1]
    assert signature.paragraphs[0].text == "CỤC TRƯỞNG" and signature.paragraphs[-1].text == "Nguyễn Văn A"
    portrait, landscape = document.sections
    assert portrait.orientation is WD_ORIENT.PORTRAIT and round(portrait.left_margin.mm) == 30
    assert landscape.orientation is WD_ORIENT.LANDSCAPE and round(landscape.top_margin.mm) == 30
    assert portrait.different_first_page_header_footer
    assert "PAGE" in portrait.header.paragraphs[0]._p.xml
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles[layout.TABLE_STYLE].font.size.pt == 12


def test_the_report_requests_heading_fits_the_shared_block():
    heading = ReportHeading(
        "Bộ Nội vụ", "Vụ Cải cách hành chính", "Hà Nội", "Vụ trưởng", "Trần Văn B", date(2026, 2, 3)
    )
    left, right = _reopened(heading).tables[0].rows[0].cells
    assert left.paragraphs[1].text == "VỤ CẢI CÁCH HÀNH CHÍNH"
    assert right.paragraphs[2].text == "Hà Nội, ngày 03 tháng 02 năm 2026"
