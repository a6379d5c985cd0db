"""The main pages checked with axe-core (vendored, tests/browser/vendor/) and at a phone's width (390 px).

axe's serious and critical violations fail the test; so does a page wider than the phone's screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from commentsvc.consultations import views as consultation_views
from commentsvc.drafts import views as draft_views
from commentsvc.synthesis.models import Disposition
from tests.browser.conftest import screenshot
from tests.browser.pages import Visitor
from tests.web.synthesis_helpers import build_scene

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def pages(factory, db, monkeypatch):
    """(user, [paths]) of the main pages for the drafting team and for an agency member; the lists a page per row,
    so that their pagers are shown too."""
    monkeypatch.setattr(consultation_views, "LIST_PAGE_SIZE", 1)
    monkeypatch.setattr(draft_views, "LIST_PAGE_SIZE", 1)
    scene = build_scene(factory)
    consultation = scene.consultation
    open_one = factory.consultation(unit=scene.unit, agencies=[scene.agencies["BTP"]])
    member = factory.member(scene.agencies["BTP"])
    factory.reply(
        open_one,
        scene.agencies["BTP"],
        comments=[(open_one.draft_version.clauses[1].id, "Đề nghị làm rõ.")],
        submitted=False,
    )
    version = scene.version
    team = [
        "/",
        "/consultations/",
        f"/consultations/{consultation.id}",
        f"/consultations/{consultation.id}/tracking",
        f"/consultations/{consultation.id}/synthesis",
        f"/consultations/{consultation.id}/dispositions",
        f"/consultations/{consultation.id}/search?q=de+nghi",
        f"/drafts/{version.draft_id}/versions/{version.number}",
        "/drafts/",
        "/consultations/?q=lay+y+kien&sort=deadline&state=open",
        "/drafts/?state=sent&sort=title&kind=decree",
    ]
    agency = [
        "/",
        "/agency/",
        f"/agency/consultations/{open_one.id}",
        f"/agency/consultations/{open_one.id}/submit",
        "/agency/search?q=lam+ro",
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Disposition)) == 0  # grouped on first visit
    return [(scene.drafter, team), (member, agency)]


def _visits(browser, live_server, pages, viewport: dict):
    """Yield (path, page) for every main page, signed in as the person whose page it is."""
    for user, paths in pages:
        context = browser.new_context(locale="vi-VN", viewport=viewport, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(10_000)
        visitor = Visitor(page, live_server)
        if user is not None:
            visitor.logs_in(user.username)
            page.wait_for_url(lambda url: "/login" not in url)
        for path in paths:
            visitor.go(path)
            yield path, page
        assert visitor.problems == []
        context.close()


def test_no_serious_accessibility_violations(browser, live_server, pages):
    found = {}
    for path, page in _visits(browser, live_server, [(None, ["/login"])] + pages, {"width": 1366, "height": 900}):
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        assert result["testEngine"]["name"] == "axe-core" and result["url"].endswith(path)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    assert found == {}


def test_no_page_overflows_at_390_px(browser, live_server, pages):
    wide = {}
    for path, page in _visits(browser, live_server, pages, {"width": 390, "height": 844}):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
            screenshot(page, "overflow-" + path.strip("/").replace("/", "-").replace("?", "-"), full_page=False)
    assert wide == {}
