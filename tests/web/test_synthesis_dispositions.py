"""The dispositions page through HTTP: access, grouping, deciding, filters, progress, split and merge, late replies."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from commentsvc.accounts.models import Role
from commentsvc.core.audit import AuditEntry
from commentsvc.responses.models import Comment
from commentsvc.synthesis.models import Decision, Disposition
from tests.web.synthesis_helpers import (
    SIMILAR_A,
    SIMILAR_B,
    all_dispositions,
    build_scene,
    disposition_of,
    dispositions_page,
)


@pytest.fixture
def scene(factory):
    return build_scene(factory)


_page = dispositions_page


def _decide(client, scene, disposition, decision: str, explanation: str, version: int | None = None, query=""):
    prefix = f"d{disposition.id}"
    return client.post(
        f"/consultations/{scene.consultation.id}/dispositions/{disposition.id}{query}",
        data={
            f"{prefix}-decision": decision,
            f"{prefix}-explanation": explanation,
            f"{prefix}-version": disposition.version if version is None else version,
        },
    )


def test_other_units_get_404_and_other_roles_403(client, factory, login, scene):
    url = f"/consultations/{scene.consultation.id}/dispositions"
    login(factory.drafter())
    assert client.get(url).status_code == 404
    assert client.get(f"/consultations/{scene.consultation.id}/synthesis").status_code == 404
    for role in (Role.AGENCY, Role.ADMIN):
        other = client.application.test_client()
        login(factory.user(role), the_client=other)
        assert other.get(url).status_code == 403
        assert other.get(f"/consultations/{scene.consultation.id}/synthesis/export.docx").status_code == 403


def test_first_visit_groups_similar_comments_and_shows_progress(client, login, scene, db):
    login(scene.drafter)
    page = _page(client, scene)
    assert disposition_of(db, SIMILAR_A).id == disposition_of(db, SIMILAR_B).id
    # Groups: general (BTP), khoản 1 Điều 1 (BTP + BCA), khoản 2 Điều 1 (HNI), khoản 2 (AGG, late), Điều 2 (HNI).
    assert len(all_dispositions(db, scene.consultation)) == 5
    assert "0 / 5 nhóm ý kiến đã xử lý" in page
    assert "Bản nháp chưa gửi" not in page  # Đà Nẵng's draft reply is never the team's to see
    assert page.index("Góp ý chung") < page.index("khoản 1 Điều 1") < page.index("khoản 2 Điều 1")
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "synthesis.regroup")) is not None


def test_deciding_records_the_answer_and_an_audit_entry(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    disposition = disposition_of(db, SIMILAR_A)
    response = _decide(client, scene, disposition, "accepted", "Đã bổ sung khái niệm tại khoản 3 Điều 2.")
    assert response.status_code == 302 and response.location.endswith(f"#g{disposition.id}")
    db.session.refresh(disposition)
    assert disposition.decision is Decision.ACCEPTED and disposition.version == 2
    assert disposition.decided_by_id == scene.drafter.id and disposition.decided_at is not None
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "disposition.decide"))
    assert entry.object_id == disposition.id and entry.details_dict["decision"] == "accepted"
    assert "1 / 5 nhóm ý kiến đã xử lý" in _page(client, scene)


def test_a_stale_version_is_refused_and_changes_nothing(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    disposition = disposition_of(db, SIMILAR_A)
    assert _decide(client, scene, disposition, "explained", "Giữ nguyên.").status_code == 302
    response = _decide(client, scene, disposition, "accepted", "Bản cũ.", version=1)
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.get_data(as_text=True)
    db.session.refresh(disposition)
    assert disposition.decision is Decision.EXPLAINED and disposition.explanation == "Giữ nguyên."


def test_invalid_decision_is_refused(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    disposition = disposition_of(db, SIMILAR_A)
    assert _decide(client, scene, disposition, "approved", "x").status_code == 400
    db.session.refresh(disposition)
    assert disposition.decision is None and disposition.version == 1


def test_filters_by_clause_agency_group_and_undecided(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    k11 = scene.clause("khoản 1 Điều 1")
    page = _page(client, scene, f"?clause={k11.id}")
    assert SIMILAR_A in page and "bí mật kinh doanh" not in page and "Rà soát tổng thể" not in page
    page = _page(client, scene, "?clause=general")
    assert "Rà soát tổng thể" in page and SIMILAR_A not in page
    page = _page(client, scene, f"?agency={scene.agencies['HNI'].id}")
    assert "bí mật kinh doanh" in page and SIMILAR_A not in page
    page = _page(client, scene, "?group=province")
    assert "bí mật kinh doanh" in page and "muộn của An Giang" in page and "Rà soát tổng thể" not in page
    _decide(client, scene, disposition_of(db, SIMILAR_A), "noted", "")
    page = _page(client, scene, "?undecided=1")
    assert SIMILAR_A not in page and "Rà soát tổng thể" in page
    assert "1 / 5 nhóm ý kiến đã xử lý" in page  # progress counts every group, whatever the filter shows


def test_saving_keeps_the_filters(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    disposition = disposition_of(db, SIMILAR_A)
    response = _decide(client, scene, disposition, "noted", "", query="?undecided=1&group=ministry")
    assert "undecided=1" in response.location and "group=ministry" in response.location


def test_regroup_with_a_threshold_keeps_decided_groups(client, login, scene, db, factory):
    login(scene.drafter)
    _page(client, scene)
    k11 = scene.clause("khoản 1 Điều 1")
    extra = factory.agency("BTC", "Bộ Tài chính")
    factory.db.session.add(
        scene.consultation.recipients[0].__class__(consultation_id=scene.consultation.id, agency_id=extra.id)
    )
    factory.db.session.commit()
    factory.reply(scene.consultation, extra, comments=[(k11.id, "Đề nghị làm rõ khái niệm dữ liệu mở ở khoản này.")])
    url = f"/consultations/{scene.consultation.id}/dispositions/regroup"
    assert client.post(url, data={"threshold": "100"}).status_code == 302
    assert scene.consultation.group_threshold == 100
    assert disposition_of(db, "Đề nghị làm rõ khái niệm dữ liệu mở ở khoản này.").id != disposition_of(db, SIMILAR_A).id
    assert client.post(url, data={"threshold": "80"}).status_code == 302
    assert disposition_of(db, "Đề nghị làm rõ khái niệm dữ liệu mở ở khoản này.").id == disposition_of(db, SIMILAR_A).id
    # A decided group is an answer: a stricter threshold no longer splits it.
    _decide(client, scene, disposition_of(db, SIMILAR_A), "accepted", "Đã sửa.")
    assert client.post(url, data={"threshold": "100"}).status_code == 302
    assert len(disposition_of(db, SIMILAR_A).comments) == 3
    assert client.post(url, data={"threshold": "101"}).status_code == 400
    assert scene.consultation.group_threshold == 100


def test_manual_split_and_merge_survive_a_regroup(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    group = disposition_of(db, SIMILAR_A)
    bca_comment = db.session.scalar(sa.select(Comment).where(Comment.text == SIMILAR_B))
    base = f"/consultations/{scene.consultation.id}/dispositions"
    assert client.post(f"{base}/{group.id}/split", data={"comment_id": bca_comment.id}).status_code == 302
    assert disposition_of(db, SIMILAR_A).id != disposition_of(db, SIMILAR_B).id
    assert client.post(f"{base}/regroup", data={"threshold": "50"}).status_code == 302
    assert disposition_of(db, SIMILAR_A).id != disposition_of(db, SIMILAR_B).id  # the split is kept
    assert disposition_of(db, SIMILAR_B).is_manual_group
    # Merge Hà Nội's two groups on different clauses: refused. Merge An Giang's into Hà Nội's on khoản 2: kept.
    hni = disposition_of(db, "Đề nghị bổ sung quy định về bí mật kinh doanh.").id
    agg = disposition_of(db, "Ý kiến gửi muộn của An Giang.").id
    other_clause = disposition_of(db, '<img src="file:///etc/passwd">').id
    assert client.post(f"{base}/{hni}/merge", data={"other_id": other_clause}).status_code == 400
    assert client.post(f"{base}/{hni}/merge", data={"other_id": agg}).status_code == 302
    db.session.expunge_all()
    assert db.session.scalar(sa.select(sa.func.count()).where(Disposition.id == agg)) == 0
    assert client.post(f"{base}/regroup", data={"threshold": "100"}).status_code == 302
    assert disposition_of(db, "Ý kiến gửi muộn của An Giang.").id == hni
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"disposition.split", "disposition.merge"} <= actions


def test_a_group_of_one_cannot_be_split(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    alone = disposition_of(db, "Rà soát tổng thể.")
    comment_id = alone.comments[0].id
    url = f"/consultations/{scene.consultation.id}/dispositions/{alone.id}/split"
    assert client.post(url, data={"comment_id": comment_id}).status_code == 400


def test_dispositions_of_another_consultation_are_404(client, login, scene, db, factory):
    agency = factory.agency()
    other = factory.consultation(unit=scene.unit, agencies=[agency])
    factory.reply(other, agency, comments=[(None, "Ý kiến của đợt khác.")])
    login(scene.drafter)
    assert client.get(f"/consultations/{other.id}/dispositions").status_code == 200
    foreign = all_dispositions(db, other)[0]
    assert _decide(client, scene, foreign, "noted", "").status_code == 404
    db.session.refresh(foreign)
    assert foreign.decision is None


def test_late_reply_toggle_excludes_its_comments_but_counts_it(client, login, scene, db):
    login(scene.drafter)
    _page(client, scene)
    reply = scene.replies["AGG"]
    url = f"/consultations/{scene.consultation.id}/replies/{reply.id}/used"
    assert client.post(url, data={"is_used": "0", "back": "dispositions"}).status_code == 302
    db.session.refresh(reply)
    assert reply.is_used is False
    page = client.get(f"/consultations/{scene.consultation.id}/synthesis").get_data(as_text=True)
    assert "muộn của An Giang" not in page
    assert re.search(r"Quá hạn, không sử dụng</th><td>1<", page)
    assert "4 / 4 nhóm ý kiến đã xử lý" not in _page(client, scene) and "/ 4 nhóm ý kiến đã xử lý" in _page(
        client, scene
    )
    on_time = scene.replies["BTP"]
    refused = client.post(f"/consultations/{scene.consultation.id}/replies/{on_time.id}/used", data={"is_used": "0"})
    assert refused.status_code == 400
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "reply.late_unused"))
    assert entry is not None and entry.object_id == reply.id
