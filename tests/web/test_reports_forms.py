"""The team's forms of a report request: templates of several sheets with merged headers, forms edited row by row
and column by column while the request is a draft, locked once it is sent."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.clock import now_utc
from commentsvc.reports import operations
from commentsvc.reports.models import ReportForm
from commentsvc.reports.periods import Period
from tests.unit.reports_data import form_sheet, three_forms_and_instructions


def xlsx_bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture
def draft(db, factory):
    unit = factory.unit()
    team = factory.drafter(unit)
    now = now_utc()
    request = operations.create_request(
        unit=unit,
        title="Báo cáo quý",
        period=Period("quarter", 2019, 3),
        opens_at=now,
        deadline_at=now.replace(year=now.year + 1),
        user=team,
    )
    db.session.commit()
    return request, team


def _upload(client, request_id, workbook, **fields):
    data = {"code": "", "title": "", "agency_group": "", "sheet": ""} | fields
    data["file"] = (io.BytesIO(xlsx_bytes(workbook)), "bieu-mau.xlsx")
    return client.post(f"/reports/{request_id}/forms/template", data=data, content_type="multipart/form-data")


def test_a_template_of_several_sheets_gives_a_form_per_sheet_and_skips_the_instructions(client, login, db, draft):
    request, team = draft
    login(team)
    response = _upload(client, request.id, three_forms_and_instructions())
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Trang tính “Hướng dẫn” được bỏ qua" in page
    assert "Số lượng dịch vụ công trực tuyến – Toàn trình (Số nguyên)" in page
    db.session.expire_all()
    forms = db.session.scalars(sa.select(ReportForm).where(ReportForm.request_id == request.id)).all()
    assert [(form.code, form.agency_group, len(form.layout.rows)) for form in forms] == [
        ("01", AgencyGroup.MINISTRY, 1),
        ("02", AgencyGroup.GOVERNMENT_AGENCY, 2),
        ("03", AgencyGroup.PROVINCE, 1),
    ]
    assert forms[0].layout.columns[1].label == "Số lượng dịch vụ công trực tuyến – Một phần"


def test_the_team_reads_one_chosen_sheet_and_a_wrong_choice_is_a_message(client, login, db, draft):
    request, team = draft
    login(team)
    workbook = three_forms_and_instructions()
    response = _upload(client, request.id, workbook, sheet="BM03", code="03", title="Tỉnh, thành phố")
    assert response.status_code == 302
    refused = _upload(client, request.id, workbook, sheet="Biểu 9")
    assert refused.status_code == 400
    assert "Bảng tính không có trang tính “Biểu 9”" in refused.get_data(as_text=True)
    again = _upload(client, request.id, workbook)  # 03 exists already: nothing of this upload is kept
    assert again.status_code == 400 and "Yêu cầu đã có biểu mẫu 03" in again.get_data(as_text=True)
    db.session.expire_all()
    forms = db.session.scalars(sa.select(ReportForm).where(ReportForm.request_id == request.id)).all()
    assert [(form.code, form.title) for form in forms] == [("03", "Tỉnh, thành phố")]


def test_a_single_sheet_without_a_number_needs_the_teams(client, login, draft):
    request, team = draft
    login(team)
    workbook = Workbook()
    workbook.active.append(["STT", "Chỉ tiêu", "Số lượng"])
    workbook.active.append([1, "Hồ sơ", None])
    refused = _upload(client, request.id, workbook)
    assert refused.status_code == 400 and "Vui lòng nhập số biểu mẫu" in refused.get_data(as_text=True)
    sheet = Workbook()
    form_sheet(sheet.active, "02", ["Cơ quan"])
    assert _upload(client, request.id, sheet).status_code == 302
