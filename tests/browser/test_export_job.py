"""The team clicks "Tải PDF" on a big consultation: the job page shows the parts being made, then the file."""

from __future__ import annotations

import io
import re
import time

import pytest
from pypdf import PdfReader

from commentsvc.agencies.models import AgencyGroup
from tests.browser.conftest import screenshot
from tests.browser.pages import Visitor
from tests.web.synthesis_helpers import build_scene

pytestmark = pytest.mark.browser
AGENCIES = 12
COMMENTS_EACH = 25  # 300 comments and more; with 15 table lines a part, some twenty parts


def _big_consultation(factory):
    scene = build_scene(factory)
    clauses = [clause.id for clause in scene.version.clauses]
    for number in range(AGENCIES):
        agency = factory.agency(
            f"TINH-{number:02d}", f"Ủy ban nhân dân tỉnh Thử Nghiệm {number:02d}", AgencyGroup.PROVINCE
        )
        from commentsvc.consultations.models import Recipient

        factory.db.session.add(Recipient(consultation=scene.consultation, agency=agency))
        factory.db.session.commit()
        comments = [
            (clauses[(number + index) % len(clauses)], f"Ý kiến số {index + 1} của tỉnh {number:02d}: đề nghị rà soát.")
            for index in range(COMMENTS_EACH)
        ]
        factory.reply(scene.consultation, agency, comments=comments)
    return scene


def test_the_team_clicks_tai_pdf_and_sees_progress_then_the_file(app, live_server, new_page, factory, tmp_path):
    app.config["PDF_CHUNK_ROWS"] = 15
    scene = _big_consultation(factory)
    team = Visitor(new_page(), live_server)
    team.logs_in(scene.drafter.username)
    team.page.goto(f"{live_server}/consultations/{scene.consultation.id}/synthesis")
    team.page.get_by_role("button", name="Tải PDF", exact=True).click()
    assert team.heading() == "Bản tổng hợp ý kiến (PDF)"
    seen = set()
    deadline = time.monotonic() + 180
    link = team.page.get_by_role("link", name=re.compile(r"^Tải tệp "))
    while not link.is_visible():
        assert time.monotonic() < deadline, f"no file after 180 s; progress seen: {sorted(seen)}"
        match = re.search(r"Đã xong (\d+)/(\d+) phần", team.page.locator("#job-parts").inner_text())
        if match:
            done, total = int(match.group(1)), int(match.group(2))
            if 0 < done < total and not any(0 < d < t for d, t in seen):
                screenshot(team.page, "20-export-job-progress")
            seen.add((done, total))
        time.sleep(0.1)
    assert any(0 < done < total for done, total in seen), seen  # progress in parts, updated without a reload
    screenshot(team.page, "21-export-job-done")
    path = team.downloads(re.compile(r"^Tải tệp "), tmp_path)
    assert path.suffix == ".pdf"
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) > 10
    assert "Ý kiến số 25 của tỉnh 11" in "".join(page.extract_text() for page in reader.pages)
