"""Round 2's synthesis with part II: how round 1's comments were handled, on the page and in DOCX, XLSX and PDF."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document
from docx.oxml.ns import qn
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openpyxl import load_workbook
from pypdf import PdfReader

from commentsvc.config import ROOT
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.synthesis import export_pdf
from commentsvc.synthesis.loading import synthesis_for
from tests.web.synthesis_helpers import INJECTION
from tests.web.test_revisions_rounds import open_round_two_with_a_comment

HEADING_DOCX = "PHẦN II. TÌNH HÌNH TIẾP THU, GIẢI TRÌNH Ý KIẾN LẦN 1"
PART_ONE_DOCX = "PHẦN I. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý LẦN 2"
HEADING_PAGE = "Phần II. Tình hình tiếp thu, giải trình ý kiến lần 1"
ROUND_ONE_COMMENT = "Đề nghị bổ sung yêu cầu về tính kịp thời."
ROUND_ONE_ANSWER = "Đã bổ sung tại khoản 2 Điều 4."
NEW_TEXT = "2. Các bộ, ngành bảo đảm chất lượng, tính kịp thời của dữ liệu mở thuộc phạm vi quản lý."
ROUND_TWO_COMMENT = "Nhất trí với nội dung sửa đổi."
ON = date(2026, 1, 5)
SHEETS = ["Tổng hợp", "Số liệu", "Không trả lời"]


@pytest.fixture
def rounds(client, login, factory, db):
    """Round 1 (two decided comments of the ministry of justice) and an open round 2 with one comment of the police."""
    return open_round_two_with_a_comment(client, login, factory, db, ROUND_TWO_COMMENT)


def _section(html: str) -> str:
    start = html.index('class="previous-round"')
    return html[start : html.index("</section>", start)]


def _docx(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return Document(io.BytesIO(response.data))


def _paragraphs(document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def _part_two_table(document):
    tables = [table for table in document.tables if table.rows[0].cells[0].text == "TT"]
    assert len(tables) == 1
    return tables[0]


def _xlsx(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def test_round_two_page_shows_part_two_after_its_own_table(client, rounds):
    _first, second = rounds
    html = client.get(f"/consultations/{second.id}/synthesis").get_data(as_text=True)
    assert "Phần I. Bảng tổng hợp, tiếp thu, giải trình" in html and HEADING_PAGE in html
    assert html.index("Phần I. Bảng tổng hợp") < html.index(HEADING_PAGE) < html.index('id="annex-title"')
    section = _section(html)
    assert ROUND_ONE_COMMENT in section and ROUND_ONE_ANSWER in section and NEW_TEXT in section
    assert "Đã bỏ trong dự thảo sửa đổi" in section  # khoản 2 Điều 3 was dropped
    assert "Ý kiến chưa gửi của Bộ Công an" not in html  # round 1's unsent draft
    assert ROUND_TWO_COMMENT not in section and ROUND_TWO_COMMENT in html  # round 2's comment, in the main table
    assert re.search(r'id="previous" name="previous" value="1" checked', html)
    assert html.count('<input type="hidden" name="previous" value="1">') == 3  # the three export buttons follow it


def test_round_two_counts_only_its_own_replies_while_part_two_lists_round_one(rounds):
    _first, second = rounds
    synthesis = synthesis_for(second, on=ON)
    assert (synthesis.summary.replied, synthesis.summary.comments_total) == (1, 1)
    part = synthesis.previous_round
    assert [row.text for row in part.rows] == ["Đề nghị bỏ khoản này vì trùng lặp.", ROUND_ONE_COMMENT]


def test_docx_has_part_two_with_the_disposition_and_the_new_clause(client, rounds):
    _first, second = rounds
    document = _docx(client, f"/consultations/{second.id}/synthesis/export.docx")
    assert HEADING_DOCX in _paragraphs(document) and PART_ONE_DOCX in _paragraphs(document)
    table = _part_two_table(document)
    assert [cell.text for cell in table.rows[0].cells] == [
        "TT",
        "Cơ quan góp ý",
        "Điều, khoản (lần trước)",
        "Nội dung góp ý",
        "Tiếp thu, giải trình",
        "Điều, khoản trong dự thảo sửa đổi",
        "Nội dung trong dự thảo sửa đổi",
    ]
    assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeated on each page
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    dropped = ["khoản 2 Điều 3", "Đề nghị bỏ khoản này vì trùng lặp.", "Tiếp thu: Đã bỏ khoản 2 Điều 3."]
    assert rows[0][2:6] == [*dropped, "Đã bỏ trong dự thảo sửa đổi"]
    # Order in the body: main table, part II's heading (on a new page), part II's table, then the signature.
    body = list(document.element.body)
    heading = next(p for p in document.paragraphs if p.text == HEADING_DOCX)
    main = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    assert heading.paragraph_format.page_break_before is True
    assert body.index(main._tbl) < body.index(heading._p) < body.index(table._tbl)
    assert body.index(table._tbl) < body.index(document.tables[-1]._tbl)  # the signature block comes last


def test_xlsx_has_part_two_as_its_second_sheet(client, rounds):
    _first, second = rounds
    workbook = _xlsx(client, f"/consultations/{second.id}/synthesis/export.xlsx")
    assert workbook.sheetnames == ["Tổng hợp", "Tiếp thu lần 1", "Số liệu", "Không trả lời"]
    sheet = workbook["Tiếp thu lần 1"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "TT" and values[0][6] == "Nội dung trong dự thảo sửa đổi"
    assert values[2] == [2, "Bộ Tư pháp", "khoản 3 Điều 3", ROUND_ONE_COMMENT, f"Tiếp thu: {ROUND_ONE_ANSWER}"] + [
        "khoản 2 Điều 4",
        NEW_TEXT,
    ]
    commented = [row[4].value for row in workbook["Tổng hợp"].iter_rows(min_row=2) if row[3].value]
    assert commented == [ROUND_TWO_COMMENT]  # round 2's own table: only its own reply


def test_round_one_synthesis_has_no_part_two(client, rounds):
    first, _second = rounds
    first_url = f"/consultations/{first.id}/synthesis"
    for query in ("", "?previous=1"):
        html = client.get(first_url + query).get_data(as_text=True)
        assert "Phần II." not in html and 'id="previous"' not in html and "previous=" not in html
    document = _docx(client, f"{first_url}/export.docx?previous=1")
    assert not any(text.startswith(("PHẦN I", "PHẦN II")) for text in _paragraphs(document))
    assert _xlsx(client, f"{first_url}/export.xlsx?previous=1").sheetnames == ["Tổng hợp", *SHEETS[1:]]


def test_the_team_can_leave_part_two_out(client, rounds):
    _first, second = rounds
    url = f"/consultations/{second.id}/synthesis"
    html = client.get(f"{url}?previous=0").get_data(as_text=True)  # the form with the box unticked
    assert HEADING_PAGE not in html and ROUND_ONE_COMMENT not in html and "Phần I." not in html
    assert 'value="1" checked' not in html and html.count('<input type="hidden" name="previous" value="0">') == 4
    ticked = client.get(f"{url}?previous=0&previous=1").get_data(as_text=True)  # hidden "0", then the box
    assert HEADING_PAGE in ticked
    document = _docx(client, f"{url}/export.docx?previous=0")
    assert HEADING_DOCX not in _paragraphs(document) and PART_ONE_DOCX not in _paragraphs(document)
    assert not [table for table in document.tables if table.rows[0].cells[0].text == "TT"]
    assert _xlsx(client, f"{url}/export.xlsx?previous=0").sheetnames == SHEETS


def test_default_is_off_when_round_one_had_no_comments(client, rounds, db):
    first, second = rounds
    for reply in db.session.scalars(sa.select(Reply).where(Reply.recipient_id.in_([r.id for r in first.recipients]))):
        reply.status = ReplyStatus.DRAFTING
    db.session.commit()
    url = f"/consultations/{second.id}/synthesis"
    html = client.get(url).get_data(as_text=True)
    assert 'id="previous"' in html and HEADING_PAGE not in html
    assert 'id="previous" name="previous" value="1">' in html  # offered, unticked
    ticked = client.get(f"{url}?previous=1").get_data(as_text=True)
    assert HEADING_PAGE in ticked and "Không có ý kiến góp ý nào." in ticked
    document = _docx(client, f"{url}/export.docx?previous=1")
    assert HEADING_DOCX in _paragraphs(document)
    assert "Không có ý kiến góp ý nào ở lần lấy ý kiến trước." in _paragraphs(document)


def test_pdf_partial_renders_part_two_as_escaped_text(rounds, db):
    first, second = rounds
    comment = db.session.scalar(sa.select(Comment).where(Comment.text == ROUND_ONE_COMMENT))
    comment.text = f"{ROUND_ONE_COMMENT} {INJECTION}"
    db.session.commit()
    synthesis = synthesis_for(second, on=ON)
    environment = Environment(loader=FileSystemLoader(export_pdf.TEMPLATES), autoescape=True, undefined=StrictUndefined)
    html = environment.get_template("synthesis/_round1_section.html").render(s=synthesis)
    assert HEADING_DOCX in html and NEW_TEXT in html and f"Tiếp thu: {ROUND_ONE_ANSWER}" in html
    assert "&lt;img src=" in html and "<img" not in html
    first_synthesis = synthesis_for(first, on=ON)
    assert environment.get_template("synthesis/_round1_section.html").render(s=first_synthesis).strip() == ""


def test_pdf_prints_part_two_once_the_template_includes_it(client, rounds, monkeypatch):
    """What synthesis/pdf.html must add (see the partial's header): checked here on a patched copy of it."""
    _first, second = rounds
    source = (export_pdf.TEMPLATES / "synthesis" / "pdf.html").read_text(encoding="utf-8")
    include = '{% include "synthesis/_round1_section.html" %}'
    if include not in source:
        anchor = '<div class="signature">'
        assert source.count(anchor) == 1
        source = source.replace(anchor, include + "\n" + anchor)
    environment = Environment(loader=FileSystemLoader(export_pdf.TEMPLATES), autoescape=True, undefined=StrictUndefined)
    monkeypatch.setattr(export_pdf, "_template", lambda: environment.from_string(source))
    response = client.get(f"/consultations/{second.id}/synthesis/export.pdf")
    assert response.status_code == 200
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).split())
    assert HEADING_DOCX in text and ROUND_ONE_COMMENT in text and "khoản 2 Điều 4" in text
    assert text.index(ROUND_TWO_COMMENT) < text.index(HEADING_DOCX)


def test_cli_export_follows_the_same_choice(runner, rounds, tmp_path):
    _first, second = rounds
    output = tmp_path / "lan-2.xlsx"
    for flags, sheets in (([], ["Tổng hợp", "Tiếp thu lần 1", *SHEETS[1:]]), (["--no-previous-round"], SHEETS)):
        args = ["synthesis", "export", str(second.id), "--format", "xlsx", "--output", str(output), *flags]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        assert load_workbook(output).sheetnames == sheets


def test_part_two_wording_is_pure():
    # A fresh interpreter: part II's wording must stay importable without the web framework, as the exporters are.
    module = "commentsvc.synthesis.previous_round"
    code = f"import sys, {module}; print([m for m in ('flask', 'sqlalchemy') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
