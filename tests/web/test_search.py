"""Search through HTTP, on the database's own full-text index (SQLite FTS5, or PostgreSQL with unaccent)."""

from __future__ import annotations

import re
import unicodedata

import pytest
import sqlalchemy as sa

from commentsvc.core.clock import now_utc
from commentsvc.responses.models import Comment
from commentsvc.synthesis.models import Decision, Disposition
from tests.web.migration_helpers import migration, run_step
from tests.web.synthesis_helpers import SIMILAR_A, SIMILAR_B, build_scene


@pytest.fixture
def scene(factory):
    return build_scene(factory)


def _team_search(client, scene, **args) -> str:
    response = client.get(f"/consultations/{scene.consultation.id}/search", query_string=args)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def _results(html: str) -> str:
    """The list of results alone (the filters' options name every agency too)."""
    return html.split('class="count-line"', 1)[1]


def _marked(html: str) -> list[str]:
    return re.findall(r"<mark>([^<]*)</mark>", html)


def _count(html: str) -> int:
    match = re.search(r"(\d+) kết quả", html)
    return int(match.group(1)) if match else 0


def test_search_finds_text_without_diacritics(client, login, scene, db):
    disposition = Disposition(
        consultation_id=scene.consultation.id,
        clause_id=scene.clause("khoản 2 Điều 1").id,
        decision=Decision.ACCEPTED,
        explanation="Cơ quan soạn thảo tiếp thu, bổ sung khoản 3 về bí mật kinh doanh.",
        decided_at=now_utc(),
    )
    db.session.add(disposition)
    db.session.commit()
    login(scene.drafter)

    comments = _team_search(client, scene, q="de nghi lam ro khai niem")
    assert "Bộ Tư pháp" in comments and "Bộ Công an" in comments
    assert {"Đề", "nghị", "làm", "rõ", "khái", "niệm"} <= set(_marked(comments))  # đ folds to d as well

    explanation = _team_search(client, scene, q="tiep thu")
    assert "<mark>tiếp</mark> <mark>thu</mark>" in explanation and "Giải trình" in explanation

    clause = _team_search(client, scene, q="bi mat nha nuoc")
    assert "<mark>bí</mark> <mark>mật</mark> <mark>nhà</mark> <mark>nước</mark>" in clause
    assert "khoản 2 Điều 1" in clause

    # Typed in NFD (as some keyboards send it) finds the NFC text; a word being typed matches as a prefix.
    assert _count(_team_search(client, scene, q=unicodedata.normalize("NFD", "khái niệm"))) == 2
    assert _count(_team_search(client, scene, q="khai ni")) == 2
    # An agency's unsent draft reply is never the team's to find.
    assert _count(_team_search(client, scene, q="ban nhap chua gui")) == 0


def test_search_results_are_ranked(client, login, scene, factory):
    factory.reply(
        scene.consultation,
        scene.agencies["VPCP"],
        comments=[(None, "Dữ liệu mở, dữ liệu mở và dữ liệu mở: đề nghị thống nhất cách gọi dữ liệu mở.")],
    )
    login(scene.drafter)
    html = _results(_team_search(client, scene, q="du lieu mo", kind="comment"))
    assert html.index("Văn phòng Chính phủ") < html.index("Bộ Tư pháp")


def test_search_filters(client, login, scene, db):
    login(scene.drafter)
    by_agency = _results(_team_search(client, scene, q="de nghi", agency=scene.agencies["BTP"].id))
    assert "Bộ Tư pháp" in by_agency and "Bộ Công an" not in by_agency
    by_group = _team_search(client, scene, q="de nghi", group="province")
    assert "bí mật kinh doanh" in by_group and SIMILAR_B not in by_group
    in_article = _team_search(client, scene, q="de nghi", clause=scene.clause("Điều 1").id)
    assert _count(in_article) == 3  # khoản 1 (BTP, BCA) and khoản 2 (Hà Nội) are inside Điều 1
    in_clause = _team_search(client, scene, q="de nghi", clause=scene.clause("khoản 2 Điều 1").id)
    assert _count(in_clause) == 1
    comment = db.session.scalar(sa.select(Comment).where(Comment.text == SIMILAR_A))
    disposition = Disposition(consultation_id=scene.consultation.id, decision=Decision.EXPLAINED, explanation="")
    db.session.add(disposition)
    db.session.flush()
    comment.disposition_id = disposition.id
    db.session.commit()
    explained = _results(_team_search(client, scene, q="de nghi", decision="explained", kind="comment"))
    assert _count(_team_search(client, scene, q="de nghi", decision="explained")) == 1 and "Bộ Tư pháp" in explained
    assert _count(_team_search(client, scene, q="de nghi", decision="none", kind="comment")) == 2
    # Agency-only filters leave the draft's own text out: it has no agency.
    assert "Nội dung dự thảo</span>" not in _team_search(client, scene, q="nghi dinh", agency=scene.agencies["BTP"].id)
    assert "Nội dung dự thảo</span>" in _team_search(client, scene, q="nghi dinh")


def test_search_index_follows_edits_and_deletions(client, login, factory):
    agency = factory.agency()
    member = factory.member(agency)
    consultation = factory.consultation(agencies=[agency])
    clause = consultation.draft_version.clauses[1]
    login(member)
    url = f"/agency/consultations/{consultation.id}/comments"
    assert (
        client.post(url, data={"clause_id": clause.id, "text": "Đề nghị bỏ cụm từ “cơ quan nhà nước”."}).status_code
        == 303
    )
    comment = factory.db.session.scalar(sa.select(Comment))
    assert _count(client.get("/agency/search?q=co quan").get_data(as_text=True)) >= 2
    edited = client.post(
        f"{url}/{comment.id}", data={"text": "Đề nghị viết rõ phạm vi.", "proposed_wording": "đường bộ", "version": 1}
    )
    assert edited.status_code == 303
    assert "<mark>rõ</mark>" in client.get("/agency/search?q=viet ro").get_data(as_text=True)
    assert "<mark>đường</mark>" in client.get("/agency/search?q=duong bo").get_data(as_text=True)
    assert "cụm từ" not in client.get("/agency/search?q=cum tu").get_data(as_text=True)
    client.post(f"{url}/{comment.id}/delete", data={"version": 2})
    assert _count(client.get("/agency/search?q=viet ro").get_data(as_text=True)) == 0


def test_agency_search_sees_its_own_only(client, login, scene, factory):
    member = factory.member(scene.agencies["BCA"])
    login(member)
    html = client.get("/agency/search", query_string={"q": "de nghi lam ro"}).get_data(as_text=True)
    assert _count(html) == 1 and "khái niệm" in html  # its own comment, not the Ministry of Justice's
    other = factory.consultation(agencies=[factory.agency()])
    assert other.draft_version.clauses  # the same words, in a draft not sent to this agency
    assert _count(client.get("/agency/search?q=pham vi dieu chinh").get_data(as_text=True)) == 1
    assert client.get(f"/consultations/{scene.consultation.id}/search?q=x").status_code == 403


def test_team_search_of_another_unit_is_404(client, login, scene, factory):
    login(factory.drafter())
    assert client.get(f"/consultations/{scene.consultation.id}/search?q=de+nghi").status_code == 404


def test_postgresql_search_reads_stored_vectors_written_with_the_comment(client, login, scene, db):
    """Migration 0018_search_vectors: a generated tsvector column per searched table, written by the statement that
    writes the row; downgraded, the expression index of 0003 is back and search still works."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("stored vectors are PostgreSQL's; SQLite keeps its FTS5 tables (TEST_DATABASE_URL runs this)")
    login(scene.drafter)
    url = f"/consultations/{scene.consultation.id}/search"
    step = migration("0018_search_vectors.py")
    run_step(db, step.downgrade)
    try:
        assert "search_fts" not in {c["name"] for c in sa.inspect(db.engine).get_columns("comments")}
        assert "ix_comments_fts" in {index["name"] for index in sa.inspect(db.engine).get_indexes("comments")}
    finally:
        run_step(db, step.upgrade)
    comment = db.session.scalar(sa.select(Comment).where(Comment.text == SIMILAR_A))
    comment.text = "Đề nghị bổ sung quy định về hạ tầng số dùng chung."
    db.session.commit()
    stored = db.session.scalar(sa.text("SELECT search_fts::text FROM comments WHERE id = :id"), {"id": comment.id})
    assert "'ha'" in stored and "'tang'" in stored and "'khai'" not in stored
    html = client.get(url, query_string={"q": "ha tang dung chung"}).get_data(as_text=True)
    assert _count(html) == 1 and "<mark>hạ</mark> <mark>tầng</mark>" in html
