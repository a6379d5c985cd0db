"""Home pages: the team's list of what needs action, the agency's consultations waiting for it."""

from __future__ import annotations

import re
from datetime import timedelta

from commentsvc.consultations.models import ConsultationStatus, Recipient
from commentsvc.core.clock import now_utc
from commentsvc.synthesis.models import Disposition


def _section(html: str, title: str) -> str:
    return html.split(title, 1)[1].split("</section>", 1)[0]


def test_team_home_lists_what_needs_action(client, factory, login, db):
    unit = factory.unit()
    drafter = factory.drafter(unit)
    now = now_utc()
    agencies = [factory.agency() for _ in range(4)]
    running = factory.consultation(unit=unit, agencies=agencies, deadline_at=now + timedelta(days=3, hours=1))
    factory.reply(running, agencies[0], comments=[(None, "Một ý kiến.")])
    ended = factory.consultation(
        unit=unit, agencies=agencies, opens_at=now - timedelta(days=20), deadline_at=now - timedelta(days=1)
    )
    ended.title = "Đợt đã hết hạn"
    late = db.session.query(Recipient).filter_by(consultation_id=ended.id, agency_id=agencies[1].id).one()
    late.extended_until = now + timedelta(days=2)
    reply = factory.reply(ended, agencies[0], comments=[(None, "Ý kiến A."), (None, "Ý kiến B.")])
    decided = Disposition(consultation_id=ended.id, decision=None)
    db.session.add(decided)
    db.session.flush()
    reply.comments[0].disposition_id = decided.id
    unsent = factory.consultation(unit=unit, agencies=agencies[:1], status=ConsultationStatus.DRAFT)
    unsent.title = "Đợt chưa gửi"
    other_unit = factory.consultation(agencies=agencies[:1])
    other_unit.title = "Đợt của đơn vị khác"
    db.session.commit()

    login(drafter)
    html = client.get("/").get_data(as_text=True)
    opened = _section(html, "Đang lấy ý kiến")
    assert running.title in opened and "còn 3 ngày" in opened
    assert f'/consultations/{running.id}/tracking">1 / 4 cơ quan' in opened
    to_decide = _section(html, "Đã hết hạn, cần xử lý")
    assert "Đợt đã hết hạn" in to_decide
    assert "2 cơ quan</a>" in to_decide  # two silent past their deadline; the third has an extension running
    assert "1 đang gia hạn" in to_decide
    assert "2 / 2 ý kiến" in to_decide and "1 nhóm ý kiến chưa xử lý" in to_decide
    assert f"/consultations/{ended.id}/dispositions" in to_decide
    assert "Đợt chưa gửi" in _section(html, "Chưa gửi đi")
    assert "Đợt của đơn vị khác" not in html


def test_agency_home_lists_what_waits_for_it(client, factory, login, db):
    agency = factory.agency()
    waiting = factory.consultation(agencies=[agency])
    done = factory.consultation(agencies=[agency])
    done.title = "Đã trả lời"
    db.session.commit()
    factory.reply(done, agency)
    login(factory.member(agency))
    html = client.get("/").get_data(as_text=True)
    section = _section(html, "Đang chờ cơ quan góp ý")
    assert waiting.title in section and "Đã trả lời" not in section
    assert re.search(r"Tất cả văn bản xin ý kiến \(2\)", html)


def test_consultation_page_counts_comments_per_article_group_and_agency(client, factory, login, db):
    from tests.web.synthesis_helpers import build_scene

    scene = build_scene(factory)
    login(scene.drafter)
    html = client.get(f"/consultations/{scene.consultation.id}").get_data(as_text=True)
    section = html.split('id="counts-heading"', 1)[1].split("</section>", 1)[0]
    # Submitted: BTP 2 (one general), BCA 1, Hà Nội 2, An Giang 1 (late); Đà Nẵng's draft is not counted.
    assert 'Ý kiến đã nhận <span class="count">(6)</span>' in section
    assert "Điều 1. Phạm vi điều chỉnh</th><td" in section  # khoản 1 (BTP, BCA) and khoản 2 (Hà Nội, An Giang)
    assert 'value="4" aria-hidden="true"></meter> 4' in section
    assert '<th scope="row">Tỉnh, thành phố trực thuộc trung ương</th><td>3</td>' in section
    assert '<th scope="row">Bộ Tư pháp</th><td>2</td>' in section


def test_version_outline_counts_comments_per_article_with_links_to_them(client, factory, login, db, app):
    from tests.web.synthesis_helpers import build_scene

    scene = build_scene(factory)
    login(scene.drafter)
    version = scene.version
    app.config["DRAFT_PREVIEW_PAGE_SIZE"] = 2  # Điều 2 on the second page of the outline
    html = client.get(f"/drafts/{version.draft_id}/versions/{version.number}").get_data(as_text=True)
    section = html.split('id="comments-heading"', 1)[1].split("</section>", 1)[0]
    assert f'“{scene.consultation.title}” <span class="count">(6)</span>' in section
    first, second = scene.clause("Điều 1"), scene.clause("Điều 2")
    path = f"/drafts/{version.draft_id}/versions/{version.number}"
    assert f'<a href="{path}#u-{first.position}">Điều 1. Phạm vi điều chỉnh</a></th>' in section
    assert 'value="4" aria-hidden="true"></meter> 4' in section
    assert second.position >= 2
    assert f'<a href="{path}?page=2#u-{second.position}">Điều 2. Giải thích từ ngữ</a></th>' in section


def test_version_outline_of_a_draft_consultation_has_no_comment_counts(client, factory, login, db):
    from commentsvc.consultations.models import ConsultationStatus

    consultation = factory.consultation(status=ConsultationStatus.DRAFT)
    login(factory.drafter(consultation.drafting_unit))
    version = consultation.draft_version
    html = client.get(f"/drafts/{version.draft_id}/versions/{version.number}").get_data(as_text=True)
    assert 'id="comments-heading"' not in html
