"""The team's tracking page: who may see it, what it shows, the same figures in XLSX and in the database."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import docx
import openpyxl
import pytest
import sqlalchemy as sa

from commentsvc.accounts.models import Role
from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations.models import Recipient
from commentsvc.consultations.rules import RecipientState
from commentsvc.consultations.tracking_xlsx import ROWS_SHEET, TOTALS_SHEET
from commentsvc.core.clock import now_utc
from commentsvc.responses.models import Reply, ReplyStatus
from tests.jobs_helpers import run_queue
from tests.web.tracking_helpers import days_from_now, import_directory, recipient_of

SECRET_DRAFT = "Nội dung nháp bí mật của cơ quan"


@pytest.fixture
def demo(db, factory, runner):
    """A consultation of a new unit sent to the 56 agencies of the demo directory, with a few replies."""
    agencies = import_directory(runner)
    unit = factory.unit(code="CĐS")
    consultation = factory.consultation(unit=unit, agencies=agencies)
    by_code = {agency.code: agency for agency in agencies}
    clause_id = consultation.draft_version.clauses[1].id
    factory.reply(consultation, by_code["BTP"], comments=[(clause_id, "Đề nghị sửa khoản 1."), (None, "Chung.")])
    factory.reply(consultation, by_code["UBND-HNI"])
    factory.reply(consultation, by_code["BYT"], is_late=True, comments=[(None, "Gửi muộn.")])
    factory.reply(consultation, by_code["BCA"], submitted=False, comments=[(clause_id, SECRET_DRAFT)] * 3)
    recipient_of(consultation, by_code["BNG"]).first_opened_at = now_utc()
    db.session.commit()
    return consultation, unit, by_code


def _page(client, consultation, **params):
    response = client.get(f"/consultations/{consultation.id}/tracking", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _page_figure(html: str, attribute: str, value: str) -> int:
    match = re.search(rf'<(?:td|strong) {attribute}="{value}">(\d+)<', html)
    assert match, f"{attribute}={value} not on the page"
    return int(match.group(1))


def _row_names(html: str) -> list[str]:
    return re.findall(r'<tr id="recipient-\d+"[^>]*>.*?<th scope="row">([^<]+)</th>', html, flags=re.S)


@pytest.mark.parametrize("role", [Role.AGENCY, Role.ADMIN])
def test_other_roles_get_403(client, factory, login, role):
    consultation = factory.consultation()
    login(factory.user(role))
    for suffix in ("tracking", "tracking.xlsx", "tracking/print", "reminder-letter.docx"):
        assert client.get(f"/consultations/{consultation.id}/{suffix}").status_code == 403


def test_drafters_of_another_unit_get_404(client, factory, login):
    consultation = factory.consultation()
    login(factory.drafter())
    for suffix in ("tracking", "tracking.xlsx", "tracking/print", "reminder-letter.docx"):
        assert client.get(f"/consultations/{consultation.id}/{suffix}").status_code == 404
    assert client.get("/consultations/999999/tracking").status_code == 404


def test_page_xlsx_and_database_agree_on_the_demo_directory(client, factory, login, db, demo):
    consultation, unit, _ = demo
    login(factory.drafter(unit))
    html = _page(client, consultation)
    recipients = db.session.scalar(
        sa.select(sa.func.count()).select_from(Recipient).where(Recipient.consultation_id == consultation.id)
    )
    submitted = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Reply)
        .join(Recipient)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
    )
    assert recipients == 56
    assert _page_figure(html, "data-total", "total") == recipients
    assert _page_figure(html, "data-total", "replied") == submitted == 3
    page_states = {state: _page_figure(html, "data-state", state.value) for state in RecipientState}
    assert sum(page_states.values()) == recipients
    assert page_states[RecipientState.SUBMITTED_LATE] == 1 and page_states[RecipientState.DRAFTING] == 1
    assert page_states[RecipientState.OPENED] == 1

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"/consultations/{consultation.id}/tracking.xlsx").data))
    totals = {row[0]: row[1:] for row in workbook[TOTALS_SHEET].iter_rows(values_only=True) if row and row[0]}
    assert totals["Tổng số cơ quan được lấy ý kiến"][0] == recipients
    assert totals["Đã gửi văn bản góp ý"][0] == submitted
    for state, count in page_states.items():
        assert totals[state.label][0] == count
    groups_in_db = Counter(r.agency.group for r in consultation.recipients)
    for group, count in groups_in_db.items():
        assert totals[group.label][0] == count == _page_figure(html, "data-group-total", group.value)
    sheet_rows = list(workbook[ROWS_SHEET].iter_rows(min_row=4, values_only=True))
    assert len(sheet_rows) == recipients
    assert Counter(row[4].split(" (")[0] for row in sheet_rows)["Đã gửi đúng hạn"] == 2


def test_rows_show_state_counts_and_never_draft_content(client, factory, login, demo):
    consultation, unit, by_code = demo
    login(factory.drafter(unit))
    html = _page(client, consultation)
    row = html.split(f'id="recipient-{recipient_of(consultation, by_code["BCA"]).id}"')[1].split("</tr>")[0]
    assert "Đang soạn góp ý (3 ý kiến)" in row
    btp = html.split(f'id="recipient-{recipient_of(consultation, by_code["BTP"]).id}"')[1].split("</tr>")[0]
    assert "Đã gửi đúng hạn" in btp and "3/BTP-VP" in btp
    assert SECRET_DRAFT not in html
    xlsx = client.get(f"/consultations/{consultation.id}/tracking.xlsx").data
    assert SECRET_DRAFT.encode() not in xlsx
    assert " style=" not in html  # the CSP forbids inline styles
    assert "<progress" in html and "<meter" in html


def test_filters_and_sorting(client, factory, login, demo):
    consultation, unit, _ = demo
    login(factory.drafter(unit))
    html = _page(client, consultation, group=AgencyGroup.PROVINCE.value)
    names = _row_names(html)
    assert len(names) == 34 and all(name.startswith("Ủy ban nhân dân") for name in names)
    # Vietnamese order of the place names: Cà Mau before Cao Bằng, Đắk Lắk after Cần Thơ and before Điện Biên.
    places = [re.sub(r"^Ủy ban nhân dân (tỉnh|thành phố|Thành phố) ", "", name) for name in names]
    assert places.index("Cà Mau") < places.index("Cao Bằng") < places.index("Cần Thơ") < places.index("Đắk Lắk")
    assert places.index("Đắk Lắk") < places.index("Điện Biên") < places.index("Gia Lai")

    submitted = _page(client, consultation, state=RecipientState.SUBMITTED_ON_TIME.value)
    assert "2 cơ quan (đã lọc)" in submitted
    by_time = _page(client, consultation, sort="time")
    assert _row_names(by_time)[:3] == ["Bộ Tư pháp", "Ủy ban nhân dân thành phố Hà Nội", "Bộ Y tế"]
    junk = _page(client, consultation, group="x", state="y", sort="z")
    assert "56 cơ quan</caption>" in junk


def test_print_page_has_the_totals_and_no_forms(client, factory, login, demo):
    consultation, unit, _ = demo
    login(factory.drafter(unit))
    response = client.get(f"/consultations/{consultation.id}/tracking/print")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _page_figure(html, "data-total", "total") == 56
    assert 'name="recipient_ids"' not in html and " style=" not in html


def test_reminder_letter_lists_the_agencies_without_reply(client, factory, login, demo):
    consultation, unit, by_code = demo
    login(factory.drafter(unit))
    response = client.get(f"/consultations/{consultation.id}/reminder-letter.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    addressees = [line for line in lines if line.startswith("- ")]
    assert len(addressees) == 53
    assert f"- {by_code['BCA'].name};" in addressees and f"- {by_code['BTP'].name};" not in addressees
    heading = [paragraph.text for cell in document.tables[0].rows[0].cells for paragraph in cell.paragraphs]
    assert heading[:2] == [unit.parent_name.upper(), unit.name.upper()]
    assert "Số:" in heading[2] and heading[2].endswith("/BKHCN-CĐS")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in heading and "Độc lập - Tự do - Hạnh phúc" in heading
    assert any("123/BKHCN-CĐS" in line for line in lines)
    closing = [paragraph.text for cell in document.tables[1].rows[0].cells for paragraph in cell.paragraphs]
    assert closing[:3] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, CĐS."]
    assert "KT. CỤC TRƯỞNG" in closing and closing[-1] == "Nguyễn Văn An"


def test_extension_and_silence_shown_after_the_deadline(client, factory, login, db, demo):
    consultation, unit, by_code = demo
    consultation.deadline_at = days_from_now(-1)
    recipient_of(consultation, by_code["BQP"]).extended_until = days_from_now(2)
    db.session.commit()
    login(factory.drafter(unit))
    html = _page(client, consultation)
    bqp = html.split(f'id="recipient-{recipient_of(consultation, by_code["BQP"]).id}"')[1].split("</tr>")[0]
    assert "Chưa mở" in bqp and "Gia hạn đến" in bqp
    assert _page_figure(html, "data-state", RecipientState.IMPLICIT_AGREEMENT.value) == 52
    assert _page_figure(html, "data-state", "extended") == 1


def _made_by_a_job(client, consultation, suffix: str) -> bytes:
    asked = client.post(f"/consultations/{consultation.id}/{suffix}", data={})
    assert asked.status_code == 303 and "/jobs/" in asked.headers["Location"]
    assert run_queue() == 1
    assert "Tải tệp " in client.get(asked.headers["Location"]).get_data(as_text=True)
    return client.get(f"{asked.headers['Location']}/download").data


def test_the_page_buttons_make_the_workbook_and_the_letter_as_jobs(client, factory, login, db, demo):
    """The tracking page's buttons answer with a job page; the worker makes the same files as the links."""
    consultation, unit, _by_code = demo
    login(factory.drafter(unit))
    page = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    assert f'method="post" action="/consultations/{consultation.id}/tracking.xlsx"' in page
    workbook = openpyxl.load_workbook(io.BytesIO(_made_by_a_job(client, consultation, "tracking.xlsx")))
    assert workbook.sheetnames[0] == ROWS_SHEET
    letter = _made_by_a_job(client, consultation, "reminder-letter.docx")
    direct = client.get(f"/consultations/{consultation.id}/reminder-letter.docx").data
    # The same document; the zip's own entry times may differ by the seconds between the two.
    assert _document_xml(letter) == _document_xml(direct)


def _document_xml(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read("word/document.xml")
