"""'Trình lãnh đạo' in a browser, at a laptop's and a phone's width: a member marks the reply ready, both leaders are
e-mailed, and each leader sees what changed since their own last reading, whatever the other one has read."""

from __future__ import annotations

import email
from pathlib import Path

import pytest

from tests.browser.pages import AgencyMember

pytestmark = pytest.mark.browser


def _signed_in(new_page, live_server, user, width: int) -> AgencyMember:
    page = new_page(width=width)
    visitor = AgencyMember(page, live_server)
    visitor.logs_in(user.username)
    page.wait_for_url(lambda url: "/login" not in url)
    return visitor


def _reads_summary(leader: AgencyMember, url: str) -> str:
    leader.go(f"{url}/submit")
    return leader.page.get_by_role("status").filter(has_text="đã trình lãnh đạo").inner_text()


@pytest.mark.parametrize("width", [1366, 390])
def test_member_marks_ready_and_each_leader_sees_own_changes(live_server, new_page, factory, app, width):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = consultation.draft_version.clauses[1]
    member = factory.member(agency)
    leaders = [factory.member(agency, can_submit=True), factory.member(agency, can_submit=True)]
    url = f"/agency/consultations/{consultation.id}"

    writer = _signed_in(new_page, live_server, member, width)
    writer.go(url)
    writer.comments_on(clause.ref, "Đề nghị làm rõ phạm vi.")
    writer.follows("Xem tổng hợp và gửi văn bản góp ý")
    writer.presses("Trình lãnh đạo")
    assert "thư báo đã gửi đến 2 người có quyền gửi văn bản" in writer.flash()
    sent = [email.message_from_bytes(path.read_bytes()) for path in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml")]
    addressed = sorted(address for message in sent for address in message["To"].split(", "))
    assert addressed == sorted(leader.email for leader in leaders)

    first, second = (_signed_in(new_page, live_server, leader, width) for leader in leaders)
    for leader in (first, second):
        assert "từ lần xem trước" not in _reads_summary(leader, url)  # a first reading: nothing to compare with
    writer.go(url)
    writer.comments_on(clause.ref, "Đề nghị bổ sung ví dụ.")
    assert "1 ý kiến mới hoặc đã sửa từ lần xem trước" in _reads_summary(first, url)
    # The first leader has read it since; the second one has not, and still sees it as new.
    assert "1 ý kiến mới hoặc đã sửa từ lần xem trước" in _reads_summary(second, url)
    assert second.page.get_by_text("Mới hoặc đã sửa từ lần xem trước", exact=True).count() == 1
    assert second.page.evaluate("document.documentElement.scrollWidth") <= width
    assert "0 ý kiến mới hoặc đã sửa" in _reads_summary(first, url)
    assert writer.problems == first.problems == second.problems == []
