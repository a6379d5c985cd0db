"""The lifecycle in a real browser: closing early with its confirmation page, on a fixed clock.

The live server runs in this process, so the fixed clock of tests/web/lifecycle_helpers.py holds for its pages too.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from commentsvc.consultations.models import ConsultationStatus, SilenceOutcome
from tests.browser.conftest import screenshot
from tests.browser.pages import AgencyMember, DraftingTeam
from tests.web.lifecycle_helpers import DEADLINE, EXTENDED, OPENS, FixedClock, four_agencies

COMMENT = "Đề nghị làm rõ phạm vi dữ liệu mở."
GENERAL = "Đề nghị rà soát tổng thể dự thảo."

pytestmark = pytest.mark.browser


@pytest.fixture
def fixed(monkeypatch):
    return FixedClock(monkeypatch, OPENS + timedelta(hours=1))


def test_early_close_asks_first_and_names_who_still_has_time(live_server, new_page, factory, fixed, db):
    scene = four_agencies(factory)
    consultation = scene.consultation
    member = factory.member(scene.extended, can_submit=True)
    fixed.at(DEADLINE + timedelta(days=1))  # the common deadline passed; Bộ Tài chính's extension still runs

    team = DraftingTeam(new_page(), live_server)
    team.logs_in(scene.team.username)
    team.opens_consultation(consultation.title)
    assert team.page.locator(".badge.phase-ended").inner_text() == "Đã hết hạn"

    team.asks_to_close()
    assert team.heading() == "Kết thúc đợt lấy ý kiến?"
    assert team.agencies_still_on_time() == {"Bộ Tài chính": "hết ngày 20/12/2026 đã gia hạn"}
    effects = team.page.locator(".close-effects").inner_text()
    assert "“Chưa hết hạn khi kết thúc”, không được tính là nhất trí" in effects
    assert "2 cơ quan đã hết hạn mà chưa trả lời: ghi nhận “Không trả lời (coi như nhất trí)”" in effects
    screenshot(team.page, "lifecycle-01-close-confirmation")
    db.session.refresh(consultation)
    assert consultation.status is ConsultationStatus.OPEN  # the confirmation page changed nothing

    # Going back changes nothing either; then the team confirms.
    team.follows("Hủy, quay lại")
    assert team.heading() == consultation.title
    team.closes_early()
    assert team.flashes() == ["Đã kết thúc đợt lấy ý kiến."]
    assert team.page.locator(".badge.phase-closed").inner_text() == "Đã kết thúc"
    assert "Đã khóa (đã kết thúc lấy ý kiến)" in team.page.inner_text("body")
    team.follows("Theo dõi, đôn đốc")
    states = team.tracking_states()
    assert states == {
        "Bộ Tư pháp": "Đã gửi đúng hạn",
        "Bộ Tài chính": "Chưa hết hạn khi kết thúc",
        "Bộ Công an": "Không trả lời (coi như nhất trí)",
        "Bộ Y tế": "Không trả lời (coi như nhất trí), có 1 ý kiến chưa gửi",
    }
    assert team.page.get_by_role("button", name="Gửi thư đôn đốc cho các cơ quan đã chọn").count() == 0
    db.session.refresh(consultation)
    outcomes = {r.agency.name: r.silence_outcome for r in consultation.recipients}
    assert outcomes["Bộ Tài chính"] is SilenceOutcome.CUT_SHORT

    # The extended agency sees no countdown, and is told the consultation has ended.
    agency = AgencyMember(new_page(), live_server)
    agency.logs_in(member.username)
    agency.opens_request(consultation.title)
    facts = agency.page.locator("dl.reply-facts").inner_text()
    assert "hết ngày 20/12/2026" in facts and "còn" not in facts
    assert "Đợt lấy ý kiến đã kết thúc" in agency.page.inner_text("body")
    assert team.problems == [] and agency.problems == []


def test_publish_refused_with_an_undecided_comment_then_published_and_seen_by_the_agency(
    live_server, new_page, factory, fixed, db
):
    scene = four_agencies(factory, clause_comment=COMMENT)
    factory.reply(scene.consultation, scene.silent, comments=[(None, GENERAL)])
    consultation = scene.consultation
    head_user = factory.drafter(scene.unit)
    head_user.can_publish = True
    member = factory.member(scene.replied)
    db.session.commit()
    fixed.at(EXTENDED + timedelta(days=1))  # every deadline has passed

    head = DraftingTeam(new_page(), live_server)
    head.logs_in(head_user.username)
    head.opens_consultation(consultation.title)
    head.follows("Tổng hợp, tiếp thu, giải trình")
    head.follows("Xử lý ý kiến")
    head.decides(COMMENT, "Tiếp thu", "Đã bổ sung khoản 2 Điều 1.")

    # One group is still undecided: the page names it and there is no button.
    head.opens_publication()
    assert head.publication_problems() == {"Ý kiến chung": "Chưa xử lý"}
    assert head.page.get_by_role("button", name="Phê duyệt và công bố").count() == 0
    screenshot(head.page, "lifecycle-02-publish-refused")

    # Before publishing, the agency has no results to read.
    agency = AgencyMember(new_page(), live_server)
    agency.logs_in(member.username)
    agency.opens_request(consultation.title)
    assert agency.page.get_by_role("link", name=re.compile("Kết quả tiếp thu")).count() == 0

    head.follows("Xử lý ý kiến")
    head.decides(GENERAL, "Tiếp thu một phần", "Đã rà soát Chương I.")
    head.opens_publication()
    assert head.publication_problems() == {}
    head.publishes()
    assert head.flashes() == ["Đã công bố kết quả tiếp thu, giải trình (lần công bố thứ 1)."]
    assert head.page.locator("#publications tbody tr").count() == 1

    agency.opens_request(consultation.title)
    agency.follows("Kết quả tiếp thu, giải trình ý kiến của cơ quan trong lần này")
    [(comment, outcome)] = agency.outcome_of_own_comments().items()
    assert comment == COMMENT and outcome.split() == ["Tiếp", "thu", "Đã", "bổ", "sung", "khoản", "2", "Điều", "1."]
    screenshot(agency.page, "lifecycle-03-agency-sees-outcome")
    assert head.problems == [] and agency.problems == []
