"""The drafting team at scale, in a browser at a laptop's and a phone's width: searches without diacritics, picks
recipients by group and reuses the saved list, decides twenty groups in one go."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient, RecipientList
from commentsvc.core.clock import now_utc
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.synthesis.models import Decision, Disposition
from tests.browser.pages import DraftingTeam
from tests.web.recipients_helpers import recipient_codes
from tests.web.synthesis_helpers import all_dispositions, build_scene

pytestmark = pytest.mark.browser

WIDTHS = [1366, 390]


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _team(new_page, live_server, drafter, width: int) -> DraftingTeam:
    team = DraftingTeam(new_page(width=width), live_server)
    team.logs_in(drafter.username)
    return team


@pytest.mark.parametrize("width", WIDTHS)
def test_search_finds_text_without_diacritics(new_page, live_server, factory, db, width):
    scene = build_scene(factory)
    k11, d2 = scene.clause("khoản 1 Điều 1"), scene.clause("Điều 2")
    factory.reply(
        scene.consultation,
        scene.agencies["VPCP"],
        comments=[(k11.id, "Đề nghị tiếp thu ý kiến của Bộ Tư pháp."), (d2.id, "Chưa tiếp thu đủ ý kiến địa phương.")],
    )
    db.session.add(
        Disposition(
            consultation_id=scene.consultation.id,
            clause_id=scene.clause("khoản 2 Điều 1").id,
            decision=Decision.ACCEPTED,
            explanation="Cơ quan soạn thảo tiếp thu, bổ sung khoản 3 về bí mật kinh doanh.",
            decided_at=now_utc(),
        )
    )
    db.session.commit()
    team = _team(new_page, live_server, scene.drafter, width)
    page = team.page
    team.go(f"/consultations/{scene.consultation.id}/synthesis")
    page.get_by_role("navigation", name="Tổng hợp ý kiến").get_by_role("link", name="Tìm kiếm").click()
    page.get_by_label("Từ cần tìm (có dấu hoặc không dấu)").fill("tiep thu")
    team.presses("Tìm")

    hits = page.locator("li.search-hit")
    comments = page.locator("li.search-hit.kind-comment")
    found = {text.strip() for text in comments.locator(".hit-text").all_inner_texts()}
    stored = db.session.scalars(
        sa.select(Comment.text)
        .join(Reply)
        .join(Recipient)
        .where(Recipient.consultation_id == scene.consultation.id, Reply.status == ReplyStatus.SUBMITTED)
        .where(Comment.text.contains("tiếp thu"))
    ).all()
    assert found == set(stored) == {"Đề nghị tiếp thu ý kiến của Bộ Tư pháp.", "Chưa tiếp thu đủ ý kiến địa phương."}
    assert {text.split(" — ")[0] for text in comments.locator(".hit-title a").all_inner_texts()} == {
        "Văn phòng Chính phủ"
    }
    assert set(page.locator("li.search-hit mark").all_inner_texts()) == {"tiếp", "thu"}
    assert "Giải trình" in hits.filter(has_text="bí mật kinh doanh").inner_text()
    assert team.page.get_by_role("status").first.inner_text().startswith("3 kết quả")
    _fits(page, width)

    # A comment's hit leads to that comment in the reply that holds it, in view however long the reply.
    first_hit = comments.first.locator(".hit-text").inner_text().strip()
    comments.first.locator(".hit-title a").click()
    page.wait_for_load_state()
    target = page.locator(":target")
    assert first_hit in target.inner_text()
    assert 0 <= target.bounding_box()["y"] < page.viewport_size["height"]
    _fits(page, width)
    assert team.problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_saved_recipient_list_is_reused(new_page, live_server, factory, db, width):
    unit = factory.unit()
    drafter = factory.drafter(unit)
    provinces = [factory.agency(f"T{n}", f"Ủy ban nhân dân tỉnh Thử {n}", AgencyGroup.PROVINCE) for n in range(3)]
    factory.agency("BTP", "Bộ Tư pháp")
    factory.agency("BCA", "Bộ Công an")
    first = factory.consultation(unit=unit, agencies=[], status=ConsultationStatus.DRAFT)
    version = factory.draft_version(unit, title="Dự thảo Thông tư về kết nối dữ liệu")
    team = _team(new_page, live_server, drafter, width)
    page = team.page

    # Picks the provinces by their group, whole.
    team.go(f"/consultations/{first.id}")
    provinces_group = page.locator("fieldset.picker-group").filter(has_text="Thử 0")
    provinces_group.get_by_label("Chọn cả nhóm").check()
    assert all(box.is_checked() for box in provinces_group.locator("input[name=agency_ids]").all())
    _fits(page, width)
    team.presses("Thêm các cơ quan đã chọn")
    assert recipient_codes(db, first.id) == {province.code for province in provinces}

    # Saves them as a list.
    page.get_by_label("Tên danh sách").fill(" 34  tỉnh ")
    team.presses("Lưu danh sách")
    assert "Đã lưu danh sách “34 tỉnh” (3 cơ quan)" in " ".join(team.flashes())
    saved = db.session.scalar(sa.select(RecipientList))
    assert saved.name == "34 tỉnh" and saved.drafting_unit_id == unit.id
    _fits(page, width)

    # Starts another consultation from the saved list.
    team.menu("Đợt lấy ý kiến")
    team.follows("Tạo đợt lấy ý kiến")
    page.get_by_label("Phiên bản dự thảo").select_option(label="Dự thảo Thông tư về kết nối dữ liệu — phiên bản 1")
    page.get_by_label("Tên đợt lấy ý kiến").fill("Lấy ý kiến Thông tư về kết nối dữ liệu")
    page.get_by_label("Nhận ý kiến trước ngày", exact=True).fill((now_utc() + timedelta(days=30)).date().isoformat())
    page.get_by_label("Hoặc gửi theo danh sách đã lưu").select_option(label="34 tỉnh (3 cơ quan)")
    _fits(page, width)
    team.presses("Lưu bản nháp")
    second = db.session.scalar(sa.select(Consultation).where(Consultation.draft_version_id == version.id))
    assert second is not None, team.text()
    assert recipient_codes(db, second.id) == {province.code for province in provinces}
    assert sorted(sum(team.recipient_groups().values(), [])) == [province.name for province in provinces]
    _fits(page, width)
    assert team.problems == []


GROUPS = 22
CHOSEN = 20


@pytest.fixture
def many_groups(factory):
    """A closed consultation with 22 groups: one comment each, on 22 articles, by two agencies."""
    unit = factory.unit()
    clauses = [
        ("article", str(n), f"Điều {n}", f"Điều {n}. Quy định số {n} về dữ liệu mở") for n in range(1, GROUPS + 1)
    ]
    version = factory.draft_version(unit, clauses=clauses)
    agencies = [factory.agency("BTP", "Bộ Tư pháp"), factory.agency("BCA", "Bộ Công an")]
    now = now_utc()
    consultation = factory.consultation(
        version=version,
        unit=unit,
        agencies=agencies,
        opens_at=now - timedelta(days=20),
        deadline_at=now - timedelta(days=2),
        status=ConsultationStatus.CLOSED,
    )
    ids = [clause.id for clause in sorted(version.clauses, key=lambda c: c.position)]
    for index, agency in enumerate(agencies):
        factory.reply(
            consultation,
            agency,
            comments=[(ids[n], f"Ý kiến số {n + 1} về Điều {n + 1}.") for n in range(index, GROUPS, 2)],
        )
    return consultation, factory.drafter(unit)


@pytest.mark.parametrize("width", WIDTHS)
def test_bulk_decision_applies_to_selected_groups(new_page, live_server, many_groups, db, width):
    consultation, drafter = many_groups
    team = _team(new_page, live_server, drafter, width)
    page = team.page
    team.go(f"/consultations/{consultation.id}/dispositions")
    assert page.locator("article.disposition").count() == GROUPS
    _fits(page, width)

    chosen = [f"Ý kiến số {n} về Điều {n}." for n in range(1, CHOSEN + 1)]
    for text in chosen:
        team.comment_group(text).get_by_label("Chọn nhóm này để xử lý hàng loạt").check()
    bulk = page.locator("form#bulk")
    bulk.get_by_label("Giải trình", exact=True).check()
    bulk.get_by_label("Nội dung tiếp thu, giải trình chung").fill("Giữ như dự thảo vì đã được quy định tại luật.")
    _fits(page, width)
    bulk.get_by_role("button", name="Áp dụng kết quả cho các nhóm đã chọn").click()
    page.get_by_text(f"Đã lưu kết quả xử lý cho {CHOSEN} nhóm ý kiến.").first.wait_for()
    page.wait_for_load_state()
    assert f"{CHOSEN} / {GROUPS} nhóm ý kiến đã xử lý" in team.text()

    db.session.expire_all()
    decided = {d.id: d for d in all_dispositions(db, consultation) if d.decision is not None}
    assert len(decided) == CHOSEN
    assert {d.decision for d in decided.values()} == {Decision.EXPLAINED}
    assert {d.explanation for d in decided.values()} == {"Giữ như dự thảo vì đã được quy định tại luật."}
    texts = db.session.scalars(sa.select(Comment.text).where(Comment.disposition_id.in_(decided))).all()
    assert sorted(texts) == sorted(chosen)
    _fits(page, width)
    assert team.problems == []
