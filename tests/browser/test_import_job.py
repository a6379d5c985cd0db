"""A large draft goes through the queue: the upload answers with the job page, which leads to the preview when the
worker has split it, with JavaScript (job.js follows it) and without (the page reloads itself)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from commentsvc.jobs.models import Job, JobStatus
from tests.browser.conftest import screenshot
from tests.browser.pages import DraftingTeam
from tests.web.drafts_helpers import SAMPLES

pytestmark = pytest.mark.browser
PREVIEW = re.compile(r".*/drafts/imports/[\w-]{32,}$")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_large_draft_lands_on_its_preview_through_the_job_page(app, db, live_server, new_page, factory, javascript):
    app.config["DIRECT_IMPORT_MAX_BYTES"] = 1000  # the sample is larger: split by the worker
    team = DraftingTeam(new_page(javascript=javascript), live_server)
    team.logs_in(factory.drafter().username)
    with team.page.expect_navigation(url=PREVIEW, timeout=60_000):  # through the job page, then its preview
        team.imports_draft(SAMPLES / "nghi-dinh-du-lieu-mo.docx", "Nghị định về dữ liệu mở (tải lớn)", "Nghị định")
    screenshot(team.page, f"22-import-job-preview-{'js' if javascript else 'nojs'}")
    assert "Nghị định về dữ liệu mở (tải lớn)" in team.page.content()
    assert "Điều 1" in team.page.locator("ol.outline").inner_text()
    jobs = db.session.scalars(sa.select(Job)).all()  # it did go through the queue
    assert [(job.kind, job.status, job.result_ref in team.page.url) for job in jobs] == [
        ("draft.import", JobStatus.DONE, True)
    ]


def test_the_preview_and_its_corrections_fit_a_phone(live_server, new_page, factory):
    """At 390 px each unit's 'Sửa cách tách mục này', once opened, wraps its kind, number and button inside the page
    (the kind form laid out on one line made the page 548 px wide, its button out of sight)."""
    team = DraftingTeam(new_page(width=390), live_server)
    team.logs_in(factory.drafter().username)
    team.imports_draft(SAMPLES / "nghi-dinh-du-lieu-mo.docx", "Nghị định về dữ liệu mở", "Nghị định")
    assert team.page.evaluate("document.documentElement.scrollWidth") <= 390
    corrections = team.page.locator("details.correction")
    for index in range(3):
        corrections.nth(index).locator("summary").click()
    assert team.page.evaluate("document.documentElement.scrollWidth") <= 390
    corrections.nth(1).scroll_into_view_if_needed()
    screenshot(team.page, "22-import-preview-corrections-390", full_page=False)
    assert team.problems == []


def test_back_from_the_preview_of_a_large_draft_leaves_the_job_page(app, live_server, new_page, factory):
    """The job page gives way to the preview (job.js replaces it in the history): Back then returns to the upload
    form, not to the finished job's page, which would only send the drafter forward to the preview again."""
    app.config["DIRECT_IMPORT_MAX_BYTES"] = 1000
    team = DraftingTeam(new_page(), live_server)
    team.logs_in(factory.drafter().username)
    with team.page.expect_navigation(url=PREVIEW, timeout=60_000):
        team.imports_draft(SAMPLES / "nghi-dinh-du-lieu-mo.docx", "Nghị định về dữ liệu mở (tải lớn)", "Nghị định")
    team.page.go_back()
    team.page.wait_for_load_state()
    assert not PREVIEW.match(team.page.url) and "/jobs/" not in team.page.url, team.page.url
    assert team.page.url.endswith("/drafts/new")
