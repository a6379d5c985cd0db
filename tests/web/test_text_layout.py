"""Pieces of text never run together on the synthesis, carry-over and agency outcome pages; a clause's paragraphs
stay paragraphs on the pages and in the DOCX and PDF exports. Asserted on the text a reader sees, not on templates."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest

from commentsvc.consultations.models import ConsultationStatus
from commentsvc.core.clock import now_utc
from commentsvc.synthesis.models import Decision
from tests.web.revisions_helpers import clause, publish_as_it_stands, two_versions
from tests.web.test_revisions_rounds import decide, open_round_two
from tests.web.text_layout import rendered_text

COMMENT = "Đề nghị quy định rõ trách nhiệm công bố.\nCần bảo đảm đầy đủ."
PROPOSAL = "Các bộ, ngành công bố dữ liệu mở đầy đủ, kịp thời."
EXPLANATION = "Tiếp thu một phần: đã sửa khoản 3.\nGiữ nguyên phần còn lại vì đã có quy định chung."
RUN_TOGETHER = ("đầy đủ.Đề xuất", "Tiếp thu một phầnTiếp thu", "phần:Tiếp thu", "công bố.Cần", "khoản 3.Giữ")


@pytest.fixture
def rounds(client, login, factory, db):
    """Round 1 closed with a two-paragraph comment, its proposed wording and a partly-accepted decision; round 2."""
    old, new = two_versions(factory, db)
    justice = factory.agency(code="BTP", name="Bộ Tư pháp")
    first = factory.consultation(version=old, agencies=[justice, factory.agency()])
    reply = factory.reply(first, justice, comments=[(clause(db, old, "khoản 3 Điều 3").id, COMMENT)])
    reply.comments[0].proposed_wording = PROPOSAL
    decide(db, first, reply.comments[0], Decision.PARTLY_ACCEPTED, EXPLANATION)
    first.status, first.closed_at = ConsultationStatus.CLOSED, now_utc()
    publish_as_it_stands(db, first)
    login(factory.drafter(first.drafting_unit))
    second = open_round_two(client, first, new)
    return first, second, justice


def assert_kept_apart(text: str) -> None:
    for joined in RUN_TOGETHER:
        assert joined not in text, joined
    lines = text.split("\n")
    assert "Đề nghị quy định rõ trách nhiệm công bố." in lines and "Cần bảo đảm đầy đủ." in lines
    assert "Giữ nguyên phần còn lại vì đã có quy định chung." in lines


def test_the_synthesis_page_keeps_each_piece_apart(client, rounds):
    first, _second, _justice = rounds
    text = rendered_text(client.get(f"/consultations/{first.id}/synthesis").get_data(as_text=True))
    assert_kept_apart(text)
    assert "Đề xuất sửa đổi: " + PROPOSAL in text.split("\n")
    assert "Tiếp thu một phần" in text.split("\n")


def test_the_carry_over_pages_keep_each_piece_apart(app, client, login, factory, rounds):
    first, second, justice = rounds
    team = rendered_text(client.get(f"/drafts/rounds/{second.id}/carryover").get_data(as_text=True))
    assert_kept_apart(team)
    member = login(factory.member(justice), the_client=app.test_client())
    agency = rendered_text(member.get(f"/agency/revisions/{first.id}").get_data(as_text=True))
    assert_kept_apart(agency)


def test_a_clauses_paragraphs_stay_paragraphs_in_the_exports(client, login, factory, db, rounds):
    first, _second, _justice = rounds
    target = clause(db, first.draft_version, "khoản 3 Điều 3")
    target.text = "3. Dữ liệu mở phải được cập nhật.\nViệc cập nhật thực hiện hằng quý."
    db.session.commit()
    exported = client.get(f"/consultations/{first.id}/synthesis/export.docx")
    assert exported.status_code == 200, exported.status_code
    paragraphs = [p.text for table in docx.Document(io.BytesIO(exported.data)).tables for row in table.rows
                  for cell in row.cells for p in cell.paragraphs]  # fmt: skip
    for line in ("3. Dữ liệu mở phải được cập nhật.", "Việc cập nhật thực hiện hằng quý.", "Cần bảo đảm đầy đủ."):
        assert line in paragraphs, line
    assert "Giữ nguyên phần còn lại vì đã có quy định chung." in paragraphs
    if shutil.which("pdftotext"):
        pdf = client.get(f"/consultations/{first.id}/synthesis/export.pdf")
        assert pdf.status_code == 200
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.data, capture_output=True, check=True)
        lines = [" ".join(line.split()) for line in text.stdout.decode().splitlines()]
        assert any(line.startswith("Việc cập nhật") for line in lines)  # the second paragraph starts a line
        assert not any("cập nhật. Việc" in line for line in lines)
