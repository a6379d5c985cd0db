"""The reminder letter (công văn đôn đốc) to the agencies that have not answered, as DOCX, laid out per Decree 30/2020.

Shared by consultations (consultations/reminder_letter.py: "đôn đốc góp ý") and report requests
(reports/reminder_letter.py: "đôn đốc báo cáo"): each gives its subject line and body; the layout is here.
Heading block (parent body and unit on the left, national title and motto on the right), number and subject,
place and date in italics, "Kính gửi:" one agency per line, the body, "Nơi nhận:" and the signature block.
The letter leaves the number blank: it is given when the letter is signed and registered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from commentsvc.core.deadlines import deadline_phrase
from commentsvc.synthesis.docx_layout import text_width_cm
from commentsvc.synthesis.wording import MOTTO, NATION, date_line

FONT = "Times New Roman"
COLUMNS_CM = (6.5, 10.0)  # 210 mm - 30 - 15 = 16.5 cm of text width
NUMBER_BLANK = "       "  # filled in by hand when the letter is registered


@dataclass(frozen=True, kw_only=True)
class LetterHead:
    """Who writes, to whom, when: the parts every reminder letter has, whatever it reminds of."""

    parent_name: str
    unit_name: str
    parent_code: str
    unit_code: str
    place: str
    on: date
    request_number: str
    request_date: date | None
    deadline_at: datetime
    agencies: list[str]
    contact: str
    signer_title: str
    signer_name: str
    # Agencies of ``agencies`` given more time, with their own deadline: the letter names each one's deadline.
    extensions: dict[str, datetime] = field(default_factory=dict)

    @property
    def number_line(self) -> str:
        return f"Số: {NUMBER_BLANK}/{self.parent_code}-{self.unit_code}"

    @property
    def subject_line(self) -> str:
        raise NotImplementedError  # each kind of letter says what it reminds of

    def paragraphs(self) -> list[str]:
        raise NotImplementedError


def head_values(request, agencies: list[tuple[str, datetime]], on: date) -> dict:
    """The LetterHead fields of a consultation or a report request (both have the unit, letter and contact fields)
    and the agencies still to answer, each with its own deadline: an extended one is named with its own."""
    unit = request.drafting_unit
    details = [request.contact_name]
    if request.contact_phone:
        details.append(f"điện thoại: {request.contact_phone}")
    if request.contact_email:
        details.append(f"thư điện tử: {request.contact_email}")
    return {
        "parent_name": unit.parent_name,
        "unit_name": unit.name,
        "parent_code": unit.parent_code,
        "unit_code": unit.code,
        "place": unit.place or "Hà Nội",
        "on": on,
        "request_number": request.letter_number,
        "request_date": request.letter_date,
        "deadline_at": request.deadline_at,
        "agencies": [name for name, _ in agencies],
        "extensions": {name: deadline for name, deadline in agencies if deadline != request.deadline_at},
        "contact": ", ".join(part for part in details if part),
        "signer_title": unit.signer_title,
        "signer_name": unit.signer_name,
    }


def request_phrase(letter: LetterHead) -> tuple[str, str]:
    """("Ngày 01/02/2026, ", "Công văn số 3256/BKHCN-CĐS"): how the body names the request being reminded of."""
    request = f"Công văn số {letter.request_number}" if letter.request_number else "văn bản"
    when = f"Ngày {letter.request_date:%d/%m/%Y}, " if letter.request_date else ""
    return when, request


def deadline_sentence(letter: LetterHead) -> str:
    """ "hết ngày 08/03/2026; riêng Bộ Công an được gia hạn đến …": the deadline and each agency's own."""
    own = [f"{name} được gia hạn đến {deadline_phrase(deadline)}" for name, deadline in letter.extensions.items()]
    return deadline_phrase(letter.deadline_at) + ("; riêng " + "; ".join(own) if own else "")


# --- layout -------------------------------------------------------------------------------------------------------


def _setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    paragraph = normal.paragraph_format
    paragraph.space_before, paragraph.space_after, paragraph.line_spacing = Pt(0), Pt(6), 1.0


def _line(container, text="", *, size=14, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold or None, italic or None, Pt(size)
    return paragraph


def _rule_under(paragraph, column_cm: float, rule_cm: float) -> None:
    """A short rule under the text, drawn as the paragraph's bottom border, centred in its column."""
    side = max(column_cm - rule_cm, 0) / 2
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Cm(side)
    bottom = '<w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/>'
    border = parse_xml(f"<w:pBdr {nsdecls('w')}>{bottom}</w:pBdr>")
    paragraph._p.get_or_add_pPr().insert_element_before(border, "w:spacing", "w:ind", "w:jc", "w:rPr")


def _two_columns(document, widths_cm=COLUMNS_CM):
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    cells = table.rows[0].cells
    for column, cell, width in zip(table.columns, cells, widths_cm, strict=True):
        column.width = cell.width = Cm(width)
        cell._tc.remove(cell.paragraphs[0]._p)
    return cells


def _heading(document, letter: LetterHead) -> None:
    left, right = _two_columns(document)
    _line(left, letter.parent_name.upper(), size=13)
    unit = _line(left, letter.unit_name.upper(), size=13, bold=True, after=6)
    _rule_under(unit, COLUMNS_CM[0], COLUMNS_CM[0] / 3)
    _line(left, letter.number_line, size=13)
    _line(left, letter.subject_line, size=12)
    _line(right, NATION, size=13, bold=True)
    motto = _line(right, MOTTO, size=14, bold=True, after=6)
    _rule_under(motto, COLUMNS_CM[1], text_width_cm(MOTTO, 14, bold=True) + 0.1)
    _line(right, date_line(letter.place, letter.on), size=14, italic=True)


def _addressees(document, letter: LetterHead) -> None:
    first = _line(document, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.LEFT)
    first.paragraph_format.space_before = Pt(12)
    first.paragraph_format.left_indent = Cm(2)
    for name in letter.agencies:
        line = _line(document, f"- {name};", align=WD_ALIGN_PARAGRAPH.LEFT)
        line.paragraph_format.left_indent = Cm(4)
    _line(document, after=6)


def _body(document, letter: LetterHead) -> None:
    for text in letter.paragraphs():
        paragraph = _line(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
        paragraph.paragraph_format.first_line_indent = Cm(1.27)


def _closing(document, letter: LetterHead) -> None:
    left, right = _two_columns(document, (7.5, 9.0))
    _line(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "- Như trên;", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, f"- Lưu: VT, {letter.unit_code}.", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for title_line in letter.signer_title.upper().splitlines() or [""]:
        _line(right, title_line.strip(), size=14, bold=True)
    for _ in range(4):  # room for the signature and the seal
        _line(right)
    _line(right, letter.signer_name, size=14, bold=True)


def to_docx(letter: LetterHead) -> bytes:
    document = Document()
    _setup(document)
    _heading(document, letter)
    _addressees(document, letter)
    _body(document, letter)
    _closing(document, letter)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
