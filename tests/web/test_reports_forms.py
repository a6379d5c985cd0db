"""The team's forms of a report request: templates of several sheets with merged headers, forms edited row by row
and column by column while the request is a draft, locked once it is sent."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from commentsvc.reports import operations
from commentsvc.reports.models import FormKind, ReportForm
from commentsvc.reports.periods import Period
from tests.unit.reports_data import EVERY_TYPE, form_sheet, three_forms_and_instructions
from tests.web.reports_helpers import draft_request


def xlsx_bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture
def draft(db, factory):
    request, team = draft_request(factory, "Báo cáo quý", Period("quarter", 2019, 3), deadline_days=365)
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


# --- a form edited row by row and column by column ---------------------------------------------------------------


@pytest.fixture
def built(db, factory, draft):
    request, team = draft
    form = operations.add_form(request, code="01", title="Bộ", layout=EVERY_TYPE, user=team)
    tasks = operations.add_form(request, code="NV", title="Nhiệm vụ", layout=EVERY_TYPE, kind=FormKind.TASKS)
    db.session.commit()
    return request, team, form, tasks


def _edit(client, request, form, action, **data):
    return client.post(f"/reports/{request.id}/forms/{form.id}/layout/{action}", data=data)


def test_the_team_edits_one_row_and_one_column_at_a_time(client, login, db, built):
    request, team, form, _tasks = built
    login(team)
    page = client.get(f"/reports/{request.id}/forms/{form.id}").get_data(as_text=True)
    assert "Thêm dòng chỉ tiêu" in page and "Thêm cột" in page and 'name="label" value="Ghi chú"' in page
    response = _edit(client, request, form, "add_row", label="Cơ sở dữ liệu chuyên ngành", position="1")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/forms/{form.id}#rows")
    assert "Đã thêm dòng “Cơ sở dữ liệu chuyên ngành”." in client.get(response.headers["Location"]).get_data(True)
    assert _edit(client, request, form, "rename_row", key="r2", label="Hệ thống thông tin cấp độ 3").status_code == 302
    assert _edit(client, request, form, "move_row", key="r1", position="3").status_code == 302
    assert _edit(client, request, form, "add_column", label="Số hồ sơ", type="integer", position="").status_code == 302
    changed = _edit(
        client,
        request,
        form,
        "change_column",
        key="level",
        label="Mức độ",
        type="choice",
        choices="Toàn trình; Một phần; Chưa",
    )
    assert changed.status_code == 302
    assert _edit(client, request, form, "move_column", key="c1", position="1").status_code == 302
    assert _edit(client, request, form, "remove_column", key="budget").status_code == 302
    assert _edit(client, request, form, "remove_row", key="r2").status_code == 302
    db.session.expire_all()
    layout = db.session.get(ReportForm, form.id).layout
    assert [row.label for row in layout.rows] == ["Cơ sở dữ liệu chuyên ngành", "Thủ tục hành chính"]
    assert [column.key for column in layout.columns] == ["c1", "count", "share", "since", "linked", "level", "note"]
    assert layout.column("level").choices == ("Toàn trình", "Một phần", "Chưa")
    actions = db.session.scalars(
        sa.select(AuditEntry.details).where(AuditEntry.action == "report.edit_form").order_by(AuditEntry.id)
    ).all()
    assert len(actions) == 8


def test_a_refused_change_is_shown_again_as_typed(client, login, db, built):
    request, team, form, tasks = built
    login(team)
    refused = _edit(client, request, form, "change_column", key="note", label="Số thủ tục", type="text", choices="")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "Biểu mẫu đã có cột “Số thủ tục”" in page
    assert 'id="col-label-note" name="label" value="Số thủ tục"' in page  # what was typed, in its own place
    assert _edit(client, request, form, "add_row", label="   ").status_code == 400
    assert _edit(client, request, form, "move_row", key="r1").status_code == 400
    assert _edit(client, request, form, "rename_row", key="r99", label="X").status_code == 404
    assert _edit(client, request, tasks, "add_column", label="Khác", type="text").status_code == 400
    db.session.expire_all()
    assert db.session.get(ReportForm, form.id).layout == EVERY_TYPE


def test_once_sent_the_form_is_locked_with_a_message(client, login, db, factory, built):
    request, team, form, _tasks = built
    operations.add_agencies(request, [factory.agency(name="Bộ Tư pháp")])
    operations.open_request(request, now_utc())
    db.session.commit()
    login(team)
    page = client.get(f"/reports/{request.id}/forms/{form.id}").get_data(as_text=True)
    assert operations.MSG_FORM_LOCKED in page and "Thêm dòng chỉ tiêu" not in page
    refused = _edit(client, request, form, "remove_row", key="r1")
    assert refused.status_code == 409
    assert "sẽ làm mất số liệu các cơ quan đã nhập" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ReportForm, form.id).layout == EVERY_TYPE


def test_another_units_drafter_cannot_edit(client, login, db, factory, built):
    request, _team, form, _tasks = built
    login(factory.drafter(factory.unit()))
    assert _edit(client, request, form, "remove_row", key="r1").status_code == 404
    login(factory.member(factory.agency(), can_submit=True))
    assert _edit(client, request, form, "remove_row", key="r1").status_code in (403, 404)


def test_a_refused_form_is_shown_again_with_what_was_typed(client, login, db, built):
    """A template that cannot be read, or a form built on the page that is refused, comes back with the number, name,
    group, sheet and rows typed in its own form; the page's other forms stay empty."""
    request, team, _form, _tasks = built
    login(team)
    data = {"code": "05", "title": "Biểu mẫu về dữ liệu mở", "agency_group": "province", "sheet": "Biểu 05"}
    data["file"] = (io.BytesIO(b"not a workbook"), "bieu-mau.xlsx")
    refused = client.post(f"/reports/{request.id}/forms/template", data=data, content_type="multipart/form-data")
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    template = page[page.index(f'action="/reports/{request.id}/forms/template"') :][:4000]
    assert 'value="05"' in template and 'value="Biểu mẫu về dữ liệu mở"' in template and 'value="Biểu 05"' in template
    assert '<option selected value="province">' in template
    rows = "Cơ sở dữ liệu chuyên ngành\nHệ thống thông tin cấp độ 3"
    fields = {"code": "01", "title": "Trùng số", "agency_group": "", "kind": "indicators", "rows": rows}
    refused = client.post(f"/reports/{request.id}/forms", data=fields | {"columns": "Số hệ thống"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    built_form = page[page.index(f'action="/reports/{request.id}/forms" ') :]
    assert rows in built_form and 'value="Trùng số"' in built_form
    # the other form keeps its own (empty) fields
    template = page[page.index(f'action="/reports/{request.id}/forms/template"') :]
    assert 'value="Trùng số"' not in template[: template.index("</form>")]


def test_each_label_of_the_request_page_names_its_own_field(client, login, built):
    """The template form and the form built on the page both ask for a number, a name and a group: their fields have
    ids of their own, so that a label (and a screen reader) never points at the other form's field."""
    request, team, _form, _tasks = built
    login(team)
    page = client.get(f"/reports/{request.id}").get_data(as_text=True)
    labelled = re.findall(r'<label for="([^"]+)"', page)
    assert labelled and all(page.count(f'id="{target}"') == 1 for target in labelled), [
        target for target in labelled if page.count(f'id="{target}"') != 1
    ]
