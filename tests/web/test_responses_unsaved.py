"""A comment that cannot be saved comes back with its reason and the text as typed; comments.js gets one section."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from commentsvc.core.clock import now_utc
from commentsvc.responses.forms import MAX_COMMENT
from commentsvc.responses.models import Comment
from tests.web.test_responses import clauses_of, comment, url

SECTION = {"X-Requested-With": "comments.js"}


def count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Comment))


def test_too_long_comment_keeps_the_text_in_the_form(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = clauses_of(db, consultation)[1]
    login(factory.member(agency))
    text = "Ý kiến rất dài " + "x" * (200_000 - 15)
    response = comment(client, consultation, clause.id, text, "Đề xuất giữ nguyên")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ý kiến quá dài." in page
    assert text in page and "Đề xuất giữ nguyên" in page
    assert count(db) == 0


def test_a_refused_edit_keeps_the_new_text_beside_the_saved_one(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    comment(client, consultation, None, "Bản đã lưu")
    saved = db.session.scalar(sa.select(Comment))
    long_text = "Bản sửa " + "y" * MAX_COMMENT
    response = client.post(
        url(consultation, f"/comments/{saved.id}"), data={"text": long_text, "proposed_wording": "", "version": 1}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert long_text in page and "Bản đã lưu" in page
    db.session.refresh(saved)
    assert (saved.text, saved.version) == ("Bản đã lưu", 1)


def test_after_the_deadline_the_typed_text_is_shown_not_lost(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = clauses_of(db, consultation)[0]
    login(factory.member(agency))
    consultation.deadline_at = now_utc() - timedelta(minutes=1)
    consultation.accepts_late = False
    db.session.commit()
    response = comment(client, consultation, clause.id, "Góp ý gửi muộn một phút")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Nội dung bạn vừa nhập (chưa được lưu)" in page
    assert "Góp ý gửi muộn một phút" in page
    assert count(db) == 0


def test_comments_js_gets_the_clause_section_with_the_new_comment(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = clauses_of(db, consultation)[2]
    login(factory.member(agency))
    response = client.post(
        url(consultation, "/comments"),
        data={"clause_id": clause.id, "text": "Đề nghị bổ sung <b>định nghĩa</b>", "proposed_wording": ""},
        headers=SECTION,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="clause depth-{min(clause.depth, 5)}" id="c-{clause.id}" ')
    assert "Đã lưu ý kiến." in html and "Đề nghị bổ sung &lt;b&gt;định nghĩa&lt;/b&gt;" in html
    assert "<html" not in html and "1 ý kiến của cơ quan" in html
    assert count(db) == 1
    # No flash is left behind in the session for the next page.
    assert "Đã lưu ý kiến." not in client.get(url(consultation)).get_data(as_text=True)


def test_comments_js_gets_the_section_with_the_reason_when_refused(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    response = client.post(
        url(consultation, "/comments"),
        data={"clause_id": "", "text": " ", "proposed_wording": "Giữ lại"},
        headers=SECTION,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="c-general"' in html and "Vui lòng nhập nội dung góp ý." in html and "Giữ lại" in html
    assert count(db) == 0
