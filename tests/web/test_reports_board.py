"""The report request's tracking board is the consultations' board (core/tracking.py, templates/tracking/) in the
report's words: filters, totals, the workbook, the print view, the reminder letter (Word), "Gửi lại"; never "đồng ý"
or "nhất trí". Only the requesting unit's team sees it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from commentsvc.core.model_mixins import MailStatus
from commentsvc.core.tracking_xlsx import ROWS_SHEET, TOTALS_SHEET
from commentsvc.reports import operations, reminders
from commentsvc.reports.models import ReportReminder
from tests.jobs_helpers import run_queue
from tests.web.reports_helpers import LETTER, build_report_scene

AGREEMENT_WORDS = ("đồng ý", "nhất trí", "Đồng ý", "Nhất trí")


@pytest.fixture
def scene(db, factory):
    """Bộ Y tế has reported; Bộ Tư pháp has typed a figure, not submitted; An Giang (a province) has done nothing."""
    scene = build_report_scene(db, factory)
    health = scene.recipient(scene.other)
    member = scene.members[scene.other.id]
    form = scene.form(scene.other, "01")
    operations.save_cells(health, form, {("r1", "count"): "32", ("r1", "share"): "50"}, user=member, now=scene.now)
    operations.submit_report(health, LETTER, user=member, now=scene.now)
    justice = scene.recipient(scene.ministry)
    operations.save_cells(
        justice,
        scene.form(scene.ministry, "01"),
        {("r1", "count"): "4242"},
        user=scene.members[scene.ministry.id],
        now=scene.now,
    )
    db.session.commit()
    return scene


def _url(scene, suffix: str = "") -> str:
    return f"/reports/{scene.request.id}/{suffix}"


def test_the_board_filters_by_group_and_state_and_keeps_the_totals_of_everyone(client, login, db, scene):
    reminders.notify_opened(scene.request, "http://gopy.example.gov.vn/agency/reports/1")
    db.session.commit()
    login(scene.team)
    page = client.get(_url(scene, "tracking")).get_data(as_text=True)
    assert 'data-total="replied">1<' in page and 'data-total="total">3<' in page
    assert "Số ô đã nhập" in page and "Đã báo cáo" in page and not any(word in page for word in AGREEMENT_WORDS)
    assert "(thư đề nghị báo cáo)" in page  # the request's own e-mail, queued when it was sent
    provinces = client.get(_url(scene, "tracking?group=province")).get_data(as_text=True)
    assert "An Giang" in provinces and "Bộ Y tế" not in provinces and "(đã lọc)" in provinces
    assert 'data-total="total">3<' in provinces  # the totals are of every agency, whatever the filter
    filling = client.get(_url(scene, "tracking?state=filling")).get_data(as_text=True)
    assert "Bộ Tư pháp" in filling and "An Giang" not in filling and "4242" not in filling
    by_time = client.get(_url(scene, "tracking?sort=time")).get_data(as_text=True)
    assert by_time.index("Bộ Y tế") < by_time.index("Bộ Tư pháp")  # the one that reported first
    ignored = client.get(_url(scene, "tracking?group=x&state=nhất&sort=id"))  # unknown values: no filter
    assert ignored.status_code == 200 and all(
        name in ignored.get_data(as_text=True) for name in ("Bộ Tư pháp", "An Giang")
    )


def test_the_workbook_and_the_print_view_have_the_boards_rows_and_totals(client, login, scene):
    login(scene.team)
    response = client.get(_url(scene, "tracking.xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    rows = list(workbook[ROWS_SHEET].iter_rows(min_row=4, values_only=True))
    by_name = {row[1]: row for row in rows}
    assert sorted(by_name) == ["Bộ Tư pháp", "Bộ Y tế", "Ủy ban nhân dân tỉnh An Giang"] and len(rows) == 3
    health = by_name["Bộ Y tế"]
    assert health[4] == "Đã báo cáo đúng hạn" and health[6] == LETTER.letter_number
    cells = [cell.value for cell in workbook[ROWS_SHEET][3]].index("Số ô đã nhập")
    assert by_name["Bộ Tư pháp"][cells] == 1  # a count of cells, never the figure itself
    assert by_name["Ủy ban nhân dân tỉnh An Giang"][4] == "Chưa mở"
    assert all("4242" not in str(cell) for row in rows for cell in row)
    totals = {row[0]: row[1] for row in workbook[TOTALS_SHEET].iter_rows(values_only=True) if row and row[0]}
    assert totals["Tổng số cơ quan được yêu cầu báo cáo"] == 3 and totals["Đã gửi báo cáo"] == 1
    assert totals["Chưa báo cáo"] == 2 and totals["Đang nhập số liệu"] == 1
    texts = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert not any(word in text for text in texts for word in AGREEMENT_WORDS)
    printed = client.get(_url(scene, "tracking/print?group=ministry")).get_data(as_text=True)
    assert "Tình hình báo cáo" in printed and "Bộ Tư pháp" in printed and "An Giang" not in printed
    assert 'name="recipient_ids"' not in printed  # nothing to tick on paper


def test_the_reminder_letter_goes_to_those_that_have_not_reported_in_the_reports_words(client, login, db, scene):
    recipient = scene.recipient(scene.province)
    operations.extend_recipient(scene.request, recipient, scene.request.deadline_at + timedelta(days=5), scene.now)
    db.session.commit()
    login(scene.team)
    response = client.get(_url(scene, "reminder-letter.docx"))
    assert response.status_code == 200
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(response.data)).paragraphs)
    cells = "\n".join(cell.text for table in Document(io.BytesIO(response.data)).tables for cell in table._cells)
    assert "- Bộ Tư pháp;" in text and "- Ủy ban nhân dân tỉnh An Giang;" in text and "Bộ Y tế" not in text
    assert "chưa nhận được báo cáo" in text and "Ủy ban nhân dân tỉnh An Giang được gia hạn đến" in text
    assert "V/v đôn đốc báo cáo Chính phủ số (quý III/2019)".casefold() in cells.casefold()
    assert not any(word in text for word in AGREEMENT_WORDS)
    operations.close_request(scene.request, scene.now, user=scene.team)
    db.session.commit()
    closed = client.get(_url(scene, "reminder-letter.docx"))
    assert closed.status_code == 409 and "đã kết thúc" in closed.get_data(as_text=True)


@pytest.mark.usefixtures("queue_storage")
def test_gui_lai_puts_a_failed_report_mail_back_in_the_queue(client, login, db, scene):
    province = scene.recipient(scene.province)
    reported = scene.recipient(scene.other)
    for recipient in (province, reported):
        db.session.add(
            ReportReminder(
                recipient=recipient,
                step="manual-1",
                to_address="cu@angiang.gov.vn",
                subject="Đôn đốc báo cáo",
                body="…",
                status=MailStatus.FAILED,
                attempts=5,
                last_error="550 mailbox unavailable",
            )
        )
    db.session.commit()
    login(scene.team)
    page = client.get(_url(scene, "tracking")).get_data(as_text=True)
    assert 'id="retry-form"' in page and "Gửi lại thư đôn đốc cho Ủy ban nhân dân tỉnh An Giang" in page
    assert "Gửi lại thư đôn đốc cho Bộ Y tế" not in page  # it has reported: nothing to send again
    response = client.post(_url(scene, "reminders/retry"), data={"recipient_ids": [province.id, reported.id]})
    assert response.status_code == 302
    rows = {row.recipient_id: row for row in db.session.scalars(sa.select(ReportReminder))}
    again, left = rows[province.id], rows[reported.id]
    assert again.status is MailStatus.PENDING and again.attempts == 0 and again.last_error == ""
    assert scene.province.email in again.to_address and "cu@" not in again.to_address  # no longer the agency's
    assert left.status is MailStatus.FAILED and left.attempts == 5
    assert run_queue() == 1
    db.session.refresh(again)
    assert again.status is MailStatus.SENT
    nothing = client.post(_url(scene, "reminders/retry"), data={"recipient_ids": [reported.id]}, follow_redirects=True)
    assert "Không có thư đôn đốc gửi lỗi nào để gửi lại." in nothing.get_data(as_text=True)


def test_reminders_by_hand_skip_those_that_reported_and_stop_once_closed(client, login, db, scene):
    login(scene.team)
    ids = [scene.recipient(agency).id for agency in (scene.ministry, scene.other)]
    response = client.post(_url(scene, "reminders"), data={"recipient_ids": ids}, follow_redirects=True)
    assert "Bỏ qua 1 cơ quan đã gửi báo cáo" in response.get_data(as_text=True)
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(ReportReminder).where(ReportReminder.step.startswith("manual-"))
        )
        == 1
    )
    operations.close_request(scene.request, scene.now, user=scene.team)
    db.session.commit()
    refused = client.post(_url(scene, "reminders"), data={"recipient_ids": ids[:1]})
    assert refused.status_code == 409 and "đã kết thúc" in refused.get_data(as_text=True)
    assert "Yêu cầu báo cáo đã kết thúc" in client.get(_url(scene, "tracking")).get_data(as_text=True)


def test_only_the_requesting_team_sees_the_board_its_files_and_buttons(client, login, db, factory, scene):
    paths = ["tracking", "tracking/print", "tracking.xlsx", "reminder-letter.docx"]
    posts = ["reminders", "reminders/retry"]
    other_team = factory.drafter(factory.unit())
    for user, status in (
        (other_team, 404),
        (scene.members[scene.other.id], 403),
        (scene.members[scene.ministry.id], 403),
    ):
        login(user)
        for path in paths:
            response = client.get(_url(scene, path))
            assert response.status_code == status, (path, response.status_code)
            assert "4242" not in response.get_data(as_text=True)
        for path in posts:
            ids = [scene.recipient(scene.province).id]
            assert client.post(_url(scene, path), data={"recipient_ids": ids}).status_code == status
        client.post("/logout", data={})
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(ReportReminder).where(ReportReminder.step.startswith("manual-"))
        )
        == 0
    )
