"""Publishing the synthesis: refused while a comment is undecided or unexplained, then frozen, revision by revision.

Decisions are the team's until a head of the drafting unit (lãnh đạo đơn vị soạn thảo) publishes them; agencies read
the latest published revision only.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.core.audit import AuditEntry
from commentsvc.responses.models import Comment
from commentsvc.synthesis.models import Decision, Disposition, Publication
from tests.web.lifecycle_helpers import EXTENDED, OPENS, FixedClock, four_agencies

COMMENT = "Đề nghị làm rõ phạm vi dữ liệu mở."
GENERAL = "Đề nghị rà soát tổng thể dự thảo."


@pytest.fixture
def closed(monkeypatch, factory, db, client, login):
    """The four agencies' consultation, past every deadline and closed; a second agency commented too."""
    fixed = FixedClock(monkeypatch, OPENS + timedelta(hours=1))
    scene = four_agencies(factory, clause_comment=COMMENT)
    factory.reply(scene.consultation, scene.silent, comments=[(None, GENERAL)])
    fixed.at(EXTENDED + timedelta(days=1))
    lead = factory.drafter(scene.unit)
    lead.can_publish = True
    db.session.commit()
    login(scene.team)
    assert client.post(f"/consultations/{scene.consultation.id}/close", data={"confirmed": "1"}).status_code == 302
    assert client.get(f"/consultations/{scene.consultation.id}/dispositions").status_code == 200  # groups them
    return scene, lead


def _group(db, text: str) -> Disposition:
    comment = db.session.scalar(sa.select(Comment).where(Comment.text == text))
    db.session.refresh(comment)
    return db.session.get(Disposition, comment.disposition_id)


def _decide(client, consultation, disposition, decision: str, explanation: str):
    prefix = f"d{disposition.id}"
    data = {
        f"{prefix}-decision": decision,
        f"{prefix}-explanation": explanation,
        f"{prefix}-version": disposition.version,
    }
    return client.post(f"/consultations/{consultation.id}/dispositions/{disposition.id}", data=data)


def _publish(client, consultation):
    return client.post(f"/consultations/{consultation.id}/publish", data={})


def _text(response) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _agency_outcome(app, login, factory, agency, consultation):
    member = login(factory.member(agency), the_client=app.test_client())
    return member.get(f"/agency/revisions/{consultation.id}"), member


def test_publish_is_refused_while_a_comment_is_undecided(app, client, login, factory, db, closed):
    scene, lead = closed
    consultation = scene.consultation
    clause_group, general_group = _group(db, COMMENT), _group(db, GENERAL)
    assert _decide(client, consultation, clause_group, "accepted", "Đã bổ sung khoản 2 Điều 1.").status_code == 302

    # Undecided: the page says which group and why; the head's POST is refused, nothing is published.
    team, client = client, login(lead, the_client=app.test_client())
    page = client.get(f"/consultations/{consultation.id}/publish")
    text = _text(page)
    assert "Chưa thể công bố: 1 nhóm ý kiến cần hoàn thiện" in text
    assert "Ý kiến chung Bộ Công an Chưa xử lý" in text
    assert "Phê duyệt và công bố" not in text
    refused = _publish(client, consultation)
    assert refused.status_code == 409 and "Còn 1 nhóm ý kiến chưa xử lý" in _text(refused).split("Mã đợt")[0]
    assert db.session.scalar(sa.select(sa.func.count(Publication.id))) == 0

    # An empty "Giải trình" is refused when saved; an unexplained "Tiếp thu một phần" is refused at publishing.
    response = _decide(client, consultation, general_group, "explained", "   ")
    assert response.status_code == 400 and "“Giải trình” cần có nội dung" in _text(response)
    db.session.refresh(general_group)
    assert general_group.decision is None
    assert _decide(client, consultation, general_group, "partly_accepted", "").status_code == 302
    assert "“Tiếp thu một phần” chưa có nội dung giải trình" in _text(
        client.get(f"/consultations/{consultation.id}/publish")
    )
    assert _publish(client, consultation).status_code == 409

    # Before publishing, agencies see nothing of the team's decisions.
    response, _ = _agency_outcome(app, login, factory, scene.replied, consultation)
    assert response.status_code == 409 and "chưa được công bố" in _text(response)
    assert "Đã bổ sung khoản 2 Điều 1" not in response.get_data(as_text=True)

    db.session.refresh(general_group)
    assert _decide(client, consultation, general_group, "partly_accepted", "Đã rà soát Chương I.").status_code == 302
    # A member of the team who is not the head cannot publish.
    assert "Chỉ lãnh đạo đơn vị soạn thảo" in _text(team.get(f"/consultations/{consultation.id}/publish"))
    assert _publish(team, consultation).status_code == 409
    response = _publish(client, consultation)
    assert response.status_code == 302, _text(response)
    [published] = db.session.scalars(sa.select(Publication)).all()
    assert published.revision == 1 and len(published.answers) == 2
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "synthesis.publish"))

    # Each agency sees how its own comments were handled, and only its own.
    response, _ = _agency_outcome(app, login, factory, scene.replied, consultation)
    text = _text(response)
    assert response.status_code == 200 and "Tiếp thu Đã bổ sung khoản 2 Điều 1." in text
    assert GENERAL not in text and "Công bố lần 1" in text
    response, _ = _agency_outcome(app, login, factory, scene.silent, consultation)
    assert "Tiếp thu một phần Đã rà soát Chương I." in _text(response)


def test_a_published_version_is_frozen_and_a_change_is_a_new_revision(app, client, login, factory, db, closed):
    scene, lead = closed
    consultation = scene.consultation
    client = login(lead, the_client=app.test_client())
    for text, explanation in ((COMMENT, "Đã bổ sung."), (GENERAL, "Đã rà soát.")):
        assert _decide(client, consultation, _group(db, text), "accepted", explanation).status_code == 302
    assert _publish(client, consultation).status_code == 302
    assert _publish(client, consultation).status_code == 409  # nothing changed: nothing to publish again

    group = _group(db, COMMENT)
    assert _decide(client, consultation, group, "explained", "Giữ nguyên vì đã có quy định.").status_code == 302
    response, member = _agency_outcome(app, login, factory, scene.replied, consultation)
    assert "Tiếp thu Đã bổ sung." in _text(response)  # still the published answer
    assert "Giữ nguyên" not in _text(response)
    page = _text(client.get(f"/consultations/{consultation.id}/publish"))
    assert "Kết quả xử lý đã thay đổi sau lần công bố thứ 1" in page and "công bố lại (lần 2)" in page

    assert _publish(client, consultation).status_code == 302
    revisions = db.session.scalars(sa.select(Publication).order_by(Publication.revision)).all()
    assert [p.revision for p in revisions] == [1, 2]
    comment_id = str(db.session.scalar(sa.select(Comment.id).where(Comment.text == COMMENT)))
    assert revisions[0].answers[comment_id] == [Decision.ACCEPTED.value, "Đã bổ sung."]
    assert revisions[1].answers[comment_id] == [Decision.EXPLAINED.value, "Giữ nguyên vì đã có quy định."]
    text = _text(member.get(f"/agency/revisions/{consultation.id}"))
    assert "Giải trình Giữ nguyên vì đã có quy định." in text and "Công bố lần 2" in text


def test_exports_with_undecided_comments_warn(client, runner, tmp_path, db, closed):
    scene, _ = closed
    consultation = scene.consultation
    page = _text(client.get(f"/consultations/{consultation.id}/synthesis"))
    assert "Còn 2 mục có ý kiến chưa xử lý. Tệp tải về sẽ ghi “Chưa xử lý”" in page
    output = tmp_path / "tong-hop.docx"
    result = runner.invoke(
        args=["synthesis", "export", str(consultation.id), "--format", "docx", "--output", str(output)]
    )
    assert result.exit_code == 0 and "Cảnh báo: còn 2 mục có ý kiến chưa xử lý" in result.output
