"""Official reply letters written for this project's tests and benchmark, as .docx (python-docx) and as PDF
(WeasyPrint, with a text layer), laid out as Decree 30/2020 letters are: a borderless two-column letterhead,
"Kính gửi", the body (paragraphs and ruled comment tables), "Nơi nhận" beside the signature block.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from docx import Document
from docx.shared import Cm, Pt

Body = list  # items: str (a paragraph) or list[list[str]] (a ruled table, header row first)


@dataclass
class LetterSpec:
    issuer: list[str]  # letterhead lines of the issuing body, e.g. ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"]
    number: str  # "Số: 1582/BTP-PLDSKT"
    place_date: str  # "Hà Nội, ngày 12 tháng 3 năm 2027"
    subject: str  # "V/v góp ý dự thảo …"
    recipients: list[str]
    body: Body
    authority: list[str]  # ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"]
    signer: str
    parent: list[str] = field(default_factory=list)  # the parent body above the issuer, not bold
    copies: list[str] = field(default_factory=lambda: ["- Như trên;", "- Lưu: VT."])


def _no_borders(table) -> None:
    from docx.oxml import parse_xml

    borders = (
        '<w:tblBorders xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    )
    table._tbl.tblPr.append(parse_xml(borders))


def _cell_lines(cell, lines: list[tuple[str, bool]]) -> None:
    cell.paragraphs[0].text = ""
    for index, (line, bold) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.add_run(line).bold = bold


def to_docx(spec: LetterSpec) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = document.add_table(rows=1, cols=2)
    _no_borders(head)
    left = [(line, False) for line in spec.parent] + [(line, True) for line in spec.issuer]
    left += [("-------", False), (spec.number, False), (spec.subject, False)]
    right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True)]
    right += [("---------------", False), (spec.place_date, False)]
    _cell_lines(head.rows[0].cells[0], left)
    _cell_lines(head.rows[0].cells[1], right)
    if len(spec.recipients) == 1:
        document.add_paragraph(f"Kính gửi: {spec.recipients[0]}")
    else:
        document.add_paragraph("Kính gửi:")
        for recipient in spec.recipients:
            document.add_paragraph(f"- {recipient}")
    for part in spec.body:
        if isinstance(part, str):
            paragraph = document.add_paragraph(part)
            paragraph.paragraph_format.first_line_indent = Cm(1)
        else:
            table = document.add_table(rows=0, cols=len(part[0]))
            table.style = "Table Grid"
            for row in part:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
    sign = document.add_table(rows=1, cols=2)
    _no_borders(sign)
    _cell_lines(sign.rows[0].cells[0], [("Nơi nhận:", True)] + [(line, False) for line in spec.copies])
    right = [(line, True) for line in spec.authority] + [("", False), ("", False), (spec.signer, True)]
    _cell_lines(sign.rows[0].cells[1], right)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Liberation Serif', 'DejaVu Serif', serif; font-size: 13pt; line-height: 1.25; }
p { margin: 0 0 6pt 0; text-align: justify; }
p.body { text-indent: 1cm; }
table.head, table.sign { width: 100%; border-collapse: collapse; }
table.head td, table.sign td { vertical-align: top; text-align: center; width: 50%; padding: 0; }
table.head p, table.sign p { text-align: center; margin: 0; }
table.grid { width: 100%; border-collapse: collapse; margin: 6pt 0; }
table.grid td { border: 1px solid black; padding: 3pt; vertical-align: top; font-size: 12pt; }
"""


def _ps(lines: list[tuple[str, bool]]) -> str:
    return "".join(f"<p>{'<b>' if bold else ''}{html.escape(line)}{'</b>' if bold else ''}</p>" for line, bold in lines)


def to_html(spec: LetterSpec) -> str:
    left = [(line, False) for line in spec.parent] + [(line, True) for line in spec.issuer]
    left += [("-------", False), (spec.number, False), (spec.subject, False)]
    right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True)]
    right += [("---------------", False), (spec.place_date, False)]
    parts = [f'<table class="head"><tr><td>{_ps(left)}</td><td>{_ps(right)}</td></tr></table>']
    if len(spec.recipients) == 1:
        parts.append(f'<p style="text-align:center">Kính gửi: {html.escape(spec.recipients[0])}</p>')
    else:
        parts.append('<p style="text-align:center">Kính gửi:</p>')
        parts += [f'<p style="margin-left:5cm">- {html.escape(r)}</p>' for r in spec.recipients]
    for part in spec.body:
        if isinstance(part, str):
            parts.append(f'<p class="body">{html.escape(part)}</p>')
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell).replace(chr(10), '<br>')}</td>" for cell in row) + "</tr>"
                for row in part
            )
            parts.append(f'<table class="grid">{rows}</table>')
    copies = [("Nơi nhận:", True)] + [(line, False) for line in spec.copies]
    signature = [(line, True) for line in spec.authority] + [(" ", False)] * 3 + [(spec.signer, True)]
    parts.append(
        f'<table class="sign"><tr><td style="text-align:left">{_ps(copies)}</td><td>{_ps(signature)}</td></tr></table>'
    )
    return f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"


def to_pdf(spec: LetterSpec) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(spec)).write_pdf()
