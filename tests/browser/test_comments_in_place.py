"""comments.js: a comment is saved in place, the reader keeps their place, and a refusal keeps the typed text."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from commentsvc.responses.models import Comment
from tests.browser.conftest import screenshot
from tests.browser.pages import Visitor
from tests.web.revisions_helpers import clause, round_two

pytestmark = pytest.mark.browser


def test_save_edit_refuse_and_delete_without_reloading(live_server, new_page, factory, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = consultation.draft_version.clauses[1]
    member = factory.member(agency)
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Refused requests are logged by the browser as failed loads; scripts errors and CSP violations are what count.
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and errors.append(message.text)
        ),
    )
    visitor = Visitor(page, live_server)
    visitor.logs_in(member.username)
    visitor.go(f"/agency/consultations/{consultation.id}")
    page.evaluate("window.notReloaded = true")
    section = page.locator(f"#c-{clause.id}")

    section.get_by_text("Góp ý", exact=True).click()
    section.get_by_label("Nội dung góp ý").fill("Đề nghị làm rõ phạm vi áp dụng.")
    section.get_by_role("button", name="Lưu ý kiến").click()
    section.get_by_role("status").filter(has_text="Đã lưu ý kiến.").wait_for()
    assert "Đề nghị làm rõ phạm vi áp dụng." in section.locator(".comment-text").inner_text()
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "comments-in-place-saved")

    # An edit too long for the server (the textarea's own limit lifted, as an old browser would) is refused in place,
    # with the typed text still in the form.
    section.get_by_text("Sửa ý kiến").click()
    field = section.locator("textarea[name=text]").first
    page.evaluate("(el) => el.removeAttribute('maxlength')", field.element_handle())
    field.fill("Quá dài " + "x" * 20_001)
    section.get_by_role("button", name="Lưu thay đổi").click()
    section.get_by_role("alert").filter(has_text="Ý kiến quá dài.").wait_for()
    assert section.locator("textarea[name=text]").first.input_value().startswith("Quá dài xxx")
    assert page.evaluate("window.notReloaded") is True

    # The delete button of the replaced section still asks first.
    section.get_by_role("button", name="Xóa ý kiến").click()
    assert visitor.confirmations[-1] == "Xóa ý kiến này?"
    page.get_by_text("Đã xóa ý kiến.").wait_for()
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0
    assert errors == []


def test_an_expired_session_keeps_the_typed_text_in_place(live_server, new_page, factory, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = consultation.draft_version.clauses[0]
    page = new_page()
    visitor = Visitor(page, live_server)
    visitor.logs_in(factory.member(agency).username)
    visitor.go(f"/agency/consultations/{consultation.id}")
    section = page.locator(f"#c-{clause.id}")
    section.get_by_text("Góp ý", exact=True).click()
    section.get_by_label("Nội dung góp ý").fill("Một ý kiến dài đã gõ suốt buổi sáng.")
    page.context.clear_cookies()  # as after the idle timeout: the server no longer knows this browser
    section.get_by_role("button", name="Lưu ý kiến").click()
    section.get_by_role("alert").filter(has_text="phiên làm việc đã hết hạn").wait_for()
    assert section.get_by_label("Nội dung góp ý").input_value() == "Một ý kiến dài đã gõ suốt buổi sáng."
    assert page.url.endswith(f"/agency/consultations/{consultation.id}")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


@pytest.mark.parametrize("width", [1366, 390])
def test_changed_since_previous_round_mark_survives_saving_in_place(live_server, new_page, factory, db, width):
    agency = factory.agency()
    _first, second, version = round_two(factory, db, agency)
    changed, same = clause(db, version, "khoản 1 Điều 2"), clause(db, version, "khoản 1 Điều 1")
    page = new_page(width=width)
    visitor = Visitor(page, live_server)
    visitor.logs_in(factory.member(agency).username)
    visitor.go(f"/agency/consultations/{second.id}")
    page.evaluate("window.notReloaded = true")
    for target, text in ((changed, "Đề nghị giữ định nghĩa cũ."), (same, "Đồng ý.")):
        section = page.locator(f"#c-{target.id}")
        section.get_by_text("Góp ý", exact=True).click()
        section.get_by_label("Nội dung góp ý").fill(text)
        section.get_by_role("button", name="Lưu ý kiến").click()
        section.get_by_role("status").filter(has_text="Đã lưu ý kiến.").wait_for()
    marked = page.locator(f"#c-{changed.id}")
    assert marked.get_attribute("data-changed") == "1"
    assert marked.locator(".changed-mark").all_inner_texts() == ["Đã sửa so với lần trước"]
    assert page.locator(f"#c-{same.id}").get_attribute("data-changed") is None  # no mark where there was none
    assert page.locator(f"#c-{same.id} .changed-mark").count() == 0

    marked.get_by_text("Sửa ý kiến").click()
    marked.locator("textarea[name=text]").first.fill("Đề nghị giữ định nghĩa của lần 1.")
    marked.get_by_role("button", name="Lưu thay đổi").click()
    marked.get_by_role("status").filter(has_text="Đã lưu").wait_for()
    assert marked.locator(".changed-mark").count() == 1 and marked.get_attribute("data-changed") == "1"
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"changed-mark-after-save-{width}", full_page=False)
    assert visitor.problems == []
