"""Importing a draft through the browser: upload, preview the outline, accept it as a version, read it back."""

from __future__ import annotations

import hashlib

import pytest

from commentsvc.core.audit import AuditEntry
from commentsvc.drafts.models import Draft, DraftImport, DraftKind, DraftVersion, ImportStatus
from commentsvc.drafts.splitting import split_path
from tests.web.drafts_helpers import (
    SAMPLES,
    clauses_of,
    count_row,
    preview_token_of,
    refs_on,
    stored_counts,
    upload,
)

# Per sample: the kind chosen, the total number of units, some rows of the counts table and some citations,
# all read off the documents by hand.
SAMPLE_EXPECTATIONS = {
    "chien-luoc-chuyen-doi-so.docx": (
        "strategy",
        50,
        {"Điều": 3, "Đề mục (I, II…)": 4, "Gạch đầu dòng": 9, "Phần mở đầu": 1},
        ["Phần mở đầu", "Mục II Điều 1", "gạch đầu dòng thứ tư điểm a khoản 2 Mục II Điều 1", "Điều 3"],
    ),
    "nghi-dinh-du-lieu-mo.docx": (
        "decree",
        67,
        {"Điều": 14, "Chương": 3, "Mục": 2},
        ["Chương I", "Điều 5a", "khoản 2 Điều 5a", "điểm c khoản 1 Điều 5", "Mục 1 Chương II"],
    ),
    "phuong-phap-danh-gia.docx": (
        "methodology",
        41,
        {"Dòng của bảng": 11, "Đề mục (I, II…)": 5, "Mục đánh số (1.1…)": 3},
        ["dòng 1.1 Mục III", "tiểu mục 1.2 Mục II", "gạch đầu dòng thứ ba khoản 3 Mục IV"],
    ),
    "thong-tu-mau.md": (
        "circular",
        22,
        {"Điều": 5, "Khoản": 8, "Điểm": 3, "Chương": 3, "Gạch đầu dòng": 2},
        ["điểm c khoản 1 Điều 3", "gạch đầu dòng thứ hai điểm c khoản 1 Điều 3", "khoản 2 Điều 4"],
    ),
}


@pytest.fixture
def drafter(factory, login):
    user = factory.drafter()
    login(user)
    return user


@pytest.mark.parametrize("name", sorted(SAMPLE_EXPECTATIONS))
def test_sample_upload_preview_and_accept(client, db, drafter, name):
    kind, total, counts, refs = SAMPLE_EXPECTATIONS[name]
    data = (SAMPLES / name).read_bytes()
    pending_id = preview_token_of(upload(client, data, name, title="Dự thảo mẫu", kind=kind))
    assert stored_counts(db) == (0, 0, 0, 1)

    page = client.get(f"/drafts/imports/{pending_id}").get_data(as_text=True)
    assert f"{total} mục để góp ý" in page
    for label, count in counts.items():
        assert count_row(page, label) == count, label
    shown = refs_on(page)
    assert len(shown) == total and all(ref in shown for ref in refs)
    assert f'id="u-{total - 1}"' in page

    response = client.post(f"/drafts/imports/{pending_id}/accept", data={})
    assert response.status_code == 302
    version = db.session.query(DraftVersion).one()
    assert response.headers["Location"].endswith(f"/drafts/{version.draft_id}/versions/1")
    assert version.number == 1 and version.draft.kind is DraftKind(kind) and version.draft.title == "Dự thảo mẫu"
    assert version.original_file == data and version.checksum == hashlib.sha256(data).hexdigest()
    assert version.filename == name and version.created_by_id == drafter.id
    assert stored_counts(db) == (1, 1, total, 0)
    _check_clauses(db, version, SAMPLES / name)


def _check_clauses(db, version, path) -> None:
    """Clauses in document order with kind, label, ref, depth, text; each parent_id is the parent unit's row."""
    clauses = clauses_of(db, version.id)
    units = split_path(path)
    assert [(c.position, c.kind, c.label, c.ref, c.depth, c.text) for c in clauses] == [
        (u.position, u.kind, u.label, u.ref, u.depth, u.text) for u in units
    ]
    by_id = {clause.id: clause for clause in clauses}
    for clause, unit in zip(clauses, units, strict=True):
        parent = by_id.get(clause.parent_id)
        assert (parent.position if parent else None) == unit.parent
        if parent is not None:
            assert clause.depth == parent.depth + 1
        if clause.kind in ("clause", "point", "bullet") and parent is not None:
            assert clause.ref.endswith(" " + parent.ref), (clause.ref, parent.ref)


def test_parent_links_of_a_decree(client, db, drafter):
    name = "nghi-dinh-du-lieu-mo.docx"
    pending_id = preview_token_of(upload(client, (SAMPLES / name).read_bytes(), name))
    client.post(f"/drafts/imports/{pending_id}/accept", data={})
    clauses = {clause.ref: clause for clause in clauses_of(db, db.session.query(DraftVersion).one().id)}
    assert clauses["khoản 1 Điều 5"].parent_id == clauses["Điều 5"].id
    assert clauses["điểm b khoản 1 Điều 5"].parent_id == clauses["khoản 1 Điều 5"].id
    assert clauses["Điều 6"].parent_id == clauses["Mục 1 Chương II"].id
    assert clauses["Phần mở đầu"].parent_id is None


def test_next_version_goes_through_the_same_preview(client, db, drafter):
    first = (SAMPLES / "thong-tu-mau.md").read_bytes()
    first_id = preview_token_of(upload(client, first, "thong-tu.md", kind="circular"))
    client.post(f"/drafts/imports/{first_id}/accept", data={})
    draft = db.session.query(Draft).one()
    revised = first.replace(b"**\xc4\x90i\xe1\xbb\x81u 5.", b"**\xc4\x90i\xe1\xbb\x81u 6.")  # Điều 5 → Điều 6
    assert revised != first

    pending_id = preview_token_of(upload(client, revised, "thong-tu-lan-2.md", url=f"/drafts/{draft.id}/versions/new"))
    preview = client.get(f"/drafts/imports/{pending_id}").get_data(as_text=True)
    assert "Lưu thành phiên bản 2" in preview and "Điều 6" in refs_on(preview)
    assert client.post(f"/drafts/imports/{pending_id}/accept", data={}).status_code == 302

    versions = db.session.query(DraftVersion).order_by(DraftVersion.number).all()
    assert [(v.number, v.draft_id, v.filename) for v in versions] == [
        (1, draft.id, "thong-tu.md"),
        (2, draft.id, "thong-tu-lan-2.md"),
    ]
    assert "Điều 6" in [c.ref for c in clauses_of(db, versions[1].id)]
    assert "Điều 6" not in [c.ref for c in clauses_of(db, versions[0].id)]
    page = client.get(f"/drafts/{draft.id}").get_data(as_text=True)
    assert "Phiên bản 1" in page and "Phiên bản 2" in page


def test_discard_stores_nothing(client, db, drafter):
    pending_id = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "a.md"))
    response = client.post(f"/drafts/imports/{pending_id}/discard", data={})
    assert response.status_code == 302 and response.headers["Location"].endswith("/drafts/new")
    assert stored_counts(db) == (0, 0, 0, 0)
    assert client.get(f"/drafts/imports/{pending_id}").status_code == 410


def test_accept_without_csrf_is_refused(client, db, drafter):
    pending_id = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "a.md"))
    assert client.post(f"/drafts/imports/{pending_id}/accept", data={}, csrf=False).status_code == 400
    assert stored_counts(db) == (0, 0, 0, 1)


def test_lists_show_the_units_drafts(client, db, factory, drafter):
    other = factory.draft_version(title="Dự thảo của đơn vị khác")
    own = factory.draft_version(unit=drafter.drafting_unit, title="Dự thảo Nghị định về dữ liệu mở")
    page = client.get("/drafts/").get_data(as_text=True)
    assert "Dự thảo Nghị định về dữ liệu mở" in page and "Dự thảo của đơn vị khác" not in page
    assert "Nghị định" in page and "1 dự thảo" in page
    assert f"<td>{len(own.clauses)}</td>" in page  # clauses of the latest version
    assert other.id != own.id


def test_version_page_and_download(client, db, drafter):
    data = (SAMPLES / "thong-tu-mau.md").read_bytes()
    pending_id = preview_token_of(upload(client, data, "../../Dự thảo <Thông tư>.md"))
    client.post(f"/drafts/imports/{pending_id}/accept", data={})
    version = db.session.query(DraftVersion).one()
    assert version.filename == "Dự thảo _Thông tư_.md"
    assert version.media_type.startswith("text/markdown")

    page = client.get(f"/drafts/{version.draft_id}/versions/1").get_data(as_text=True)
    assert refs_on(page)[:3] == ["Phần mở đầu", "Chương I", "Điều 1"]
    assert f"/drafts/{version.draft_id}/versions/1/file" in page

    response = client.get(f"/drafts/{version.draft_id}/versions/1/file")
    assert response.status_code == 200 and response.data == data
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Du_thao__Thong_tu_.md"')
    assert "filename*=UTF-8''D%E1%BB%B1%20th%E1%BA%A3o%20_Th%C3%B4ng%20t%C6%B0_.md" in disposition


def test_docx_sent_with_a_wrong_name_gets_the_right_extension(client, db, drafter):
    data = (SAMPLES / "nghi-dinh-du-lieu-mo.docx").read_bytes()
    client.post(f"/drafts/imports/{preview_token_of(upload(client, data, 'nghi-dinh.txt'))}/accept", data={})
    version = db.session.query(DraftVersion).one()
    assert version.filename == "nghi-dinh.docx" and version.media_type.endswith("wordprocessingml.document")


def test_accepting_leaves_an_audit_trail(client, db, drafter):
    pending_id = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "a.md"))
    client.post(f"/drafts/imports/{pending_id}/accept", data={})
    actions = [entry.action for entry in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions[-2:] == ["draft.import", "draft.version_create"]
    assert db.session.query(DraftImport).filter_by(status=ImportStatus.PENDING).count() == 0
