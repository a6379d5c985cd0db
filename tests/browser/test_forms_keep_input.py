"""In a real browser, with and without JavaScript: every refused form comes back with what was typed and the reason
beside its field; agencies download the draft and its documents; the team opens an agency's letter; no text runs
together on the synthesis, carry-over and agency outcome pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core.clock import now_utc, to_local
from commentsvc.synthesis.models import Decision
from tests.browser.conftest import screenshot
from tests.browser.pages import AgencyMember, DraftingTeam
from tests.web.revisions_helpers import clause, publish_as_it_stands, two_versions
from tests.web.test_reply_letters import PDF
from tests.web.test_revisions_rounds import decide
from tests.web.test_text_layout import COMMENT, EXPLANATION, PROPOSAL, RUN_TOGETHER

pytestmark = pytest.mark.browser

TODAY = to_local(now_utc()).date()


def _team(new_page, live_server, user, javascript: bool = True) -> DraftingTeam:
    team = DraftingTeam(new_page(javascript=javascript), live_server)
    team.logs_in(user.username)
    return team


def _member(new_page, live_server, user, javascript: bool = True) -> AgencyMember:
    member = AgencyMember(new_page(javascript=javascript), live_server)
    member.logs_in(user.username)
    return member


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
def test_each_validation_error_keeps_its_input(live_server, new_page, factory, db, tmp_path, javascript):
    unit = factory.unit()
    drafter = factory.drafter(unit)
    version = factory.draft_version(unit)
    justice = factory.agency(name="Bộ Tư pháp", short_name="BTP")
    opened = factory.consultation(version=version, agencies=[justice])
    empty = factory.consultation(version=version, agencies=[], status=ConsultationStatus.DRAFT)
    team = _team(new_page, live_server, drafter, javascript)

    # A past deadline on a new consultation.
    team.menu("Đợt lấy ý kiến")
    team.follows("Tạo đợt lấy ý kiến")
    team.page.get_by_label("Tên đợt lấy ý kiến").fill("Lấy ý kiến lần 1")
    team.page.get_by_label("Nhận ý kiến trước ngày", exact=True).fill((TODAY - timedelta(days=1)).isoformat())
    team.page.get_by_label("Số văn bản xin ý kiến").fill("3256/BKHCN-CĐS")
    team.presses("Lưu bản nháp")
    assert "Hạn nhận ý kiến phải sau" in team.error_beside("Nhận ý kiến trước ngày")
    assert team.value_of("Tên đợt lấy ý kiến") == "Lấy ý kiến lần 1"
    assert team.value_of("Số văn bản xin ý kiến") == "3256/BKHCN-CĐS"
    screenshot(team.page, f"refused-past-deadline-{javascript}")

    # Sending to no agency.
    team.go(f"/consultations/{empty.id}")
    team.presses("Gửi xin ý kiến")
    assert any("danh sách cơ quan được lấy ý kiến đang trống" in alert for alert in team.alerts())
    assert team.heading() == empty.title
    if javascript:
        assert team.confirmations and "Gửi xin ý kiến 0 cơ quan" in team.confirmations[-1]

    # An extension into the past.
    team.go(f"/consultations/{opened.id}")
    team.extends("BTP", TODAY - timedelta(days=2))
    assert "Hạn gia hạn phải sau" in team.error_beside("Nhận ý kiến trước ngày")
    assert team.value_of("Nhận ý kiến trước ngày") == (TODAY - timedelta(days=2)).isoformat()

    # An agency's reply letter that is not a PDF, then "Nhất trí hoàn toàn" while a comment exists.
    member = _member(new_page, live_server, factory.member(justice, can_submit=True), javascript)
    member.go(f"/agency/consultations/{opened.id}/submit")
    fake = tmp_path / "cong-van.pdf"
    fake.write_bytes(b"Day khong phai PDF")
    member.submits("Nhất trí hoàn toàn với dự thảo", letter_number="45/BTP-PLDSKT", letter_date=TODAY,
                   signer="Nguyễn Thị Hoa", attachment=fake)  # fmt: skip
    assert "phải là PDF hoặc DOCX" in member.error_beside("Văn bản góp ý đính kèm (PDF hoặc DOCX, không bắt buộc)")
    assert member.value_of("Số văn bản góp ý") == "45/BTP-PLDSKT"
    assert member.value_of("Người ký văn bản") == "Nguyễn Thị Hoa"

    factory.reply(opened, justice, comments=[(version.clauses[1].id, "Đề nghị sửa khoản 1.")], submitted=False)
    member.go(f"/agency/consultations/{opened.id}/submit")
    member.submits("Nhất trí hoàn toàn với dự thảo", letter_number="46/BTP-PLDSKT", letter_date=TODAY,
                   signer="Nguyễn Thị Hoa")  # fmt: skip
    assert "Nhất trí hoàn toàn" in member.error_beside("Nhất trí hoàn toàn với dự thảo")
    assert member.page.get_by_label("Nhất trí hoàn toàn với dự thảo", exact=True).is_checked()
    assert member.value_of("Số văn bản góp ý") == "46/BTP-PLDSKT"
    assert "Mã lỗi" not in member.text() and "Xung đột dữ liệu" not in member.text()
    screenshot(member.page, f"refused-agree-entirely-{javascript}")
    assert _unexpected(team.problems) == [] and _unexpected(member.problems) == []


def _unexpected(problems: list[str]) -> list[str]:
    """Chromium logs every refused page (a 4xx, here on purpose) as a failed load; anything else is a problem."""
    return [p for p in problems if not (p.startswith("console: Failed to load resource") and "status of 4" in p)]


def test_an_agency_downloads_the_draft_and_its_documents(live_server, new_page, factory, db, tmp_path):
    justice = factory.agency(name="Bộ Tư pháp")
    consultation = factory.consultation(agencies=[justice], status=ConsultationStatus.DRAFT)
    version = consultation.draft_version
    version.original_file, version.filename, version.media_type = PDF, "du-thao.pdf", "application/pdf"
    db.session.commit()
    team = _team(new_page, live_server, factory.drafter(consultation.drafting_unit))
    team.go(f"/consultations/{consultation.id}")
    submission = tmp_path / "to-trinh.pdf"
    submission.write_bytes(PDF + b"%to trinh\n")
    team.attaches_document("Tờ trình", "Tờ trình số 15/TTr-BKHCN", submission)
    assert "Đã đính kèm «Tờ trình số 15/TTr-BKHCN» (to-trinh.pdf)." in team.flashes()
    team.presses("Gửi xin ý kiến")
    assert team.confirmations and "phiên bản dự thảo được khóa" in team.confirmations[-1]

    member = _member(new_page, live_server, factory.member(justice))
    member.go(f"/agency/consultations/{consultation.id}")
    folder = tmp_path / "downloads"
    folder.mkdir()
    draft = member.downloads(f"Dự thảo: {version.draft.title}", folder)
    assert draft.name == "du-thao.pdf" and draft.read_bytes() == PDF
    document = member.downloads("Tờ trình: Tờ trình số 15/TTr-BKHCN", folder)
    assert document.read_bytes() == PDF + b"%to trinh\n"
    assert team.problems == [] and member.problems == []


def test_the_team_opens_an_agencys_letter(live_server, new_page, factory, db, tmp_path):
    justice = factory.agency(name="Bộ Tư pháp", short_name="BTP")
    consultation = factory.consultation(agencies=[justice, factory.agency()])
    member = _member(new_page, live_server, factory.member(justice, can_submit=True))
    member.go(f"/agency/consultations/{consultation.id}/submit")
    letter = tmp_path / "cong-van-gop-y.pdf"
    letter.write_bytes(PDF)
    member.submits("Nhất trí hoàn toàn với dự thảo", letter_number="45/BTP-PLDSKT", letter_date=TODAY,
                   signer="Nguyễn Thị Hoa", attachment=letter)  # fmt: skip
    assert member.confirmations and "Sau khi gửi, cơ quan không thể sửa" in member.confirmations[-1]

    team = _team(new_page, live_server, factory.drafter(consultation.drafting_unit))
    team.go(f"/consultations/{consultation.id}/replies")
    folder = tmp_path / "downloads"
    folder.mkdir()
    opened = team.downloads("cong-van-gop-y.pdf của BTP", folder)
    assert opened.read_bytes() == PDF
    assert team.problems == [] and member.problems == []


def test_no_text_runs_together(live_server, new_page, factory, db):
    old, new = two_versions(factory, db)
    justice = factory.agency(code="BTP", name="Bộ Tư pháp")
    first = factory.consultation(version=old, agencies=[justice, factory.agency()])
    reply = factory.reply(first, justice, comments=[(clause(db, old, "khoản 3 Điều 3").id, COMMENT)])
    reply.comments[0].proposed_wording = PROPOSAL
    decide(db, first, reply.comments[0], Decision.PARTLY_ACCEPTED, EXPLANATION)
    first.status, first.closed_at = ConsultationStatus.CLOSED, now_utc()
    publish_as_it_stands(db, first)
    team = _team(new_page, live_server, factory.drafter(first.drafting_unit))
    team.go(f"/drafts/rounds/{first.id}/next")
    team.page.get_by_label("Nhận ý kiến trước ngày", exact=True).fill((TODAY + timedelta(days=20)).isoformat())
    team.presses("Lưu bản nháp lần lấy ý kiến tiếp theo")
    member = _member(new_page, live_server, factory.member(justice))

    second = db.session.scalars(sa.select(Consultation).filter_by(previous_id=first.id)).one()
    pages = [
        (team, f"/consultations/{first.id}/synthesis"),
        (team, f"/drafts/rounds/{second.id}/carryover"),
        (member, f"/agency/revisions/{first.id}"),
    ]
    for visitor, path in pages:
        visitor.go(path)
        text = visitor.text()
        for joined in RUN_TOGETHER:
            assert joined not in text, (path, joined)
        lines = [line.strip() for line in text.split("\n")]
        assert "Cần bảo đảm đầy đủ." in lines and "Giữ nguyên phần còn lại vì đã có quy định chung." in lines, path
        screenshot(visitor.page, "text-apart-" + path.strip("/").replace("/", "-"))
    assert team.problems == [] and member.problems == []
