"""The preview: corrections of the split, a fixed file replacing the pending one; who may see what;
versions frozen once a consultation uses them."""

from __future__ import annotations

import hashlib
import html
import json

import pytest

from commentsvc.accounts.models import Role
from commentsvc.drafts import operations
from commentsvc.drafts.model import MSG_OLD_DOC
from commentsvc.drafts.models import DraftImport, DraftKind, DraftVersion
from tests.web.drafts_helpers import (
    SAMPLES,
    clauses_of,
    pending_import,
    preview_token_of,
    refs_on,
    stored_counts,
    upload,
)

CIRCULAR = (SAMPLES / "thong-tu-mau.md").read_bytes()
DASH_1 = "gạch đầu dòng thứ nhất điểm c khoản 1 Điều 3"
DASH_2 = "gạch đầu dòng thứ hai điểm c khoản 1 Điều 3"


@pytest.fixture
def drafter(factory, login):
    user = factory.drafter()
    login(user)
    return user


@pytest.fixture
def pending_id(client, drafter) -> str:
    """The sample circular (22 units) waiting in the preview."""
    return preview_token_of(upload(client, CIRCULAR, "thong-tu.md", kind="circular"))


def _correct(client, pending_id: str, position: int, action: str, **fields):
    return client.post(f"/drafts/imports/{pending_id}/units/{position}/{action}", data=fields)


def _refs(client, pending_id: str) -> list[str]:
    return refs_on(client.get(f"/drafts/imports/{pending_id}").get_data(as_text=True))


def test_merge_into_the_unit_before(client, db, pending_id):
    response = _correct(client, pending_id, 15, "merge")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/drafts/imports/{pending_id}#u-15")
    refs = _refs(client, pending_id)
    assert len(refs) == 21 and DASH_1 in refs and DASH_2 not in refs
    units = json.loads(pending_import(db, pending_id).units_json)
    assert units[14]["text"] == "- Tính theo từng lĩnh vực;\n- Tính chung cho toàn cơ quan."


def test_split_a_paragraph_off(client, db, pending_id):
    response = _correct(client, pending_id, 21, "split", paragraph=1)
    assert response.headers["Location"].endswith("#u-21")
    refs = _refs(client, pending_id)
    assert refs[21:] == ["Điều 5", "đoạn thứ hai Điều 5"]
    client.post(f"/drafts/imports/{pending_id}/accept", data={})
    clauses = clauses_of(db, db.session.query(DraftVersion).one().id)
    assert (clauses[22].kind, clauses[22].text) == (
        "paragraph",
        "Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026./.",
    )
    assert clauses[22].parent_id == clauses[21].id and clauses[21].text == "Điều 5. Hiệu lực thi hành"


def test_change_kind(client, pending_id):
    assert _correct(client, pending_id, 14, "kind", kind="paragraph").headers["Location"].endswith("#u-14")
    refs = _refs(client, pending_id)
    assert refs[14:16] == ["đoạn thứ hai điểm c khoản 1 Điều 3", DASH_1]


def test_change_kind_with_a_label_moves_the_children(client, pending_id):
    _correct(client, pending_id, 12, "kind", kind="clause", label="3")
    refs = _refs(client, pending_id)
    assert refs[12:16] == ["khoản 3 Điều 3", "điểm c khoản 3 Điều 3", "gạch đầu dòng thứ nhất điểm c khoản 3 Điều 3",
                           "gạch đầu dòng thứ hai điểm c khoản 3 Điều 3"]  # fmt: skip


@pytest.mark.parametrize(
    ("position", "action", "fields"),
    [
        (0, "merge", {}),
        (22, "merge", {}),
        (3, "split", {"paragraph": 1}),
        (0, "split", {"paragraph": "x"}),
        (3, "kind", {"kind": "chapitre"}),
    ],  # fmt: skip
)
def test_impossible_corrections_are_refused(client, db, pending_id, position, action, fields):
    before = pending_import(db, pending_id).units_json
    response = _correct(client, pending_id, position, action, **fields)
    assert response.status_code == 400
    assert html.escape(operations.MSG_BAD_CORRECTION) in response.get_data(as_text=True)
    db.session.expire_all()
    assert pending_import(db, pending_id).units_json == before


def test_a_fixed_file_replaces_the_pending_import(client, db, drafter):
    decree = (SAMPLES / "nghi-dinh-du-lieu-mo.docx").read_bytes()
    pending_id = preview_token_of(upload(client, decree, "nghi-dinh.docx"))
    _correct(client, pending_id, 3, "merge")
    response = upload(client, CIRCULAR, "thong-tu-da-sua.md", url=f"/drafts/imports/{pending_id}/file")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/drafts/imports/{pending_id}")
    pending = db.session.query(DraftImport).one()
    assert pending.token == pending_id and pending.filename == "thong-tu-da-sua.md"
    assert pending.checksum == hashlib.sha256(CIRCULAR).hexdigest() and pending.original_file == CIRCULAR
    page = client.get(f"/drafts/imports/{pending_id}").get_data(as_text=True)
    assert "Đã thay bằng tệp thong-tu-da-sua.md: 22 mục." in page
    assert len(refs_on(page)) == 22 and "Điều 5a" not in refs_on(page)


def test_a_bad_replacement_keeps_the_pending_import(client, db, pending_id):
    before = pending_import(db, pending_id)
    checksum, units_json = before.checksum, before.units_json
    old_doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    response = upload(client, old_doc, "du-thao.doc", url=f"/drafts/imports/{pending_id}/file")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert html.escape(MSG_OLD_DOC) in page and len(refs_on(page)) == 22
    db.session.expire_all()
    after = db.session.query(DraftImport).one()
    assert (after.checksum, after.units_json) == (checksum, units_json)


# --- who may see what ---------------------------------------------------------------------------------------------


@pytest.fixture
def others(factory, db):
    """A draft version and a pending import of another drafting unit."""
    owner = factory.drafter()
    version = factory.draft_version(unit=owner.drafting_unit)
    pending = operations.start_import(
        operations.read_upload(CIRCULAR, "a.md"), title="Của đơn vị khác", kind=DraftKind.CIRCULAR, user=owner
    )
    db.session.commit()
    return version.draft_id, pending.token


def _routes(draft_id: int, import_id: str) -> list[tuple[str, str]]:
    base = f"/drafts/{draft_id}/versions/1"
    return [
        ("GET", "/drafts/"),
        ("GET", "/drafts/new"),
        ("POST", "/drafts/new"),
        ("GET", f"/drafts/{draft_id}"),
        ("GET", f"/drafts/{draft_id}/versions/new"),
        ("POST", f"/drafts/{draft_id}/versions/new"),
        ("GET", base),
        ("GET", f"{base}/file"),
        ("POST", f"{base}/units/1/merge"),
        ("GET", f"/drafts/imports/{import_id}"),
        ("POST", f"/drafts/imports/{import_id}/file"),
        ("POST", f"/drafts/imports/{import_id}/units/1/merge"),
        ("POST", f"/drafts/imports/{import_id}/units/1/split"),
        ("POST", f"/drafts/imports/{import_id}/units/1/kind"),
        ("POST", f"/drafts/imports/{import_id}/accept"),
        ("POST", f"/drafts/imports/{import_id}/discard"),
    ]


@pytest.mark.parametrize("role", [Role.AGENCY, Role.ADMIN])
def test_agency_members_and_admins_get_403_everywhere(client, db, factory, login, others, role):
    login(factory.user(role))
    before = stored_counts(db)
    for method, path in _routes(*others):
        response = client.get(path) if method == "GET" else client.post(path, data={})
        assert response.status_code == 403, (method, path)
    assert stored_counts(db) == before


def test_another_units_drafts_and_imports_are_404(client, db, drafter, others):
    before = stored_counts(db)
    for method, path in _routes(*others)[3:]:
        response = client.get(path) if method == "GET" else client.post(path, data={})
        assert response.status_code == 404, (method, path)
    assert stored_counts(db) == before
    assert client.get("/drafts/").status_code == 200


# --- immutability ---------------------------------------------------------------------------------------------


def test_a_version_can_be_corrected_until_a_consultation_uses_it(client, db, factory, drafter):
    version = factory.draft_version(unit=drafter.drafting_unit)
    url = f"/drafts/{version.draft_id}/versions/1"
    assert "Sửa cách tách mục này" in client.get(url).get_data(as_text=True)
    response = client.post(f"{url}/units/6/merge", data={})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#u-5")
    clauses = clauses_of(db, version.id)
    assert [c.ref for c in clauses][-2:] == ["khoản 1 Điều 2", "điểm a khoản 1 Điều 2"]
    assert clauses[-1].parent_id == clauses[-2].id and clauses[-1].text.endswith("b) Dữ liệu được cập nhật định kỳ.")

    consultation = factory.consultation(version=version)
    frozen = [(c.id, c.ref, c.text, c.parent_id) for c in clauses_of(db, version.id)]
    for action, fields in (("merge", {}), ("split", {"paragraph": 1}), ("kind", {"kind": "paragraph"})):
        response = client.post(f"{url}/units/5/{action}", data=fields)
        assert response.status_code == 409
        assert "không thể thay đổi" in response.get_data(as_text=True)
        assert consultation.title in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(c.id, c.ref, c.text, c.parent_id) for c in clauses_of(db, version.id)] == frozen
    page = client.get(url).get_data(as_text=True)
    assert "Sửa cách tách mục này" not in page and "nên không thể sửa" in page


def test_a_used_version_still_gets_a_successor(client, db, factory, drafter):
    version = factory.draft_version(unit=drafter.drafting_unit)
    factory.consultation(version=version)
    pending_id = preview_token_of(upload(client, CIRCULAR, "lan-2.md", url=f"/drafts/{version.draft_id}/versions/new"))
    assert client.post(f"/drafts/imports/{pending_id}/accept", data={}).status_code == 302
    numbers = [v.number for v in db.session.query(DraftVersion).filter_by(draft_id=version.draft_id)]
    assert sorted(numbers) == [1, 2]


# --- each preview its own address --------------------------------------------------------------------------------


def test_each_import_preview_has_its_own_address(app, client, db, factory, login, drafter):
    first = preview_token_of(upload(client, CIRCULAR, "thong-tu.md", kind="circular"))
    second = preview_token_of(upload(client, CIRCULAR, "thong-tu-2.md", kind="circular"))
    assert first != second and len(first) >= 32 and not first.isdigit()
    assert client.get("/drafts/imports/1").status_code == 404

    assert client.post(f"/drafts/imports/{first}/accept", data={}).status_code == 302
    client.post(f"/drafts/imports/{second}/discard", data={})
    third = preview_token_of(upload(client, CIRCULAR, "thong-tu-3.md", kind="circular"))
    assert third not in (first, second)  # the rows' ids may be reused by SQLite, the addresses never are

    saved = client.get(f"/drafts/imports/{first}")
    assert saved.status_code == 410
    assert "đã được lưu thành phiên bản 1 của dự thảo" in saved.get_data(as_text=True)
    before = stored_counts(db)
    again = client.post(f"/drafts/imports/{first}/accept", data={})
    assert again.status_code == 410 and "đã được lưu thành phiên bản 1" in again.get_data(as_text=True)
    discarded = client.get(f"/drafts/imports/{second}")
    assert discarded.status_code == 410 and "đã được hủy" in discarded.get_data(as_text=True)
    assert client.post(f"/drafts/imports/{second}/accept", data={}).status_code == 410
    assert stored_counts(db) == before

    colleague = factory.drafter(drafter.drafting_unit)
    other = login(colleague, the_client=app.test_client())
    for response in (other.get(f"/drafts/imports/{third}"), other.post(f"/drafts/imports/{third}/accept", data={})):
        page = response.get_data(as_text=True)
        assert response.status_code == 403 and f"do {drafter.full_name} tải lên" in page and "Mã lỗi" not in page
    assert f"/drafts/imports/{third}" not in other.get("/drafts/").get_data(as_text=True)
    assert f"/drafts/imports/{third}" in client.get("/drafts/").get_data(as_text=True)
    assert stored_counts(db) == before
