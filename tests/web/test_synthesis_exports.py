"""The synthesis page and its exports: HTML, DOCX, PDF, XLSX re-opened; the CLI export; the demo step."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from commentsvc.consultations.models import Consultation
from commentsvc.synthesis import demo
from commentsvc.synthesis import views as synthesis_views
from commentsvc.synthesis.models import Disposition
from tests.pdf_text import needs_pdftotext, pdf_text
from tests.web.synthesis_helpers import INJECTION, SIMILAR_A, SIMILAR_B, build_scene, disposition_of


@pytest.fixture
def scene(factory, client, login):
    scene = build_scene(factory)
    login(scene.drafter)
    # Group and decide one group through the page, as the team would.
    assert client.get(f"/consultations/{scene.consultation.id}/dispositions").status_code == 200
    group = disposition_of(factory.db, SIMILAR_A)
    prefix = f"d{group.id}"
    client.post(
        f"/consultations/{scene.consultation.id}/dispositions/{group.id}",
        data={
            f"{prefix}-decision": "accepted",
            f"{prefix}-explanation": "Đã làm rõ khái niệm.",
            f"{prefix}-version": 1,
        },
    )
    return scene


def _get(client, scene, fmt: str, query: str = ""):
    response = client.get(f"/consultations/{scene.consultation.id}/synthesis/export.{fmt}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def test_synthesis_page_shows_counts_rows_and_annex(client, scene):
    page = client.get(f"/consultations/{scene.consultation.id}/synthesis").get_data(as_text=True)
    assert f"Mã đợt: {scene.consultation.id}" in page
    # 7 consulted; 5 submitted (4 on time, 1 late used); Đà Nẵng's draft does not count; VPCP and Đà Nẵng silent.
    assert "Số cơ quan được lấy ý kiến</th><td>7<" in page
    assert "Số cơ quan có văn bản trả lời</th><td>5<" in page
    assert "Quá hạn, được sử dụng</th><td>1<" in page
    assert "Không trả lời, được hiểu là nhất trí</th><td>2<" in page
    assert "Văn phòng Chính phủ" in page and "Ủy ban nhân dân thành phố Đà Nẵng" in page
    assert "Bản nháp chưa gửi" not in page
    assert SIMILAR_A in page and SIMILAR_B in page and "Đã làm rõ khái niệm." in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in page and INJECTION not in page
    assert "điểm a khoản 1 Điều 2" in page  # an uncommented clause, shown as agreed
    hidden = client.get(f"/consultations/{scene.consultation.id}/synthesis?hide=1").get_data(as_text=True)
    assert "điểm a khoản 1 Điều 2" not in hidden and SIMILAR_A in hidden


def _table(page: str) -> str:
    return page.split('class="data synthesis-table"')[1].split("</table>")[0]


def test_a_long_synthesis_shows_a_page_a_pager_and_the_whole_figures(client, scene, monkeypatch):
    monkeypatch.setattr(synthesis_views, "ROWS_PER_PAGE", 2)
    url = f"/consultations/{scene.consultation.id}/synthesis"
    first = client.get(url).get_data(as_text=True)
    total = int(re.search(r"\((\d+) dòng, trang 1 / \d+\)", first).group(1))
    pages = -(-total // 2)
    assert total > 4 and f"Trang 1 / {pages} ({total} dòng)" in first and 'rel="next"' in first
    assert re.findall(r"<td>(\d+)</td>\s*<th", _table(first)) == ["1", "2"]
    # The figures are the whole consultation's, whatever the page.
    for page in (first, client.get(f"{url}?page=2").get_data(as_text=True)):
        assert "Số cơ quan được lấy ý kiến</th><td>7<" in page and "Số cơ quan có văn bản trả lời</th><td>5<" in page
        assert "Không trả lời, được hiểu là nhất trí</th><td>2<" in page
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert re.findall(r"<td>(\d+)</td>\s*<th", _table(second)) == ["3", "4"]
    assert f"Trang 2 / {pages} ({total} dòng)" in second and 'rel="prev"' in second
    last = client.get(f"{url}?page=999").get_data(as_text=True)
    assert f"Trang {pages} / {pages}" in last and 'rel="next"' not in last and str(total) in _table(last)
    assert "Trang 1 / " in client.get(f"{url}?page=abc").get_data(as_text=True)
    hidden = client.get(f"{url}?hide=1").get_data(as_text=True)
    assert re.search(r'rel="next" href="[^"]*(hide=1&amp;page=2|page=2&amp;hide=1)', hidden)


def test_docx_export(client, scene):
    response = _get(client, scene, "docx")
    header = response.headers["Content-Disposition"]
    assert header.startswith('attachment; filename="tong-hop-y-kien_du-thao-nghi-dinh-ve-du-lieu-mo_lan-1_')
    assert "filename*=UTF-8''tong-hop-y-kien_" in header and header.endswith(".docx")
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in text
    assert "gửi 7 cơ quan" in text and "văn bản trả lời của 5 cơ quan" in text
    assert "khoản 1 Điều 1" in cells and "Bộ Công an, Bộ Tư pháp" in cells
    assert "Đã làm rõ khái niệm." in cells and INJECTION in cells  # text, as written
    assert _get(client, scene, "docx").data == response.data  # same data, same file


def test_xlsx_export(client, scene):
    response = _get(client, scene, "xlsx", "?hide=1")
    workbook = load_workbook(io.BytesIO(response.data))
    table = workbook["Tổng hợp"]
    rows = list(table.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5  # general, khoản 1 (group), khoản 2 (Hà Nội), khoản 2 (An Giang, late), Điều 2
    refs = [row[1] for row in rows]
    assert refs[0] == "Góp ý chung" and refs[1] == "khoản 1 Điều 1" and refs[-1] == "Điều 2"
    assert any(row[4] == INJECTION for row in rows)
    figures = dict(workbook["Số liệu"].iter_rows(min_row=2, values_only=True))
    assert figures["Số cơ quan được lấy ý kiến"] == 7 and figures["Tổng số ý kiến góp ý được tổng hợp"] == 6


@needs_pdftotext
def test_pdf_export_prints_markup_as_text(client, scene):
    response = _get(client, scene, "pdf")
    assert response.data.startswith(b"%PDF") and response.mimetype == "application/pdf"
    text = pdf_text(response.data, "-layout")
    assert "TỔNG HỢP, TIẾP THU, GIẢI TRÌNH" in text
    assert "khoản 1 Điều 1" in text and "Bộ Tư pháp" in text
    assert 'src="file:///etc/passwd"' in " ".join(text.split())


def test_unknown_format_is_404(client, scene):
    assert client.get(f"/consultations/{scene.consultation.id}/synthesis/export.odt").status_code == 404


def test_cli_export_writes_a_file_and_refuses_an_unknown_id(runner, scene, tmp_path):
    output = tmp_path / "tong-hop.xlsx"
    args = ["synthesis", "export", str(scene.consultation.id), "--format", "xlsx", "--output", str(output)]
    result = runner.invoke(args=[*args, "--date", "2026-01-05"])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(output)["Tổng hợp"].iter_rows(min_row=2, values_only=True))
    assert any(row[1] == "khoản 1 Điều 1" and "Bộ Tư pháp" in row[3] for row in rows)
    first = output.read_bytes()
    assert runner.invoke(args=[*args, "--date", "2026-01-05"]).exit_code == 0
    assert output.read_bytes() == first
    missing = runner.invoke(args=["synthesis", "export", "999999", "--format", "pdf", "--output", str(output)])
    assert missing.exit_code != 0 and "Không tìm thấy đợt lấy ý kiến có mã 999999" in missing.output


def test_demo_step_builds_a_closed_consultation_once(db, factory):
    for code, name, group in (
        ("BTP", "Bộ Tư pháp", "ministry"),
        ("BCA", "Bộ Công an", "ministry"),
        ("BTC", "Bộ Tài chính", "ministry"),
        ("BYT", "Bộ Y tế", "ministry"),
        ("UBND-HNI", "Ủy ban nhân dân thành phố Hà Nội", "province"),
        ("UBND-HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "province"),
        ("UBND-CMU", "Ủy ban nhân dân tỉnh Cà Mau", "province"),
        ("DTHVN", "Đài Truyền hình Việt Nam", "government_agency"),
    ):
        factory.agency(code, name, group)
    unit = factory.unit()
    demo.load_demo_consultation(unit)  # no draft yet: nothing
    assert factory.count(Consultation) == 0
    factory.draft_version(unit)
    demo.load_demo_consultation(unit)
    demo.load_demo_consultation(unit)
    db.session.commit()
    consultation = db.session.scalar(sa.select(Consultation))
    assert factory.count(Consultation) == 1
    assert len(consultation.recipients) == 7  # ministries and provinces, not the government agency
    replies = [r.reply for r in consultation.recipients if r.reply is not None]
    assert {r.recipient.agency.code for r in replies} == {"BTP", "BCA", "BTC", "BYT", "UBND-HNI", "UBND-HCM"}
    assert [r.recipient.agency.code for r in replies if r.is_late] == ["UBND-HCM"]
    assert disposition_of(db, demo.SIMILAR[0]).id == disposition_of(db, demo.SIMILAR[1]).id
    decided = db.session.scalars(sa.select(Disposition).where(Disposition.decision.is_not(None))).all()
    assert len(decided) == 2
    from commentsvc.synthesis.loading import synthesis_for

    synthesis = synthesis_for(consultation, on=date(2026, 1, 5))
    assert synthesis.summary.replied_late_used == 1 and len(synthesis.summary.silent_agreeing) == 1
