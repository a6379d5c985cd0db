"""Round 2 for the team: the clause mapping between versions, its correction by hand, the comparison and its DOCX."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa
from docx import Document

from commentsvc.accounts.models import Role
from commentsvc.core.audit import AuditEntry
from commentsvc.revisions import operations
from commentsvc.revisions.models import ClauseLink
from tests.web.revisions_helpers import add_version, clause, two_versions


def pair_url(version, tail: str = "") -> str:
    return f"/drafts/{version.draft_id}/compare/1/2{tail}"


def stored(db, old, new) -> dict[tuple[str | None, str | None], str]:
    """(old ref, new ref) -> relation, from the stored rows."""
    db.session.expire_all()
    refs = {c.id: c.ref for v in (old, new) for c in v.clauses}
    rows = db.session.scalars(sa.select(ClauseLink).where(ClauseLink.new_version_id == new.id)).all()
    return {(refs.get(r.old_clause_id), refs.get(r.new_clause_id)): r.relation for r in rows}


def table_rows(html: str, table_class: str) -> list[list[str]]:
    """Each body row's cells of the table with ``table_class``: text, with only <ins> and <del> tags kept."""
    table = re.search(rf'<table class="data {table_class}">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    return [[_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]


def _text(cell: str) -> str:
    cell = re.sub(r"<(?!/?(?:ins|del)>)[^>]+>", "", cell)
    return re.sub(r"[ \t]+", " ", cell).strip()


def test_the_first_visit_maps_every_clause_and_shows_the_table(client, login, factory, db):
    old, new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    assert factory.count(ClauseLink) == 0
    page = client.get(pair_url(old, "/mapping"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    links = stored(db, old, new)
    # the inserted article: everything after it shifts, the links follow the text
    assert links[(None, "Điều 2")] == "new" and links[(None, "khoản 1 Điều 2")] == "new"
    assert links[("Điều 2", "Điều 3")] == "renumbered"
    assert links[("điểm b khoản 1 Điều 2", "điểm b khoản 1 Điều 3")] == "renumbered"
    assert links[("khoản 1 Điều 3", "khoản 1 Điều 4")] == "renumbered"
    assert links[("khoản 2 Điều 3", None)] == "deleted"
    assert links[("khoản 3 Điều 3", "khoản 2 Điều 4")] == "changed"
    assert links[("khoản 2 Điều 2", "khoản 2 Điều 3")] == links[("khoản 2 Điều 2", "khoản 3 Điều 3")] == "split"
    assert links[("điểm a khoản 1 Điều 3", "điểm a khoản 3 Điều 4")] == "moved"
    rows = table_rows(html, "mapping")
    assert rows[5][:4] == ["Điều 2", "Đánh số lại", "Điều 3", "100%"]
    assert any(row[:3] == ["khoản 2 Điều 3", "Đã bỏ", "đã bỏ"] for row in rows)
    assert any(row[:3] == ["khoản 3 Điều 3", "Sửa đổi", "khoản 2 Điều 4"] for row in rows)
    assert any(row[:3] == ["điểm a khoản 1 Điều 3", "Chuyển vị trí", "điểm a khoản 3 Điều 4"] for row in rows)
    anchors = re.findall(r'id="(old-\d+)"', html)
    assert sorted(anchors) == sorted({f"old-{c.id}" for c in old.clauses})  # one per old clause, even when split
    assert db.session.query(AuditEntry).filter_by(action="revisions.map").count() == 1
    client.get(pair_url(old, "/mapping"))  # a second visit reads what is stored
    assert db.session.query(AuditEntry).filter_by(action="revisions.map").count() == 1


def test_a_manual_correction_sticks_and_is_audited(client, login, factory, db):
    old, new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    client.get(pair_url(old, "/mapping"))
    dropped = clause(db, old, "khoản 2 Điều 3")
    target = clause(db, new, "khoản 3 Điều 4")  # the team says the deleted khoản became the new khoản 3
    response = client.post(pair_url(old, f"/mapping/{dropped.id}"), data={"new_clause_id": target.id})
    assert response.status_code == 302
    links = stored(db, old, new)
    assert links[("khoản 2 Điều 3", "khoản 3 Điều 4")] == "changed"
    assert ("khoản 2 Điều 3", None) not in links and (None, "khoản 3 Điều 4") not in links
    row = db.session.scalar(sa.select(ClauseLink).where(ClauseLink.old_clause_id == dropped.id))
    assert row.is_manual
    entry = db.session.query(AuditEntry).filter_by(action="revisions.link_correct").one()
    assert entry.details_dict["old_clause"] == "khoản 2 Điều 3"
    assert entry.details_dict["before"] == ["Đã bỏ"] and entry.details_dict["after"].startswith("khoản 3 Điều 4")
    html = client.get(pair_url(old, "/mapping")).get_data(as_text=True)  # not recomputed on the next visit
    assert any(r[:3] == ["khoản 2 Điều 3", "Sửa đổi sửa tay", "khoản 3 Điều 4"] for r in table_rows(html, "mapping"))
    assert db.session.query(AuditEntry).filter_by(action="revisions.map").count() == 1


def test_marking_a_clause_dropped_leaves_its_counterpart_new(client, login, factory, db):
    old, new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    client.get(pair_url(old, "/mapping"))
    reworded = clause(db, old, "khoản 3 Điều 3")
    assert client.post(pair_url(old, f"/mapping/{reworded.id}"), data={"new_clause_id": 0}).status_code == 302
    links = stored(db, old, new)
    assert links[("khoản 3 Điều 3", None)] == "deleted"
    assert links[(None, "khoản 2 Điều 4")] == "new"


def test_a_refused_correction_changes_nothing(client, login, factory, db):
    old, new = two_versions(factory, db)
    other_old, _other_new = two_versions(factory, db, unit=old.draft.drafting_unit)
    login(factory.drafter(old.draft.drafting_unit))
    client.get(pair_url(old, "/mapping"))
    before = stored(db, old, new)
    reworded = clause(db, old, "khoản 3 Điều 3")
    foreign = clause(db, other_old, "Điều 1")
    assert client.post(pair_url(old, f"/mapping/{reworded.id}"), data={"new_clause_id": foreign.id}).status_code == 400
    assert client.post(pair_url(old, f"/mapping/{foreign.id}"), data={"new_clause_id": 0}).status_code == 404
    assert (
        client.post(pair_url(old, f"/mapping/{reworded.id}"), data={"new_clause_id": 0}, csrf=False).status_code == 400
    )
    assert stored(db, old, new) == before
    assert db.session.query(AuditEntry).filter_by(action="revisions.link_correct").count() == 0


def test_a_correction_page_for_large_versions(client, login, factory, db):
    old, new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    reworded = clause(db, old, "khoản 3 Điều 3")
    page = client.get(pair_url(old, f"/mapping/{reworded.id}"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    target = clause(db, new, "khoản 2 Điều 4")
    assert re.search(rf'<option selected value="{target.id}">|<option value="{target.id}" selected', html)
    assert "— Đã bỏ —" in html


def test_the_comparison_marks_exactly_the_changed_words(client, login, factory, db):
    old, _new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    html = client.get(pair_url(old)).get_data(as_text=True)
    all_rows = table_rows(html, "comparison")
    rows = {row[0]: row for row in all_rows}
    reworded = rows["khoản 3 Điều 3"]
    assert reworded[1:3] == ["khoản 2 Điều 4", "Sửa đổi"]
    assert re.findall(r"<(ins|del)>(.*?)</\1>", reworded[3]) == [
        ("del", "3"),
        ("ins", "2"),
        ("ins", ", tính kịp thời của"),
    ]
    same = rows["khoản 1 Điều 1"]
    assert "<ins>" not in same[3] and "<del>" not in same[3] and "Nghị định này quy định" in same[3]
    split = rows["khoản 2 Điều 2"]
    assert split[1:3] == ["khoản 2 Điều 3, khoản 3 Điều 3", "Tách"]
    assert re.findall(r"<(ins|del)>(.*?)</\1>", split[3], re.S) == [("del", "; kế"), ("ins", ".\n3. Kế")]
    assert rows["khoản 2 Điều 3"][3].startswith("<del>2. Ủy ban nhân dân")
    assert ["—", "Điều 2", "Bổ sung mới", "<ins>Điều 2. Nguyên tắc công bố dữ liệu mở</ins>"] in all_rows


def test_the_comparison_filters_changed_clauses_and_escapes_text(client, login, factory, db):
    old = factory.draft_version(clauses=[("article", "1", "Điều 1", "Điều 1. Dữ liệu <b>mở</b> & đóng")])
    add_version(db, old.draft, [("article", "1", "Điều 1", "Điều 1. Dữ liệu <i>mở</i> & đóng")])
    same = factory.draft_version(unit=old.draft.drafting_unit)
    add_version(db, same.draft, [(c.kind, c.label, c.ref, c.text) for c in same.clauses])
    login(factory.drafter(old.draft.drafting_unit))
    html = client.get(pair_url(old)).get_data(as_text=True)
    assert (
        "<b>" not in html and "&lt;<del>b</del><ins>i</ins>&gt;mở&lt;/<del>b</del><ins>i</ins>&gt; &amp; đóng" in html
    )
    all_rows = table_rows(client.get(pair_url(same)).get_data(as_text=True), "comparison")
    changed_rows = table_rows(client.get(pair_url(same, "?only=changed")).get_data(as_text=True), "comparison")
    assert len(all_rows) == len(same.clauses) and changed_rows == [["Không có mục nào thay đổi nội dung."]]


def test_the_comparison_exports_a_docx_with_marked_changes(client, login, factory, db):
    old, _new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    response = client.get(pair_url(old, "/compare.docx?only=changed"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    document = Document(io.BytesIO(response.data))
    assert document.styles["Normal"].font.name == "Times New Roman"
    table = document.tables[0]
    texts = [row.cells[1].text for row in table.rows[1:]]
    assert "khoản 1 Điều 1" not in texts and "khoản 3 Điều 3" in texts  # unchanged ones filtered out
    row = table.rows[1 + texts.index("khoản 3 Điều 3")]
    runs = row.cells[4].paragraphs[0].runs
    inserted = [run.text for run in runs if run.font.underline]
    deleted = [run.text for run in runs if run.font.strike]
    assert inserted == ["2", ", tính kịp thời của"] and deleted == ["3"]
    assert all(run.font.color.rgb is not None for run in runs if run.font.underline or run.font.strike)


def test_stale_links_are_computed_again(client, login, factory, db):
    old, new = two_versions(factory, db)
    operations.ensure_links(old, new)
    db.session.commit()
    extra = add_version(db, new.draft, [("article", "1", "Điều 1", "Điều 1. Phạm vi")], number=3)
    db.session.execute(sa.update(ClauseLink).values(new_version_id=extra.id))  # links of another pair now
    db.session.commit()
    rows = operations.link_rows(old, new)
    assert {row.new.ref for row in rows if row.new} == {c.ref for c in new.clauses}


DRAFTER_PAGES = ["/mapping", "", "/compare.docx"]


@pytest.mark.parametrize("tail", DRAFTER_PAGES)
def test_other_units_get_404_and_other_roles_403(client, login, factory, db, tail):
    old, _new = two_versions(factory, db)
    login(factory.drafter())
    assert client.get(pair_url(old, tail)).status_code == 404
    for role in (Role.AGENCY, Role.ADMIN):
        other = login(factory.user(role), the_client=client.application.test_client())
        assert other.get(pair_url(old, tail)).status_code == 403
    assert factory.count(ClauseLink) == 0


def test_pairs_that_do_not_exist_are_404(client, login, factory, db):
    old, _new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    assert client.get(f"/drafts/{old.draft_id}/compare/2/1/mapping").status_code == 404
    assert client.get(f"/drafts/{old.draft_id}/compare/1/3").status_code == 404
    assert client.get(f"/drafts/{old.draft_id}/revisions").status_code == 200


def test_mapping_again_replaces_hand_corrections(client, login, factory, db):
    old, new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    client.get(pair_url(old, "/mapping"))
    automatic = stored(db, old, new)
    reworded = clause(db, old, "khoản 3 Điều 3")
    client.post(pair_url(old, f"/mapping/{reworded.id}"), data={"new_clause_id": 0})
    assert stored(db, old, new) != automatic
    assert client.post(pair_url(old, "/mapping/recompute"), data={}).status_code == 302
    assert stored(db, old, new) == automatic
    assert factory.count(ClauseLink) == len(automatic)
    assert not db.session.scalar(sa.select(sa.func.count()).where(ClauseLink.is_manual))
    assert db.session.query(AuditEntry).filter_by(action="revisions.map").count() == 2


def test_the_draft_page_links_each_later_version_to_its_comparison_and_mapping(client, login, factory, db):
    old, new = two_versions(factory, db)
    login(factory.drafter(old.draft.drafting_unit))
    html = client.get(f"/drafts/{old.draft_id}").get_data(as_text=True)
    assert f'href="/drafts/{old.draft_id}/revisions"' in html
    assert html.count(f'href="{pair_url(old)}"') == 1
    assert html.count(f'href="{pair_url(old, "/mapping")}"') == 1
    for href in (f"/drafts/{old.draft_id}/revisions", pair_url(old), pair_url(old, "/mapping")):
        assert client.get(href).status_code == 200
