"""A small closed consultation with replies, shared by the synthesis and dispositions tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations.models import ConsultationStatus
from commentsvc.core.clock import now_utc
from commentsvc.responses.models import Comment
from commentsvc.synthesis.models import Disposition

INJECTION = '<img src="file:///etc/passwd">'
SIMILAR_A = "Đề nghị làm rõ khái niệm dữ liệu mở tại khoản này."
SIMILAR_B = "Đề nghị làm rõ khái niệm “dữ liệu mở” tại khoản này"


@dataclass
class Scene:
    unit: object
    drafter: object
    consultation: object
    version: object
    agencies: dict
    replies: dict

    def clause(self, ref: str):
        return next(clause for clause in self.version.clauses if clause.ref == ref)


def build_scene(factory, *, late_used: bool = True) -> Scene:
    """Five agencies: BTP and BCA comment alike on khoản 1 Điều 1, Hà Nội comments twice, BYT agrees,
    An Giang replied late (one comment), Đà Nẵng only has a draft, VPCP is silent."""
    unit = factory.unit()
    drafter = factory.drafter(unit)
    version = factory.draft_version(unit)
    agencies = {
        "BTP": factory.agency("BTP", "Bộ Tư pháp"),
        "BCA": factory.agency("BCA", "Bộ Công an"),
        "BYT": factory.agency("BYT", "Bộ Y tế"),
        "VPCP": factory.agency("VPCP", "Văn phòng Chính phủ"),
        "HNI": factory.agency(
            "UBND-HNI", "Ủy ban nhân dân thành phố Hà Nội", AgencyGroup.PROVINCE, short_name="UBND TP Hà Nội"
        ),
        "AGG": factory.agency(
            "UBND-AGG", "Ủy ban nhân dân tỉnh An Giang", AgencyGroup.PROVINCE, short_name="UBND tỉnh An Giang"
        ),
        "DNG": factory.agency(
            "UBND-DNG", "Ủy ban nhân dân thành phố Đà Nẵng", AgencyGroup.PROVINCE, short_name="UBND TP Đà Nẵng"
        ),
    }
    now = now_utc()
    consultation = factory.consultation(
        version=version,
        unit=unit,
        agencies=list(agencies.values()),
        opens_at=now - timedelta(days=20),
        deadline_at=now - timedelta(days=2),
        status=ConsultationStatus.CLOSED,
        accepts_late=True,
    )
    scene = Scene(unit, drafter, consultation, version, agencies, {})
    k11, k12, d2 = scene.clause("khoản 1 Điều 1"), scene.clause("khoản 2 Điều 1"), scene.clause("Điều 2")
    scene.replies = {
        "BTP": factory.reply(
            consultation, agencies["BTP"], comments=[(k11.id, SIMILAR_A), (None, "Rà soát tổng thể.")]
        ),
        "BCA": factory.reply(consultation, agencies["BCA"], comments=[(k11.id, SIMILAR_B)]),
        "BYT": factory.reply(consultation, agencies["BYT"]),
        "HNI": factory.reply(
            consultation,
            agencies["HNI"],
            comments=[(k12.id, "Đề nghị bổ sung quy định về bí mật kinh doanh."), (d2.id, INJECTION)],
        ),
        "AGG": factory.reply(
            consultation, agencies["AGG"], comments=[(k12.id, "Ý kiến gửi muộn của An Giang.")], is_late=True
        ),
        "DNG": factory.reply(consultation, agencies["DNG"], comments=[(k11.id, "Bản nháp chưa gửi.")], submitted=False),
    }
    if not late_used:
        scene.replies["AGG"].is_used = False
        factory.db.session.commit()
    return scene


def disposition_of(db, text: str) -> Disposition:
    comment = db.session.scalar(sa.select(Comment).where(Comment.text == text))
    db.session.refresh(comment)
    return db.session.get(Disposition, comment.disposition_id) if comment.disposition_id else None


def all_dispositions(db, consultation) -> list[Disposition]:
    return list(db.session.scalars(sa.select(Disposition).where(Disposition.consultation_id == consultation.id)))


def dispositions_page(client, scene, query: str = "") -> str:
    response = client.get(f"/consultations/{scene.consultation.id}/dispositions{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)
