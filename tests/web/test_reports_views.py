"""Report requests over HTTP: the team defines and sends, agencies fill online or in Excel and submit, the team tracks,
reminds, consolidates and exports. Each agency sees only its own forms and figures."""

from __future__ import annotations

import email
import email.policy
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import Workbook, load_workbook

from commentsvc.reports import operations
from commentsvc.reports.models import ReportRequest
from tests.jobs_helpers import run_queue
from tests.web.reports_helpers import LETTER, build_report_scene


@pytest.fixture
def scene(db, factory):
    """See build_report_scene."""
    return build_report_scene(db, factory)


def grid_url(scene, agency, code):
    return f"/agency/reports/{scene.request.id}/forms/{scene.form(agency, code).id}"


def xlsx_bytes(workbook) -> bytes:
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- the team --------------------------------------------------------------------------------------------------


def test_the_team_creates_a_request_builds_a_form_uploads_a_template_and_sends(client, login, db, factory, tmp_path):
    unit = factory.unit()
    login(factory.drafter(unit))
    factory.agency(name="Bộ Tư pháp")
    response = client.post(
        "/reports/new",
        data={
            "title": "Báo cáo quý",
            "period_kind": "quarter",
            "period_year": "2019",
            "period_number": "3",
            "deadline_date": "31/08/2027",
            "groups": ["ministry"],
            "accepts_late": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    report = db.session.scalar(sa.select(ReportRequest))
    assert len(report.recipients) == 1
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "quý III/2019" in page and "Số liệu tính từ ngày 15/06/2019 đến ngày 14/09/2019" in page
    built = client.post(
        f"/reports/{report.id}/forms",
        data={
            "code": "01",
            "title": "Biểu mẫu bộ",
            "agency_group": "ministry",
            "kind": "indicators",
            "rows": "Số thủ tục\nSố hệ thống",
            "columns": "Tổng số | số nguyên\nTỷ lệ (%) | tỷ lệ\nMức độ | danh sách | Toàn trình; Một phần",
        },
    )
    assert built.status_code == 302
    workbook = Workbook()
    workbook.active.append(["STT", "Chỉ tiêu", "Số lượng", "Ngày cập nhật"])
    workbook.active.append([1, "Hồ sơ trực tuyến", 5, None])
    uploaded = client.post(
        f"/reports/{report.id}/forms/template",
        data={
            "code": "02",
            "title": "Cơ quan thuộc CP",
            "agency_group": "government_agency",
            "file": (io.BytesIO(xlsx_bytes(workbook)), "mau.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302, uploaded.get_data(as_text=True)
    db.session.expire_all()
    assert [(f.code, len(f.layout.rows), [c.type.value for c in f.layout.columns]) for f in report.forms] == [
        ("01", 2, ["integer", "percent", "choice"]),
        ("02", 1, ["integer", "date"]),
    ]
    assert client.post(f"/reports/{report.id}/open", data={}).status_code == 302
    db.session.expire_all()
    assert report.status.value == "open"
    assert not list((tmp_path / "outbox").glob("*.eml")) and run_queue() == 1  # the queue's worker sends it
    notices = list((tmp_path / "outbox").glob("*.eml"))
    assert len(notices) == 1  # the one ministry: its own form, the deadline, the link
    message = email.message_from_bytes(notices[0].read_bytes(), policy=email.policy.default)
    body = message.get_body().get_content()
    assert "Biểu mẫu 01: Biểu mẫu bộ" in body and "Cơ quan thuộc CP" not in body
    assert "hết ngày 30/08/2027" in body, body  # "trước ngày 31/08" in the words of core/deadlines.py
    assert f"/agency/reports/{report.id}" in body


def test_a_hostile_template_is_refused_with_a_message(client, login, db, factory):
    scene = build_report_scene(db, factory)
    scene.request.status = scene.request.status.DRAFT
    db.session.commit()
    login(scene.team)
    response = client.post(
        f"/reports/{scene.request.id}/forms/template",
        data={"code": "09", "title": "X", "agency_group": "", "file": (io.BytesIO(b"PK\x03\x04garbage"), "x.xlsm")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "bảng tính" in response.get_data(as_text=True).lower()


# --- an agency filling ------------------------------------------------------------------------------------------


def test_an_agency_sees_only_its_groups_forms_and_its_own_tasks(client, login, scene):
    login(scene.members[scene.ministry.id])
    page = client.get(f"/agency/reports/{scene.request.id}").get_data(as_text=True)
    assert "Biểu mẫu 01" in page and "Biểu mẫu NV" in page and "Biểu mẫu 03" not in page
    tasks = client.get(grid_url(scene, scene.ministry, "NV")).get_data(as_text=True)
    assert "Xây dựng nền tảng" in tasks and "Đào tạo" not in tasks
    province_form = scene.form(scene.province, "03")
    assert client.get(f"/agency/reports/{scene.request.id}/forms/{province_form.id}").status_code == 404


def test_every_bad_cell_is_named_and_nothing_typed_is_lost(client, login, scene):
    login(scene.members[scene.ministry.id])
    url = grid_url(scene, scene.ministry, "01")
    typed = {
        "cell:r1:count": "mười",
        "cell:r1:budget": "12,5",
        "cell:r1:share": "120",
        "cell:r1:since": "31/02/2026",
        "cell:r1:linked": "có lẽ",
        "cell:r1:level": "Khác",
        "cell:r2:count": "1.234",
    }
    response = client.post(url, data=typed)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in (
        "Dòng “Thủ tục hành chính”, cột “Số thủ tục”: “mười” không phải là số.",
        "Dòng “Thủ tục hành chính”, cột “Tỷ lệ trực tuyến (%)”: tỷ lệ phải từ 0 đến 100.",
        "cột “Ngày đưa vào sử dụng”: ngày “31/02/2026” không có thật.",
        "cột “Kết nối nền tảng (Có/Không)”: chỉ nhận “Có” hoặc “Không”",
        "cột “Mức độ”: “Khác” không có trong danh sách",
    ):
        assert message in page
    assert 'value="mười"' in page and 'value="120"' in page  # kept as typed
    again = client.get(url).get_data(as_text=True)
    assert 'value="mười"' in again and 'value="1.234"' in again


def test_cells_save_as_they_are_typed(client, login, scene):
    login(scene.members[scene.ministry.id])
    url = grid_url(scene, scene.ministry, "01")
    response = client.post(url, data={"cell:r1:share": "101"}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    assert json.loads(response.data) == {
        "errors": {"r1:share": "Dòng “Thủ tục hành chính”, cột “Tỷ lệ trực tuyến (%)”: tỷ lệ phải từ 0 đến 100."}
    }
    ok = client.post(url, data={"cell:r1:share": "45,5", "cell:zz:share": "1"}, headers={"X-Requested-With": "fetch"})
    assert json.loads(ok.data) == {"errors": {}}
    assert 'value="45,5"' in client.get(url).get_data(as_text=True)


def test_the_excel_round_trip_and_its_refusals(client, login, db, scene):
    login(scene.members[scene.ministry.id])
    url = grid_url(scene, scene.ministry, "01")
    client.post(url, data={"cell:r1:count": "7"})
    download = client.get(url + ".xlsx")
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(download.data))
    sheet = workbook.worksheets[0]
    assert sheet["D6"].value == 7
    sheet["D7"], sheet["F6"] = 12, "45"

    def upload(data):
        return client.post(
            url + "/upload", data={"file": (io.BytesIO(data), "bieu-mau.xlsx")}, content_type="multipart/form-data"
        )

    assert upload(xlsx_bytes(workbook)).status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert 'value="12"' in page and 'value="45"' in page
    sheet["D6"] = "=SUM(D7:D8)"
    refused = upload(xlsx_bytes(workbook))
    assert refused.status_code == 422
    assert "Ô D6: có công thức" in refused.get_data(as_text=True)
    assert 'value="7"' in client.get(url).get_data(as_text=True)  # the refused file changed nothing
    sheet["D6"] = "sáu"
    bad = upload(xlsx_bytes(workbook))
    assert bad.status_code == 422 and "Ô D6 — Dòng “Thủ tục hành chính”, cột “Số thủ tục”" in bad.get_data(as_text=True)
    other = scene.form(scene.ministry, "NV")
    wrong = client.post(
        f"/agency/reports/{scene.request.id}/forms/{other.id}/upload",
        data={"file": (io.BytesIO(download.data), "x.xlsx")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422 and "biểu mẫu khác" in wrong.get_data(as_text=True)
    macro = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(download.data)) as source, zipfile.ZipFile(macro, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\x00")
    assert upload(macro.getvalue()).status_code == 400


def test_submission_once_with_a_letter(client, login, db, scene):
    member = scene.members[scene.other.id]
    login(member)
    url = grid_url(scene, scene.other, "01")
    client.post(url, data={"cell:r1:count": "5"})
    letter = {"letter_number": "15/BYT-CNTT", "letter_date": "05/01/2026", "letter_signer": "Lê Thị Hoa"}
    submitted = client.post(f"/agency/reports/{scene.request.id}/submit", data=letter)
    assert submitted.status_code == 303
    page = client.get(f"/agency/reports/{scene.request.id}").get_data(as_text=True)
    assert "Cơ quan đã gửi báo cáo" in page
    assert client.post(url, data={"cell:r1:count": "6"}).status_code == 409
    again = client.post(f"/agency/reports/{scene.request.id}/submit", data=letter)
    assert again.status_code == 303  # told it was sent before; nothing changes


def test_the_team_downloads_the_letter_a_report_was_submitted_with(client, login, db, scene):
    member = scene.members[scene.other.id]
    operations.save_cells(
        scene.recipient(scene.other), scene.form(scene.other, "01"), {("r1", "count"): "3"}, user=member, now=scene.now
    )
    db.session.commit()
    login(member)
    letter = {"letter_number": "15/BYT-CNTT", "letter_date": "05/01/2026", "letter_signer": "Lê Thị Hoa"}
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    sent = client.post(
        f"/agency/reports/{scene.request.id}/submit",
        data={**letter, "attachment": (io.BytesIO(pdf), "cong-van.pdf")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303
    client.post("/logout", data={})
    login(scene.team)
    board = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert "Tải văn bản" in board
    recipient = scene.recipient(scene.other)
    download = client.get(f"/reports/{scene.request.id}/recipients/{recipient.id}/letter")
    assert download.data == pdf and download.mimetype == "application/pdf"
    silent = scene.recipient(scene.province)
    assert client.get(f"/reports/{scene.request.id}/recipients/{silent.id}/letter").status_code == 302


def test_an_agency_never_sees_another_agencys_figures_or_requests(client, login, db, factory, scene):
    operations.save_cells(
        scene.recipient(scene.ministry),
        scene.form(scene.ministry, "01"),
        {("r1", "count"): "4242"},
        user=scene.members[scene.ministry.id],
        now=scene.now,
    )
    db.session.commit()
    login(scene.members[scene.other.id])
    assert "4242" not in client.get(grid_url(scene, scene.other, "01")).get_data(as_text=True)
    outsider = factory.member(factory.agency(name="Bộ Công an"), can_submit=True)
    client.post("/logout", data={})
    login(outsider)
    assert client.get(f"/agency/reports/{scene.request.id}").status_code == 404
    assert client.get(grid_url(scene, scene.ministry, "01")).status_code == 404
    assert client.get(grid_url(scene, scene.ministry, "01") + ".xlsx").status_code == 404
    client.post("/logout", data={})
    login(scene.team)
    board = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert "4242" not in board and "Đang nhập số liệu" in board
    assert "4242" not in client.get(f"/reports/{scene.request.id}/consolidation").get_data(as_text=True)


# --- the team's results ------------------------------------------------------------------------------------------


def test_the_board_says_not_reported_after_the_deadline_and_reminders_reach_the_outbox(
    client, login, db, app_config, tmp_path, scene
):
    operations.submit_report  # noqa: B018 - (the scene's agencies have not reported)
    scene.request.deadline_at = scene.now + timedelta(minutes=1)
    db.session.commit()
    login(scene.team)
    before = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert 'data-total="replied">0<' in before and 'data-total="total">3<' in before and "Chưa mở" in before
    recipient = scene.recipient(scene.province)
    response = client.post(f"/reports/{scene.request.id}/reminders", data={"recipient_ids": [recipient.id]})
    assert response.status_code == 302
    assert run_queue() == 1
    mails = list((tmp_path / "outbox").glob("*.eml"))
    assert len(mails) == 1
    body = mails[0].read_bytes().decode("utf-8", "replace")
    assert "An Giang" in body or "=?utf-8?" in body
    scene.request.deadline_at = scene.now - timedelta(minutes=1)
    db.session.commit()
    after = client.get(f"/reports/{scene.request.id}/tracking").get_data(as_text=True)
    assert after.count("Chưa báo cáo (quá hạn)") >= 3


def _report_all(db, scene):
    figures = {scene.ministry: "10", scene.other: "32"}
    for agency, count in figures.items():
        recipient = scene.recipient(agency)
        member = scene.members[agency.id]
        operations.save_cells(
            recipient,
            scene.form(agency, "01"),
            {("r1", "count"): count, ("r1", "share"): "50"},
            user=member,
            now=scene.now,
        )
    operations.save_cells(
        scene.recipient(scene.ministry),
        scene.form(scene.ministry, "NV"),
        {("t1", "status"): "Hoàn thành", ("t2", "status"): "Quá hạn", ("t2", "result"): '=HYPERLINK("x")'},
        user=scene.members[scene.ministry.id],
        now=scene.now,
    )
    for agency in figures:
        operations.submit_report(scene.recipient(agency), LETTER, user=scene.members[agency.id], now=scene.now)
    db.session.commit()


def test_the_consolidation_page_has_exact_totals_charts_and_who_has_not_reported(client, login, db, scene):
    _report_all(db, scene)
    login(scene.team)
    page = client.get(f"/reports/{scene.request.id}/consolidation").get_data(as_text=True)
    assert "2/3 cơ quan đã báo cáo" in page
    assert re.search(r"<td class=\"number\">42</td><td class=\"number\">21</td><td class=\"number\">2</td>", page)
    assert page.count("<svg") >= 3  # an indicator by agency, tasks by status, tasks by group
    assert "Ủy ban nhân dân tỉnh An Giang — Chưa báo cáo" in page


def test_exports_reopen_with_numbers_charts_and_the_missing_agencies(client, login, db, scene):
    _report_all(db, scene)
    login(scene.team)
    base = f"/reports/{scene.request.id}/export"
    workbook = load_workbook(io.BytesIO(client.get(base + ".xlsx").data))
    assert workbook.sheetnames == ["Biểu mẫu 01", "Biểu mẫu 03", "Biểu mẫu NV", "Tổng hợp", "Chưa báo cáo"]
    first = [row for row in workbook["Biểu mẫu 01"].iter_rows(min_row=3, values_only=True)]
    assert (first[0][1], first[0][4]) == ("Bộ Tư pháp", 10) and isinstance(first[0][4], int)
    tasks = [row for row in workbook["Biểu mẫu NV"].iter_rows(min_row=3, values_only=True)]
    assert tasks[1][5] == '=HYPERLINK("x")'
    assert workbook["Biểu mẫu NV"]["F4"].data_type == "s"
    totals = [row for row in workbook["Tổng hợp"].iter_rows(min_row=2, values_only=True)]
    assert ("01", "Thủ tục hành chính", "Số thủ tục", 42.0, 21.0, 2) in totals
    assert [row[1] for row in workbook["Chưa báo cáo"].iter_rows(min_row=2, values_only=True)] == [
        "Ủy ban nhân dân tỉnh An Giang"
    ]
    document = Document(io.BytesIO(client.get(base + ".docx").data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "3 cơ quan báo cáo; 2 cơ quan đã báo cáo, 1 cơ quan chưa báo cáo" in text
    assert "1. Ủy ban nhân dân tỉnh An Giang" in text
    assert len(document.inline_shapes) >= 3  # the charts
    pdf = client.get(base + ".pdf")
    assert pdf.data.startswith(b"%PDF")


@pytest.mark.usefixtures("queue_storage")
def test_a_large_consolidation_is_exported_by_a_job_that_only_the_team_reads(app, client, login, db, factory, scene):
    _report_all(db, scene)
    login(scene.team)
    app.config["DIRECT_REPORT_MAX_VALUES"] = 3  # fewer cells than were filled: the link goes through the queue
    response = client.get(f"/reports/{scene.request.id}/export.xlsx")
    assert response.status_code == 303 and "/jobs/" in response.headers["Location"]
    job_url = response.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    assert "Tổng hợp báo cáo (Excel)" in page and scene.request.title in page
    assert f'href="/reports/{scene.request.id}/consolidation"' in page
    assert client.get(f"/reports/{scene.request.id}/export.xlsx").headers["Location"] == job_url  # joins it
    assert run_queue() == 1
    download = client.get(f"{job_url}/download")
    assert download.status_code == 200 and download.headers["Content-Disposition"].endswith(
        f"tong-hop-bao-cao-{scene.request.id}.xlsx"
    )
    workbook = load_workbook(io.BytesIO(download.data))
    assert workbook.sheetnames == ["Biểu mẫu 01", "Biểu mẫu 03", "Biểu mẫu NV", "Tổng hợp", "Chưa báo cáo"]
    pdf_job = client.post(f"/reports/{scene.request.id}/export.pdf", data={}).headers["Location"]
    run_queue()
    assert client.get(f"{pdf_job}/download").data.startswith(b"%PDF")
    client.post("/logout", data={})
    login(factory.drafter())  # of another drafting unit
    assert client.get(job_url).status_code == 404
    assert client.get(f"{job_url}/download").status_code == 404
    assert client.get(f"{job_url}.json").status_code == 404


def test_next_period_pressed_twice_makes_one_draft(client, login, db, scene):
    """A double click, or the button pressed again after going back, opens the draft already made for the next period
    instead of a second request of the same period."""
    login(scene.team)
    first = client.post(f"/reports/{scene.request.id}/next", data={})
    again = client.post(f"/reports/{scene.request.id}/next", data={})
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    following = db.session.scalars(sa.select(ReportRequest).where(ReportRequest.previous_id == scene.request.id))
    assert len(following.all()) == 1
    assert "Kỳ báo cáo tiếp theo đã được tạo trước đó" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_next_period_shows_last_values_beside_each_cell(client, login, db, scene):
    _report_all(db, scene)
    login(scene.team)
    response = client.post(f"/reports/{scene.request.id}/next", data={})
    assert response.status_code == 302
    following = db.session.scalar(sa.select(ReportRequest).where(ReportRequest.previous_id == scene.request.id))
    assert client.get(f"/reports/{following.id}").get_data(as_text=True).count("quý IV/2019") >= 1
    client.post(f"/reports/{following.id}/open", data={})
    client.post("/logout", data={})
    login(scene.members[scene.other.id])
    form = next(f for f in following.forms if f.code == "01")
    page = client.get(f"/agency/reports/{following.id}/forms/{form.id}").get_data(as_text=True)
    assert "Kỳ trước: 32" in page and "Kỳ trước: 50" in page
    client.post(f"/agency/reports/{following.id}/forms/{form.id}", data={"cell:r1:count": "40"})
    client.post(
        f"/agency/reports/{following.id}/submit",
        data={"letter_number": "2/BYT", "letter_date": "05/01/2026", "letter_signer": "A"},
    )
    client.post("/logout", data={})
    login(scene.team)
    trend = client.get(f"/reports/{following.id}/consolidation?row=r1&column=count").get_data(as_text=True)
    svg = trend[trend.index("Biểu mẫu 01 qua các kỳ") :]
    assert "Thủ tục hành chính — Số thủ tục (tổng)" in svg
    assert svg.index("quý III/2019") < svg.index("quý IV/2019")
    assert ">42<" in svg and ">40<" in svg  # 10 + 32 last period, 40 now


def test_cli_lists_and_exports(runner, db, scene, tmp_path):
    listed = runner.invoke(args=["reports", "list", "--json"])
    assert json.loads(listed.output) == [
        {"id": scene.request.id, "title": "Báo cáo Chính phủ số", "period": "quý III/2019", "state": "open"}
    ]
    output = tmp_path / "tong-hop.xlsx"
    done = runner.invoke(args=["reports", "export", str(scene.request.id), "--format", "xlsx", "--output", str(output)])
    assert done.exit_code == 0, done.output
    assert "Chưa báo cáo" in load_workbook(output).sheetnames
    missing = runner.invoke(args=["reports", "export", "999", "--format", "pdf", "--output", str(output)])
    assert missing.exit_code != 0 and "Không có yêu cầu báo cáo số 999" in missing.output


def test_scheduled_reminders_go_once_per_step_and_never_to_agencies_that_reported(runner, db, factory, tmp_path):
    scene = build_report_scene(db, factory, deadline_days=2)  # "3,1": the step 3 days before is due
    member = scene.members[scene.other.id]
    operations.save_cells(
        scene.recipient(scene.other), scene.form(scene.other, "01"), {("r1", "count"): "3"}, user=member, now=scene.now
    )
    operations.submit_report(scene.recipient(scene.other), LETTER, user=scene.members[scene.other.id], now=scene.now)
    db.session.commit()
    first = runner.invoke(args=["reports", "remind-due"])
    assert "Đã gửi 2 thư đôn đốc báo cáo; lỗi 0." in first.output, first.output
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    again = runner.invoke(args=["reports", "remind-due"])
    assert "Đã gửi 0 thư đôn đốc báo cáo" in again.output
