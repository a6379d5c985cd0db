"""Heavy imports through the queue: a large draft split into its preview, a long reply letter read into its review.

The request keeps the file under JOBS_DIR/uploads and answers with the job page; the test runs the queue here, as a
worker does (tests/jobs_helpers.run_queue). Only the uploader's team (or agency) reads the job.
"""

from __future__ import annotations

import re

import pytest

from commentsvc.drafts.model import MSG_ZIP_BOMB
from commentsvc.jobs.models import Job, JobStatus
from commentsvc.jobs.store import UPLOADS, Store
from tests.jobs_helpers import job_id_of, run_queue
from tests.letter_factory import to_pdf
from tests.letters import PROSE_POINTS
from tests.web import test_agency_letters, test_letter_replies
from tests.web.drafts_helpers import SAMPLES, preview_token_of, stored_counts, upload
from tests.web.test_agency_letters import upload_own
from tests.web.test_drafts_hostile import _zip_bomb

agency_scene = test_agency_letters.agency_scene  # noqa: F811 - the fixtures, for this module's tests
scene = test_letter_replies.scene


def _uploads(app) -> list:
    folder = Store(app.config["JOBS_DIR"]).root / UPLOADS
    return sorted(folder.iterdir()) if folder.is_dir() else []


@pytest.mark.usefixtures("queue_storage")
def test_a_large_draft_is_split_by_the_worker_and_lands_on_its_preview(app, client, db, factory, login):
    team = factory.drafter()
    login(team)
    data = (SAMPLES / "nghi-dinh-du-lieu-mo.docx").read_bytes()
    small = upload(client, data, "nghi-dinh.docx")  # under DIRECT_IMPORT_MAX_BYTES: split in the request
    assert preview_token_of(small)
    app.config["DIRECT_IMPORT_MAX_BYTES"] = len(data) - 1
    job_id = job_id_of(upload(client, data, "nghi-dinh.docx", title="Nghị định về dữ liệu mở"))
    assert len(_uploads(app)) == 1  # kept outside the web process for the worker
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Đọc và tách dự thảo" in page and "Nghị định về dữ liệu mở" in page and "Đang chờ" in page
    assert run_queue() == 1
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job.status is JobStatus.DONE, job.error
    state = client.get(f"/jobs/{job_id}.json").get_json()
    assert state["landing_url"] == f"/drafts/imports/{job.result_ref}" and state["download_url"] is None
    landing = client.get(f"/jobs/{job_id}")
    assert landing.status_code == 302 and landing.headers["Location"] == state["landing_url"]
    preview = client.get(state["landing_url"]).get_data(as_text=True)
    assert "Điều 1" in preview and "Nghị định về dữ liệu mở" in preview
    assert _uploads(app) == []
    client.post("/logout", data={})
    login(factory.drafter())  # another drafting unit: neither the job nor its preview
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert client.get(state["landing_url"]).status_code == 404


@pytest.mark.usefixtures("queue_storage")
def test_a_hostile_draft_is_refused_by_the_job_with_its_message(app, client, db, factory, login):
    login(factory.drafter())
    app.config["DIRECT_IMPORT_MAX_BYTES"] = 0
    before = stored_counts(db)
    job_id = job_id_of(upload(client, _zip_bomb(), "bom.docx"))
    run_queue()
    job = db.session.get(Job, job_id, populate_existing=True)
    assert job.status is JobStatus.FAILED and job.error == MSG_ZIP_BOMB
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert MSG_ZIP_BOMB in page and "Thử lại" in page
    assert stored_counts(db) == before  # nothing kept but the upload, which "Thử lại" reads again
    assert client.post(f"/jobs/{job_id}/retry", data={}).status_code == 302
    run_queue()
    assert db.session.get(Job, job_id, populate_existing=True).error == MSG_ZIP_BOMB


@pytest.mark.usefixtures("queue_storage")
def test_an_agency_letter_is_read_by_the_worker_for_that_agency_only(app, client, db, factory, login, agency_scene):
    app.config["DIRECT_IMPORT_MAX_BYTES"] = 1000
    job_id = job_id_of(upload_own(client, agency_scene, agency_scene["signed"]))
    assert "Đọc công văn góp ý" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    run_queue()
    landing = client.get(f"/jobs/{job_id}")
    assert landing.status_code == 302 and "/letter-readings/" in landing.headers["Location"]
    review = client.get(landing.headers["Location"]).get_data(as_text=True)
    assert "Chữ ký số hợp lệ" in review and "Đề nghị sửa khoản 2." in review
    client.post("/logout", data={})
    login(factory.member(factory.agency(code="BCA", name="Bộ Công an"), can_submit=True))
    assert client.get(f"/jobs/{job_id}").status_code == 404
    client.post("/logout", data={})
    login(factory.drafter(agency_scene["consultation"].drafting_unit))  # the agency's own upload, not the team's
    assert client.get(f"/jobs/{job_id}").status_code == 404


@pytest.mark.usefixtures("queue_storage")
def test_a_long_paper_letter_is_read_by_the_worker_for_the_team(app, client, db, factory, login, scene):
    app.config["DIRECT_IMPORT_MAX_BYTES"] = 1000
    letter = to_pdf(PROSE_POINTS)
    job_id = job_id_of(test_letter_replies.upload(client, scene, letter, "cong-van.pdf"))
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "Đọc công văn góp ý" in page and scene["consultation"].title in page
    run_queue()
    landing = client.get(f"/jobs/{job_id}")
    assert landing.status_code == 302 and "/paper-replies/letters/" in landing.headers["Location"]
    assert client.get(landing.headers["Location"]).status_code == 200
    client.post("/logout", data={})
    login(factory.member(scene["agency"], can_submit=True))  # the team's reading, not the agency's
    assert client.get(f"/jobs/{job_id}").status_code == 404


@pytest.mark.usefixtures("queue_storage")
def test_a_refused_large_draft_leads_back_to_the_form_with_what_was_typed(app, client, db, factory, login):
    """The worker refuses the file after the request has answered: the job page's way back opens the upload form with
    the title and the kind the drafter typed, so that only another file is needed (hostile ones in the address too)."""
    login(factory.drafter())
    app.config["DIRECT_IMPORT_MAX_BYTES"] = 0
    title = "Nghị định về chia sẻ dữ liệu <b>&"
    job_id = job_id_of(upload(client, b"PK\x03\x04" + b"x" * 2000, "hong.docx", title=title, kind="circular"))
    run_queue()
    assert db.session.get(Job, job_id, populate_existing=True).status is JobStatus.FAILED
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    back = re.search(r'<a href="([^"]+)">← Quay lại</a>', page).group(1)
    form = client.get(back.replace("&amp;", "&")).get_data(as_text=True)
    assert 'value="Nghị định về chia sẻ dữ liệu &lt;b&gt;&amp;"' in form
    assert re.search(r'<option selected value="circular">|<option value="circular" selected>', form)
    for hostile in ("/drafts/new?kind=nonsense&title=", "/drafts/new?title=" + "x" * 5000, "/drafts/new?kind=%00"):
        assert client.get(hostile).status_code == 200
