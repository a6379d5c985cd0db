"""Decisions at scale: bulk answers, assigning groups, "của tôi", internal notes, paging, saving one group in place."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from commentsvc.synthesis import dispositions_views
from commentsvc.synthesis.models import Decision
from tests.web.synthesis_helpers import SIMILAR_A, all_dispositions, build_scene, disposition_of, dispositions_page


@pytest.fixture
def scene(factory):
    return build_scene(factory)


_page = dispositions_page


def test_bulk_decision_applies_to_selected_groups(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)  # groups the comments
    groups = sorted(all_dispositions(db, scene.consultation), key=lambda d: d.id)
    chosen, left = groups[:3], groups[3:]
    response = client.post(
        f"/consultations/{scene.consultation.id}/dispositions/bulk?undecided=1",
        data={
            "disposition_id": [d.id for d in chosen],
            "action": "decide",
            "decision": "explained",
            "explanation": "Giữ như dự thảo vì đã được quy định tại luật.",
        },
    )
    assert response.status_code == 302 and "undecided=1" in response.headers["Location"]
    db.session.expire_all()
    assert all(d.decision is Decision.EXPLAINED for d in chosen)
    assert all(d.explanation == "Giữ như dự thảo vì đã được quy định tại luật." for d in chosen)
    assert all(d.decision is None for d in left)
    page = _page(client, scene)
    assert "Đã lưu kết quả xử lý cho 3 nhóm ý kiến." in page
    assert f"3 / {len(groups)} nhóm ý kiến đã xử lý" in page


def test_bulk_refuses_none_chosen_and_foreign_groups(client, login, scene, factory, db):
    login(scene.drafter)
    _page(client, scene)
    url = f"/consultations/{scene.consultation.id}/dispositions/bulk"
    none = client.post(url, data={"action": "decide", "decision": "accepted"})
    assert none.status_code == 400 and "Vui lòng chọn ít nhất một nhóm ý kiến." in none.get_data(as_text=True)
    # A group of another consultation of the same unit, posted to this one's address.
    other = factory.consultation(unit=scene.unit, agencies=[factory.agency()])
    foreign = all_dispositions(db, scene.consultation)[0]
    url = f"/consultations/{other.id}/dispositions/bulk"
    assert client.post(url, data={"action": "decide", "disposition_id": foreign.id}).status_code == 404
    client.post("/logout", data={})
    login(factory.drafter())  # another unit's drafter
    url = f"/consultations/{scene.consultation.id}/dispositions/bulk"
    assert client.post(url, data={"action": "decide", "disposition_id": foreign.id}).status_code == 404
    db.session.refresh(foreign)
    assert foreign.decision is None


def test_groups_are_assigned_and_mine_filters_them(client, login, scene, factory, db):
    colleague = factory.drafter(scene.unit)
    login(scene.drafter)
    _page(client, scene)
    mine = disposition_of(db, SIMILAR_A)
    response = client.post(
        f"/consultations/{scene.consultation.id}/dispositions/bulk",
        data={"disposition_id": [mine.id], "action": "assign", "assignee": scene.drafter.id},
    )
    assert response.status_code == 302
    page = _page(client, scene, "?mine=1")
    assert f'id="g{mine.id}"' in page and page.count('class="disposition') == 1
    assert colleague.full_name in page  # a choice of every member of the unit
    client.post("/logout", data={})
    login(colleague)
    assert 'class="disposition' not in _page(client, scene, "?mine=1")


def test_internal_note_is_not_exported_and_a_group_saves_in_place(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    group = disposition_of(db, SIMILAR_A)
    prefix = f"d{group.id}"
    response = client.post(
        f"/consultations/{scene.consultation.id}/dispositions/{group.id}",
        data={
            f"{prefix}-decision": "accepted",
            f"{prefix}-explanation": "Tiếp thu, sửa khoản 1.",
            f"{prefix}-note": "Ghi chú riêng: hỏi lại Vụ Pháp chế",
            f"{prefix}-assignee": 0,
            f"{prefix}-version": group.version,
        },
        headers={"X-Requested-With": "decisions.js"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and html.lstrip().startswith(f'<article class="disposition" id="g{group.id}"')
    assert "Đã lưu kết quả xử lý." in html and "hỏi lại Vụ Pháp chế" in html and "<html" not in html
    workbook = client.get(f"/consultations/{scene.consultation.id}/dispositions.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(workbook.data))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("Tiếp thu, sửa khoản 1." in c for c in cells)
    assert not any("Vụ Pháp chế" in c for c in cells)
    for fmt in ("docx", "xlsx"):
        exported = client.get(f"/consultations/{scene.consultation.id}/synthesis/export.{fmt}")
        if exported.status_code == 200:
            assert "Vụ Pháp chế".encode() not in exported.data


def test_groups_are_paged_with_counts_of_the_whole(client, login, scene, db, monkeypatch):
    monkeypatch.setattr(dispositions_views, "PAGE_SIZE", 2)
    login(scene.drafter)
    first = _page(client, scene)
    total = len(all_dispositions(db, scene.consultation))
    assert first.count('class="disposition') == 2 and f"trang 1 / {-(-total // 2)}" in first
    assert f"0 / {total} nhóm ý kiến đã xử lý" in first
    last = _page(client, scene, f"?page={-(-total // 2)}")
    assert last.count('class="disposition') == total - 2 * (-(-total // 2) - 1)
    assert "nhóm 1" not in first.lower() and "(0–100)" not in first  # plain words


def test_each_groups_tick_box_is_named_after_its_group(client, login, scene, db):
    """A screen reader reads the box's label alone: "Chọn nhóm này" twenty times over would not say which group."""
    login(scene.drafter)
    page = _page(client, scene)
    labels = re.findall(r'<label for="pick-\d+">(.*?)</label>', page, flags=re.S)
    assert len(labels) > 1 and len(set(labels)) == len(labels)
    assert all(label.startswith("Chọn nhóm này để xử lý hàng loạt") for label in labels)
