"""The agency's reading page in a browser: the outline jumps, "Góp ý" opens the one form in place, filters, print,
and a phone's width."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.browser.pages import AgencyMember

pytestmark = pytest.mark.browser


def decree(articles: int = 60) -> list[tuple[str, str, str, str]]:
    """A decree of ``articles`` articles in three chapters, two khoản each, with a scoring table in Điều 3."""
    units = []
    for number in range(1, articles + 1):
        if number in (1, 21, 41):
            roman = {1: "I", 21: "II", 41: "III"}[number]
            units.append(("chapter", roman, f"Chương {roman}", f"Chương {roman}\nQUY ĐỊNH SỐ {roman}", 0))
        units.append(("article", str(number), f"Điều {number}", f"Điều {number}. Nội dung của điều {number}", 1))
        for khoan in (1, 2):
            text = f"{khoan}. Quy định thứ {khoan} của Điều {number} về dữ liệu mở.\nĐoạn tiếp theo của khoản {khoan}."
            units.append(("clause", str(khoan), f"khoản {khoan} Điều {number}", text, 2))
        if number == 3:
            for row in (1, 2):
                units.append(
                    ("table_row", str(row), f"dòng {row} bảng Điều 3", f"{row} | Tiêu chí {row} | {row * 10}", 2)
                )
    return units


@pytest.fixture
def reading_scene(factory):
    agency = factory.agency()
    version = factory.draft_version(clauses=decree())
    consultation = factory.consultation(version=version, agencies=[agency])
    return consultation, factory.member(agency)


def test_agency_outline_jumps_to_an_article(live_server, new_page, reading_scene):
    consultation, member = reading_scene
    page = new_page()
    visitor = AgencyMember(page, live_server)
    visitor.logs_in(member.username)
    visitor.go(f"/agency/consultations/{consultation.id}")
    assert page.locator("form#comment-form").count() == 1  # one form for the whole draft, not one per clause

    outline = page.get_by_role("navigation", name="Mục lục dự thảo")
    outline.get_by_role("link", name="Điều 42. Nội dung của điều 42").click()
    article = visitor.clause("Điều 42")
    page.wait_for_function("location.hash.startsWith('#c-')")
    assert page.evaluate("location.hash") == "#" + article.get_attribute("id")
    box = article.bounding_box()
    assert 0 <= box["y"] < 300  # the article is at the top of the window
    assert outline.is_visible()  # the outline stays in view beside it (sticky)

    # "Góp ý" is reached and opened with the keyboard; the form opens in place, the cursor in its text.
    khoan = visitor.clause("khoản 1 Điều 42")
    khoan.get_by_role("link", name="Góp ý về khoản 1 Điều 42").focus()
    page.keyboard.press("Enter")
    form = khoan.locator("#comment-form")
    form.wait_for()
    assert page.evaluate("document.activeElement.name") == "text"
    page.keyboard.type("Đề nghị làm rõ khoản này.")
    form.get_by_role("button", name="Lưu ý kiến").click()
    khoan.get_by_role("status").filter(has_text="Đã lưu ý kiến.").wait_for()
    assert "Đề nghị làm rõ khoản này." in khoan.locator(".comment-text").inner_text()
    assert page.locator("form#comment-form").count() == 1  # back home, ready for the next clause
    visitor.comments_on("dòng 2 bảng Điều 3", "Điểm của tiêu chí 2 quá cao.")
    assert page.locator(".draft-table [role=row]").count() == 2  # the saved row came back as a row of its table
    screenshot(page, "agency-reading-commented", full_page=False)

    # The outline counts our comments per article; the filter leaves only the clauses we commented on.
    page.reload()
    assert outline.locator("li").filter(has_text="Điều 42.").locator(".o-count").inner_text().startswith("1")
    page.get_by_label("Chỉ điều khoản có ý kiến của cơ quan").check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**mine=1**")
    shown = page.locator(".document section.clause p.ref").all_inner_texts()
    assert shown == ["Chương I", "Điều 3", "dòng 2 bảng Điều 3", "Chương III", "Điều 42", "khoản 1 Điều 42"]
    assert page.locator(".draft-table [role=row]").count() == 1

    # Printing shows the document, not the outline, the filters nor the buttons.
    page.emulate_media(media="print")
    assert not outline.is_visible()
    assert not page.get_by_role("button", name="Lọc").is_visible()
    assert page.locator(".comment-text").get_by_text("Đề nghị làm rõ khoản này.").is_visible()
    page.emulate_media(media="screen")

    # At a phone's width nothing runs off the side.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server}/agency/consultations/{consultation.id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "agency-reading-390", full_page=False)
    assert visitor.problems == []
