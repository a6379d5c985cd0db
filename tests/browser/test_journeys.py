"""The three journeys of a consultation, in a real browser through the real pages.

1. The drafting team imports a sample draft, checks the outline, accepts it and consults all ministries and provinces.
2. Two members of the Ministry of Justice comment (one edits and deletes), the one who may sign submits with the
   reply letter attached; a province agrees entirely.
3. The team tracks the replies, reminds two silent agencies (through a real SMTP server), closes early, decides on
   each comment and downloads the synthesis as DOCX, PDF and XLSX, which the test opens again.

Each later journey walks the earlier ones first, through the same pages: no rows are made behind the browser's back
except the accounts and the agency directory. Screenshots of the main pages go to test-output/screenshots/.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
import sqlalchemy as sa

from commentsvc.accounts.models import User
from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.config import ROOT
from commentsvc.consultations.models import OPENING_STEP, Consultation, ConsultationStatus, MailStatus, Reminder
from commentsvc.core.clock import now_utc, to_local
from commentsvc.drafts.models import Draft
from commentsvc.responses.models import Comment, Reply, ReplyPosition, ReplyStatus
from commentsvc.synthesis.models import Decision, Disposition
from tests.browser.conftest import screenshot
from tests.browser.pages import AgencyMember, DraftingTeam
from tests.pdf_text import pdf_text
from tests.web.tracking_helpers import body_of, import_directory, smtp_for

pytestmark = pytest.mark.browser

SAMPLE = ROOT / "drafts" / "nghi-dinh-du-lieu-mo.docx"
TITLE = "Dự thảo Nghị định về dữ liệu mở"
MINISTRIES = "Bộ, cơ quan ngang bộ"
PROVINCES = "Tỉnh, thành phố trực thuộc trung ương"
LETTER = "215/BKHCN-CĐS"
CONSULTATION = "Lấy ý kiến dự thảo Nghị định về dữ liệu mở"
DEADLINE_DAYS = 20

# What the Ministry of Justice writes, clause by clause; EDITED replaces DRAFTED, DROPPED is deleted again.
SCOPE = "Đề nghị làm rõ phạm vi điều chỉnh đối với dữ liệu của chính quyền địa phương."
DRAFTED = "Đề nghị bổ sung định nghĩa dữ liệu mở."
EDITED = "Đề nghị bổ sung tiêu chí máy đọc được vào định nghĩa dữ liệu mở."
DROPPED = "Ý kiến nhập nhầm, sẽ xóa."
FREE = "Đề nghị quy định rõ trường hợp thu phí khai thác dữ liệu mở theo yêu cầu riêng."
FREE_WORDING = "1. Dữ liệu mở được cung cấp đầy đủ, chính xác, kịp thời và không thu phí."
SECRET = "Đề nghị dẫn chiếu Luật Bảo vệ bí mật nhà nước."


@dataclass
class Cast:
    team: User
    btp_staff: User  # drafts comments, may not sign
    btp_head: User  # may sign and submit
    province: User  # of a province, may submit
    btp: Agency
    province_agency: Agency
    silent: list[Agency]  # two ministries that never open the request


@pytest.fixture
def smtp(app, live_server):
    """A real SMTP server on 127.0.0.1 (aiosmtpd); the app sends reminders to it, with links to the live server."""
    with smtp_for(app, live_server) as server:
        yield server


@pytest.fixture
def cast(factory, runner, db) -> Cast:
    """The accounts and the real agency directory (data/agencies.csv through the agencies CLI)."""
    agencies = {agency.code: agency for agency in import_directory(runner)}
    province = next(a for a in agencies.values() if a.group is AgencyGroup.PROVINCE)
    return Cast(
        team=factory.drafter(),
        btp_staff=factory.member(agencies["BTP"]),
        btp_head=factory.member(agencies["BTP"], can_submit=True),
        province=factory.member(province, can_submit=True),
        btp=agencies["BTP"],
        province_agency=province,
        silent=[agencies["BCA"], agencies["BNG"]],
    )


def _today() -> date:
    return to_local(now_utc()).date()


def _letter(folder: Path) -> Path:
    """The ministry's signed reply letter, as a Word file."""
    document = docx.Document()
    document.add_paragraph("BỘ TƯ PHÁP")
    document.add_paragraph("Số: 88/BTP-PLDSKT")
    document.add_paragraph("V/v góp ý dự thảo Nghị định về dữ liệu mở")
    path = folder / "Công văn 88-BTP góp ý.docx"
    document.save(path)
    return path


# --- journey 1 ---------------------------------------------------------------------------------------------------


def team_consults(team: DraftingTeam, shots: bool = True) -> None:
    """Import the sample decree, check the outline, accept it as version 1, consult ministries and provinces."""
    page = team.page
    team.imports_draft(SAMPLE, TITLE, "Nghị định")
    assert team.heading() == f"Xem trước cách tách: {TITLE}"
    assert team.table("67 mục để góp ý").is_visible()
    counts = team.outline_counts()
    assert counts["Chương"] == 3 and counts["Điều"] == 14 and counts["Khoản"] == 29 and counts["Điểm"] == 16
    assert sum(counts.values()) == 67
    citations = team.outline_citations()
    for ref in ("Điều 1", "khoản 1 Điều 3", "điểm a khoản 1 Điều 5", "Điều 5a"):
        assert ref in citations
    assert page.get_by_text("Điều 1. Phạm vi điều chỉnh").is_visible()
    if shots:
        screenshot(page, "03-outline-preview", full_page=False)

    team.presses("Lưu thành phiên bản 1")
    assert team.flashes() == [f"Đã lưu phiên bản 1 của dự thảo “{TITLE}” với 67 mục."]
    assert team.heading() == f"{TITLE} — phiên bản 1"

    today = _today()
    team.creates_consultation(
        version=f"{TITLE} — phiên bản 1",
        title=CONSULTATION,
        deadline=today + timedelta(days=DEADLINE_DAYS),
        letter_number=LETTER,
        letter_date=today,
        signer="Nguyễn Văn An",
        contact=("Trần Thị Bình", "024 3943 0000", "binh@example.gov.vn"),
        groups=[MINISTRIES, PROVINCES],
    )
    assert team.flashes() == ["Đã lưu bản nháp đợt lấy ý kiến. Kiểm tra danh sách cơ quan rồi gửi."]
    assert team.heading() == CONSULTATION
    groups = team.recipient_groups()
    # The team's own ministry is never consulted by group: 16 of the 17 ministries and ministerial-level agencies.
    assert set(groups) == {f"{MINISTRIES} (16)", f"{PROVINCES} (34)"}
    assert "Bộ Tư pháp" in groups[f"{MINISTRIES} (16)"]
    assert "Bộ Khoa học và Công nghệ" not in groups[f"{MINISTRIES} (16)"]
    assert page.get_by_text("Gửi xin ý kiến 50 cơ quan.").is_visible()

    team.presses("Gửi xin ý kiến")
    assert team.confirmations[-1].startswith("Gửi xin ý kiến 50 cơ quan, hạn ")
    assert team.flashes() == [
        "Đã gửi xin ý kiến. Phiên bản dự thảo đã được khóa.",
        "Đã xếp thư điện tử đề nghị góp ý tới 50 cơ quan vào hàng đợi gửi.",
    ]
    assert page.get_by_text("Đã khóa (đang được lấy ý kiến)").is_visible()
    deadline_text = page.locator("dt", has_text="Hạn nhận ý kiến").locator("xpath=following-sibling::dd[1]")
    # "Nhận ý kiến trước ngày D" is stored as 00:00 of D, Hà Nội time, and shown as people say it: "hết ngày D-1".
    assert f"hết ngày {today + timedelta(days=DEADLINE_DAYS - 1):%d/%m/%Y}" in deadline_text.inner_text()
    if shots:
        screenshot(page, "04-consultation")


def _reminders_sent(smtp) -> list:
    """The reminders the SMTP server received (the letters asking for comments went out when the round was sent)."""
    return [message for _, message in smtp.handler.messages if message["Subject"].startswith("Đôn đốc góp ý")]


def _consultation(db) -> Consultation:
    db.session.expire_all()
    return db.session.scalars(sa.select(Consultation)).one()


def test_team_imports_a_draft_and_opens_a_consultation(live_server, new_page, cast, db):
    team = DraftingTeam(new_page(), live_server)
    team.logs_in(cast.team.username)
    team_consults(team)

    consultation = _consultation(db)
    assert consultation.status is ConsultationStatus.OPEN
    assert consultation.letter_number == LETTER
    assert len(consultation.recipients) == 50
    assert {r.agency.group for r in consultation.recipients} == {AgencyGroup.MINISTRY, AgencyGroup.PROVINCE}
    draft = db.session.scalars(sa.select(Draft)).one()
    assert draft.title == TITLE and [v.number for v in draft.versions] == [1]
    assert len(consultation.draft_version.clauses) == 67
    assert team.problems == []


# --- journey 2 ---------------------------------------------------------------------------------------------------


def agencies_reply(live_server, new_page, cast: Cast, folder: Path, shots: bool = True) -> None:
    """Two members of the ministry comment side by side, one edits and deletes, the head submits; a province agrees."""
    title = CONSULTATION
    staff = AgencyMember(new_page(), live_server)
    head = AgencyMember(new_page(), live_server)
    staff.logs_in(cast.btp_staff.username)
    head.logs_in(cast.btp_head.username)

    staff.opens_request(title)
    assert staff.heading() == title
    staff.comments_on("Điều 1", SCOPE)
    staff.comments_on("khoản 1 Điều 3", DRAFTED)
    staff.comments_on("khoản 1 Điều 3", DROPPED)
    assert staff.comment_texts("khoản 1 Điều 3") == [DRAFTED, DROPPED]
    staff.edits("khoản 1 Điều 3", DRAFTED, EDITED)
    assert staff.comment_texts("khoản 1 Điều 3") == [EDITED, DROPPED]
    if shots:
        staff.clause("Điều 1").evaluate("section => section.scrollIntoView({block: 'start'})")
        screenshot(staff.page, "05-agency-clause", full_page=False)
    staff.deletes("khoản 1 Điều 3", DROPPED)
    assert staff.comment_texts("khoản 1 Điều 3") == [EDITED]

    # The head, in another browser, adds to the same reply; the saved section shows the colleague's comment too.
    head.opens_request(title)
    head.comments_on("khoản 1 Điều 4", FREE, proposal=FREE_WORDING)
    head.comments_on("Điều 1", SECRET)
    assert head.comment_texts("Điều 1") == [SCOPE, SECRET]
    assert head.clause("khoản 1 Điều 4").locator(".proposed").inner_text() == f"Đề xuất sửa thành: {FREE_WORDING}"

    # Only members who may sign can send; the staff member is told so on the summary page.
    staff.page.reload()
    staff.opens_submission()
    assert staff.heading() == "Tổng hợp ý kiến và gửi văn bản góp ý"
    assert staff.page.get_by_text("Chỉ lãnh đạo hoặc cán bộ được giao ký").is_visible()
    assert staff.page.get_by_role("button", name="Gửi văn bản góp ý").count() == 0

    head.opens_submission()
    summary = head.table("4 ý kiến")
    assert summary.locator("tbody th").all_inner_texts() == ["Điều 1", "Điều 1", "khoản 1 Điều 3", "khoản 1 Điều 4"]
    assert EDITED in summary.inner_text() and DROPPED not in summary.inner_text()
    assert head.page.get_by_label("Nhất trí, có ý kiến góp ý").is_checked()
    if shots:
        screenshot(head.page, "06-submit")
    head.submits(
        "Nhất trí, có ý kiến góp ý",
        letter_number="88/BTP-PLDSKT",
        letter_date=_today(),
        signer="Phan Chí Hiếu",
        attachment=_letter(folder),
    )
    assert head.flashes() == ["Đã gửi văn bản góp ý. Cảm ơn cơ quan đã tham gia góp ý."]
    assert head.heading() == "Phiếu xác nhận gửi văn bản góp ý"
    receipt = head.receipt()
    assert receipt["Cơ quan góp ý"] == "Bộ Tư pháp"
    assert receipt["Thời hạn"] == "Đúng hạn"
    assert receipt["Số văn bản"] == "88/BTP-PLDSKT"
    assert receipt["Người ký"] == "Phan Chí Hiếu"
    assert receipt["Tổng số ý kiến"] == "4" and receipt["Số điều, khoản có ý kiến"] == "3"
    assert receipt["Văn bản đính kèm"] == "Công văn 88-BTP góp ý.docx"
    if shots:
        screenshot(head.page, "07-receipt")

    province = AgencyMember(new_page(), live_server)
    province.logs_in(cast.province.username)
    province.opens_request(title)
    province.opens_submission()
    assert province.page.get_by_text("Cơ quan chưa có ý kiến góp ý nào.").is_visible()
    province.submits(
        "Nhất trí hoàn toàn với dự thảo", letter_number="1020/UBND-KGVX", letter_date=_today(), signer="Lê Văn Thành"
    )
    assert province.heading() == "Phiếu xác nhận gửi văn bản góp ý"
    assert province.receipt()["Ý kiến chung của cơ quan"] == "Nhất trí hoàn toàn với dự thảo"
    assert province.receipt()["Tổng số ý kiến"] == "0"

    for member in (staff, head, province):
        assert member.problems == []


def test_agencies_comment_edit_delete_and_reply(live_server, new_page, cast, db, tmp_path):
    team = DraftingTeam(new_page(), live_server)
    team.logs_in(cast.team.username)
    team_consults(team, shots=False)
    agencies_reply(live_server, new_page, cast, tmp_path)

    db.session.expire_all()
    replies = {r.recipient.agency.code: r for r in db.session.scalars(sa.select(Reply))}
    assert set(replies) == {"BTP", cast.province_agency.code}
    btp = replies["BTP"]
    assert btp.status is ReplyStatus.SUBMITTED and btp.position is ReplyPosition.AGREE_WITH_COMMENTS
    assert btp.submitted_by_id == cast.btp_head.id and not btp.is_late
    assert btp.letter_number == "88/BTP-PLDSKT" and btp.letter_signer == "Phan Chí Hiếu"
    assert btp.attachment_name == "Công văn 88-BTP góp ý.docx" and btp.attachment.startswith(b"PK")
    by_text = {c.text: c for c in btp.comments}
    assert set(by_text) == {SCOPE, EDITED, FREE, SECRET}
    assert by_text[FREE].proposed_wording == FREE_WORDING
    assert by_text[EDITED].clause.ref == "khoản 1 Điều 3"
    assert {by_text[SCOPE].created_by_id, by_text[SECRET].created_by_id} == {cast.btp_staff.id, cast.btp_head.id}
    province = replies[cast.province_agency.code]
    assert province.position is ReplyPosition.AGREE_ENTIRELY and province.comments == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 4
    assert team.problems == []


# --- journey 3 ---------------------------------------------------------------------------------------------------


def test_team_tracks_reminds_closes_decides_and_exports(live_server, new_page, cast, db, smtp, tmp_path):
    team = DraftingTeam(new_page(), live_server)
    team.logs_in(cast.team.username)
    team_consults(team, shots=False)
    agencies_reply(live_server, new_page, cast, tmp_path, shots=False)
    page = team.page
    title = CONSULTATION

    # Who has replied, who has not.
    team.opens_consultation(title)
    team.follows("Theo dõi, đôn đốc")
    assert team.heading() == "Theo dõi trả lời"
    states = team.tracking_states()
    assert len(states) == 50
    assert states["Bộ Tư pháp"] == "Đã gửi đúng hạn"
    assert states[cast.province_agency.name] == "Đã gửi đúng hạn"
    assert states["Bộ Công an"] == "Chưa mở"
    assert sum(state == "Chưa mở" for state in states.values()) == 48
    assert team.tracking_row("Bộ Tư pháp").locator("td").nth(5).inner_text() == "88/BTP-PLDSKT"
    assert team.tracking_row("Bộ Tư pháp").locator("td").nth(6).inner_text() == "4"
    assert team.tracking_row("Bộ Tư pháp").get_by_role("checkbox").count() == 0  # nobody reminds who replied

    # A reminder to two silent ministries really goes out by SMTP.
    silent = [agency.name for agency in cast.silent]
    team.reminds(silent)
    assert team.flashes() == [
        "Đã xếp 2 thư đôn đốc vào hàng đợi gửi; kết quả gửi hiện trên bảng theo dõi (thư lỗi được tự động gửi lại)."
    ]
    deadline = time.monotonic() + 30
    while len(_reminders_sent(smtp)) < 2 and time.monotonic() < deadline:  # the queue's worker sends them
        time.sleep(0.1)
    page.reload()
    for agency in cast.silent:
        row = team.tracking_row(agency.name)
        assert "Đã gửi" in row.locator("td").last.inner_text() and "(gửi thủ công)" in row.inner_text()
        # The letter asking for comments when the consultation was sent, and the reminder.
        subjects = sorted(message["Subject"] for message in smtp.handler.delivered_to(agency.email))
        assert subjects == [f"Đôn đốc góp ý {TITLE}", f"Đề nghị góp ý {TITLE}"]
        [message] = [m for m in smtp.handler.delivered_to(agency.email) if m["Subject"].startswith("Đôn đốc")]
        body = body_of(message)
        assert body.startswith(f"Kính gửi: {agency.name}\n")
        assert f"(văn bản số {LETTER} ngày {_today():%d/%m/%Y})" in body
        assert f"hết ngày {_today() + timedelta(days=DEADLINE_DAYS - 1):%d/%m/%Y}" in body
        assert f"{live_server}/agency/consultations/" in body
    assert len(_reminders_sent(smtp)) == 2
    screenshot(page, "08-tracking")

    # Close early, after confirming: the silent agencies still had time, so none of them counts as agreeing.
    team.follows("Về trang đợt lấy ý kiến")
    team.closes_early()
    assert team.flashes() == ["Đã kết thúc đợt lấy ý kiến."]
    assert page.get_by_role("button", name="Mở lại đợt lấy ý kiến").is_visible()
    team.follows("Theo dõi, đôn đốc")
    states = team.tracking_states()
    assert sum(state == "Chưa hết hạn khi kết thúc" for state in states.values()) == 48

    # Decide on each comment.
    team.follows("Về trang đợt lấy ý kiến")
    team.follows("Tổng hợp, tiếp thu, giải trình")
    team.follows("Xử lý ý kiến")
    assert team.heading() == "Xử lý ý kiến góp ý"
    decisions = [
        (SCOPE, "Tiếp thu", "Đã bổ sung khoản 2 Điều 1 về dữ liệu của chính quyền địa phương."),
        (EDITED, "Tiếp thu một phần", "Bổ sung tiêu chí máy đọc được; giữ nguyên các nội dung khác."),
        (FREE, "Giải trình", "Dữ liệu mở được cung cấp miễn phí theo Luật Dữ liệu; không quy định thu phí."),
        (SECRET, "Tiếp thu", "Đã dẫn chiếu Luật Bảo vệ bí mật nhà nước tại khoản 3 Điều 4."),
    ]
    for number, (text, decision, explanation) in enumerate(decisions, start=1):
        team.decides(text, decision, explanation)
        assert page.get_by_role("status").filter(has_text="đã xử lý").inner_text().strip().startswith(f"{number} /")
        assert team.comment_group(text).locator(".badge-ok").inner_text() == decision
    assert page.get_by_text("4 / 4 nhóm ý kiến đã xử lý").is_visible()
    team.comment_group(SCOPE).evaluate("group => group.scrollIntoView({block: 'start'})")
    screenshot(page, "09-dispositions", full_page=False)

    # The synthesis on screen, then the three files.
    team.follows("Bản tổng hợp")
    assert "tổng hợp, tiếp thu, giải trình ý kiến" in team.heading().lower()
    figures = {label: cells[0] for label, cells in team.row_texts("Số liệu tổng hợp").items()}
    assert figures["Số cơ quan được lấy ý kiến"] == "50"
    assert figures["Số cơ quan có văn bản trả lời"] == "2"
    assert figures["Nhất trí hoàn toàn"] == "1" and figures["Nhất trí và có ý kiến góp ý"] == "1"
    assert figures["Không trả lời, được hiểu là nhất trí"] == "0"
    assert figures["Chưa trả lời, chưa hết hạn khi kết thúc (không tính là nhất trí)"] == "48"
    assert figures["Tổng số ý kiến góp ý được tổng hợp"] == "4"
    table = page.locator("table.synthesis-table")
    for text, decision, explanation in decisions:
        row = table.locator("tbody tr").filter(has_text=text)
        assert "Bộ Tư pháp" in row.inner_text() and decision in row.inner_text() and explanation in row.inner_text()
    screenshot(page, "10-synthesis")

    docx_path = team.exports("Tải Word (.docx)", tmp_path)
    team.page.go_back()
    pdf_path = team.exports("Tải PDF", tmp_path)
    team.page.go_back()
    xlsx_path = team.exports("Tải Excel (.xlsx)", tmp_path)
    assert (docx_path.suffix, pdf_path.suffix, xlsx_path.suffix) == (".docx", ".pdf", ".xlsx")

    cells = [cell.text for table in docx.Document(docx_path).tables for row in table.rows for cell in row.cells]
    for text, decision, explanation in decisions:
        assert any(text in cell for cell in cells), text
        assert any(cell.startswith(decision) and explanation in cell for cell in cells), explanation
    assert any("Bộ Tư pháp" in cell for cell in cells)

    workbook = openpyxl.load_workbook(xlsx_path, read_only=True)
    rows = [row for row in workbook["Tổng hợp"].iter_rows(values_only=True)]
    header = rows[0]
    wanted = {column: header.index(column) for column in ("Cơ quan góp ý", "Nội dung góp ý", "Kết quả xử lý")}
    commented = {row[wanted["Nội dung góp ý"]]: row for row in rows[1:] if row[wanted["Nội dung góp ý"]]}
    for text, decision, _ in decisions:
        matching = [row for content, row in commented.items() if text in content]
        assert len(matching) == 1, text
        assert matching[0][wanted["Cơ quan góp ý"]] == "Bộ Tư pháp"
        assert matching[0][wanted["Kết quả xử lý"]] == decision
    workbook.close()

    printed = pdf_text(pdf_path.read_bytes(), "-layout")
    assert "Bộ Tư pháp" in printed and "Bộ Công an" in printed  # a commenter, and an agency in the annex
    assert "Tiếp thu một phần" in printed

    db.session.expire_all()
    consultation = _consultation(db)
    assert consultation.status is ConsultationStatus.CLOSED and consultation.closed_at is not None
    reminders = db.session.scalars(sa.select(Reminder).where(Reminder.step != OPENING_STEP)).all()
    assert sorted(r.recipient.agency.code for r in reminders) == ["BCA", "BNG"]
    assert all(r.status is MailStatus.SENT for r in reminders)
    dispositions = db.session.scalars(sa.select(Disposition).where(Disposition.consultation_id == consultation.id))
    assert sorted(d.decision.value for d in dispositions) == sorted(
        [Decision.ACCEPTED.value, Decision.ACCEPTED.value, Decision.PARTLY_ACCEPTED.value, Decision.EXPLAINED.value]
    )
    assert team.problems == []
