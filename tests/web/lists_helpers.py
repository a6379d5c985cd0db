"""A drafting unit with enough consultations and drafts of several kinds, states and years to filter and page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from commentsvc.consultations.models import ConsultationStatus
from commentsvc.core.clock import now_utc
from commentsvc.drafts.models import DraftKind

ONE_ARTICLE = [("article", "1", "Điều 1", "Điều 1.")]


def build_lists(factory, db) -> dict:
    """A drafter and a unit with a decree consulted in 2025 (closed), a circular consulted now, a circular never sent,
    and 27 more decrees of 2026 whose consultations are drafts (for paging)."""
    unit = factory.unit()
    decree = factory.draft_version(unit, title="Nghị định về dữ liệu mở")
    circular = factory.draft_version(unit, title="Thông tư hướng dẫn kết nối dữ liệu")
    circular.draft.kind = DraftKind.CIRCULAR
    unsent = factory.draft_version(unit, title="Thông tư về chữ ký số")
    unsent.draft.kind = DraftKind.CIRCULAR
    now = now_utc()
    old = factory.consultation(
        version=decree,
        agencies=[],
        status=ConsultationStatus.CLOSED,
        opens_at=datetime(2025, 3, 1, tzinfo=UTC),
        deadline_at=datetime(2025, 4, 1, tzinfo=UTC),
    )
    old.created_at = decree.draft.created_at = datetime(2025, 2, 20, tzinfo=UTC)
    current = factory.consultation(version=circular, agencies=[factory.agency()], deadline_at=now + timedelta(days=3))
    current.title = "Lấy ý kiến Thông tư hướng dẫn kết nối dữ liệu"
    many = []
    for number in range(27):
        version = factory.draft_version(
            unit, clauses=[("article", "1", "Điều 1", "Điều 1.")], title=f"Quy định {number}"
        )
        consultation = factory.consultation(
            version=version,
            agencies=[],
            status=ConsultationStatus.DRAFT,
            deadline_at=now + timedelta(days=10 + number),
        )
        consultation.title = f"Đợt lấy ý kiến số {number}"
        many.append(consultation)
    db.session.commit()
    foreign = factory.consultation(agencies=[])
    return {"drafter": factory.drafter(unit), "old": old, "current": current, "many": many, "foreign": foreign}
