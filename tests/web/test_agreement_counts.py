"""Who counts as agreeing, one rule everywhere: the tracking page, its XLSX, what close-due records, the synthesis.

Time passes the way the other tests make it pass: the deadline is moved into the past, the clock is not patched.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook

from commentsvc.consultations.models import ConsultationStatus, SilenceOutcome
from commentsvc.consultations.rules import RecipientState
from commentsvc.consultations.tracking_xlsx import TOTALS_SHEET
from commentsvc.core.clock import now_utc
from tests.pdf_text import pdf_text
from tests.web.synthesis_helpers import build_scene
from tests.web.tracking_helpers import recipient_of

PROVISIONAL = "Bản tổng hợp tạm thời: đợt lấy ý kiến chưa kết thúc"
SYNTHESIS_SILENT_ROW = {True: "Không trả lời, được hiểu là nhất trí", False: "Không có văn bản trả lời"}
XLSX_SILENT_ROW = {True: "Không trả lời, được hiểu là nhất trí", False: "Không trả lời, không tính là nhất trí"}


def _tracking_state_count(client, consultation, state: RecipientState) -> int:
    html = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    match = re.search(rf'<td data-state="{state.value}">(\d+)<', html)
    assert match, f"{state} not on the tracking page"
    return int(match.group(1))


def _tracking_row(client, consultation, recipient) -> str:
    html = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    return html.split(f'id="recipient-{recipient.id}"')[1].split("</tr>")[0]


def _tracking_xlsx_count(client, consultation, state: RecipientState) -> int:
    data = client.get(f"/consultations/{consultation.id}/tracking.xlsx").data
    totals = {
        row[0]: row[1] for row in load_workbook(io.BytesIO(data))[TOTALS_SHEET].iter_rows(values_only=True) if row
    }
    return totals[state.label]


def _synthesis_page(client, consultation) -> str:
    response = client.get(f"/consultations/{consultation.id}/synthesis")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _synthesis_figure(html: str, label: str) -> int:
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>(\d+)<", html)
    assert match, f"{label} not on the synthesis page"
    return int(match.group(1))


def _synthesis_xlsx(client, consultation):
    response = client.get(f"/consultations/{consultation.id}/synthesis/export.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def _figures(workbook) -> dict:
    return dict(workbook["Số liệu"].iter_rows(min_row=2, values_only=True))


def _docx_text(client, consultation) -> str:
    response = client.get(f"/consultations/{consultation.id}/synthesis/export.docx")
    assert response.status_code == 200
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(response.data)).paragraphs)


@pytest.mark.parametrize("silence_is_agreement", [True, False])
def test_unsent_drafts_count_as_silence_on_the_page_in_the_xlsx_after_close_due_and_in_the_synthesis(
    client, login, db, factory, runner, silence_is_agreement
):
    """Late replies accepted: Bộ Công an has two comments it never sent, Bộ Y tế nothing, Bộ Tư pháp replied."""
    agencies = {code: factory.agency(code, name) for code, name in (("BTP", "Bộ Tư pháp"), ("BCA", "Bộ Công an"))}
    agencies["BYT"] = factory.agency("BYT", "Bộ Y tế")
    unit = factory.unit()
    consultation = factory.consultation(
        unit=unit,
        agencies=list(agencies.values()),
        opens_at=now_utc() - timedelta(days=10),
        accepts_late=True,
        silence_is_agreement=silence_is_agreement,
    )
    factory.reply(consultation, agencies["BTP"])
    clause_id = consultation.draft_version.clauses[1].id
    factory.reply(consultation, agencies["BCA"], submitted=False, comments=[(clause_id, "Nháp 1."), (None, "Nháp 2.")])
    login(factory.drafter(unit))
    silent_state = RecipientState.IMPLICIT_AGREEMENT if silence_is_agreement else RecipientState.NO_REPLY
    outcome = SilenceOutcome(silent_state.value)

    # Before the deadline: Bộ Công an is drafting, nobody is silent, nobody is taken to agree.
    assert _tracking_state_count(client, consultation, RecipientState.DRAFTING) == 1
    assert _tracking_state_count(client, consultation, silent_state) == 0
    assert _synthesis_figure(_synthesis_page(client, consultation), SYNTHESIS_SILENT_ROW[silence_is_agreement]) == 0

    # The deadline passes; Bộ Công an could still submit late, but has not: its draft is no reply.
    consultation.deadline_at = now_utc() - timedelta(minutes=1)
    db.session.commit()
    bca = recipient_of(consultation, agencies["BCA"])
    assert _tracking_state_count(client, consultation, RecipientState.DRAFTING) == 0
    page_silent = _tracking_state_count(client, consultation, silent_state)
    assert f"{silent_state.label}, có 2 ý kiến chưa gửi" in _tracking_row(client, consultation, bca)
    xlsx_silent = _tracking_xlsx_count(client, consultation, silent_state)

    result = runner.invoke(args=["consultations", "close-due"])
    assert result.exit_code == 0 and "1 đợt" in result.output, result.output
    db.session.refresh(consultation)
    recorded = sorted(r.agency.code for r in consultation.recipients if r.silence_outcome is outcome)

    html = _synthesis_page(client, consultation)
    synthesis_silent = _synthesis_figure(html, SYNTHESIS_SILENT_ROW[silence_is_agreement])
    synthesis_xlsx_silent = _figures(_synthesis_xlsx(client, consultation))[XLSX_SILENT_ROW[silence_is_agreement]]
    assert recorded == ["BCA", "BYT"]
    assert page_silent == xlsx_silent == len(recorded) == synthesis_silent == synthesis_xlsx_silent == 2
    assert _tracking_state_count(client, consultation, silent_state) == 2  # and still after close-due
    assert PROVISIONAL not in html and "Nháp 1." not in html


@pytest.fixture
def open_scene(factory, client, login):
    """The synthesis scene while the consultation is still open: VPCP silent so far, Đà Nẵng only has a draft."""
    scene = build_scene(factory)
    scene.consultation.status = ConsultationStatus.OPEN
    scene.consultation.deadline_at = now_utc() + timedelta(days=2)
    factory.db.session.commit()
    login(scene.drafter)
    return scene


def test_a_synthesis_made_before_the_deadline_is_provisional_and_claims_no_agreement(client, open_scene):
    consultation = open_scene.consultation
    html = _synthesis_page(client, consultation)
    assert 'id="provisional"' in html and PROVISIONAL in html
    assert _synthesis_figure(html, "Không trả lời, được hiểu là nhất trí") == 0
    assert _synthesis_figure(html, "Chưa trả lời (chưa hết hạn góp ý)") == 2
    assert "Phụ lục: Danh sách cơ quan chưa có văn bản trả lời" in html
    assert "Phụ lục: Danh sách cơ quan không có ý kiến (được hiểu là nhất trí)" not in html

    text = _docx_text(client, consultation)
    assert PROVISIONAL in text
    assert "2 cơ quan chưa trả lời và chưa hết hạn góp ý, chưa được tính là nhất trí; 0 cơ quan" in text
    assert "Văn phòng Chính phủ" in text  # in the annex, as not yet due
    assert "Bộ, cơ quan ngang Bộ - chưa trả lời (chưa hết hạn)" in text

    workbook = _synthesis_xlsx(client, consultation)
    first = next(workbook["Số liệu"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[0].startswith(PROVISIONAL)
    figures = _figures(workbook)
    assert figures["Không trả lời, được hiểu là nhất trí"] == 0
    assert figures["Chưa trả lời, chưa hết hạn góp ý (chưa tính là nhất trí)"] == 2
    silent_rows = list(workbook["Không trả lời"].iter_rows(min_row=2, values_only=True))
    assert {row[1]: row[4] for row in silent_rows} == {
        "Văn phòng Chính phủ": "Không (chưa hết hạn góp ý)",
        "Ủy ban nhân dân thành phố Đà Nẵng": "Không (chưa hết hạn góp ý)",
    }

    text = pdf_text(client.get(f"/consultations/{consultation.id}/synthesis/export.pdf").data)  # skips without it
    assert PROVISIONAL in " ".join(text.split())


def test_after_the_deadline_only_the_extended_agency_is_still_pending(client, db, open_scene):
    consultation = open_scene.consultation
    consultation.deadline_at = now_utc() - timedelta(hours=1)
    vpcp = recipient_of(consultation, open_scene.agencies["VPCP"])
    vpcp.extended_until = now_utc() + timedelta(days=1)
    db.session.commit()
    html = _synthesis_page(client, consultation)
    assert PROVISIONAL in html  # Văn phòng Chính phủ may still reply on time
    assert _synthesis_figure(html, "Chưa trả lời (chưa hết hạn góp ý)") == 1
    assert _synthesis_figure(html, "Không trả lời, được hiểu là nhất trí") == 1  # Đà Nẵng's draft is no reply

    vpcp.extended_until = now_utc() - timedelta(minutes=1)
    db.session.commit()
    html = _synthesis_page(client, consultation)
    assert PROVISIONAL not in html and "Chưa trả lời (chưa hết hạn góp ý)" not in html
    assert _synthesis_figure(html, "Không trả lời, được hiểu là nhất trí") == 2
    assert PROVISIONAL not in _docx_text(client, consultation)
