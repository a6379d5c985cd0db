"""A draft with page headers and footers (a PAGE field, a first-page header, a table in the footer) and Word comments,
built with python-docx, for the tests of what a .docx holds besides its body."""

from __future__ import annotations

from docx.oxml import parse_xml

from tests.unit.docx_factory import DocxFactory

BODY = [
    "Căn cứ Luật Dữ liệu;",
    "Điều 1. Phạm vi điều chỉnh",
    "1. Nghị định này quy định về dữ liệu mở.",
    "2. Khoản hai.",
]
HEADER = "BỘ KHOA HỌC VÀ CÔNG NGHỆ"
DRAFT_MARK = "Dự thảo 2"
FIRST_PAGE = "Dự thảo lần 2 – ngày 10/11/2026"
NOTE = "Đề nghị Vụ Pháp chế xem lại khoản 2."
REPLY = "Đã sửa theo ý kiến."


def page_field(paragraph, prefix: str) -> None:
    """ "Trang N" with N a PAGE field, as Word writes it (the field's result "1" is what the file holds)."""
    paragraph.add_run(prefix)
    for xml in (
        '<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r {ns}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r {ns}><w:t>1</w:t></w:r>",
        '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(
            parse_xml(xml.format(ns='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'))
        )


def margins_draft(headers: bool = True, comments: bool = True) -> bytes:
    factory = DocxFactory()
    paragraphs = [factory.para(line) for line in BODY]
    section = factory.doc.sections[0]
    if headers:
        section.header.paragraphs[0].text = HEADER
        section.header.add_paragraph(DRAFT_MARK)
        section.different_first_page_header_footer = True
        section.first_page_header.paragraphs[0].text = FIRST_PAGE
        page_field(section.footer.paragraphs[0], "Trang ")
        table = section.footer.add_table(1, 2, factory.doc.sections[0].page_width)
        table.cell(0, 0).text, table.cell(0, 1).text = "Số:", "12/2026"
    if comments:
        factory.doc.add_comment(paragraphs[3].runs, text=NOTE, author="Nguyễn Văn An")
        factory.doc.add_comment(paragraphs[2].runs, text=REPLY, author="Trần Thị Bình")
    return factory.to_bytes()
