"""Demo step: an open consultation, so that an agency login has something to do the moment it signs in.

Beside the closed one (synthesis/demo.py): opened five days ago, due in ten; Bộ Tư pháp and UBND thành phố Hà Nội
have comments in progress (not sent: the team does not see them), Hà Nội has an extension of five more days, Bộ Tài
chính has not opened it yet (a silent agency for the tracking page), and the others on the list have not replied.
Built on the sample circular (any other sample draft otherwise). Idempotent: found by its title and left as it is.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from commentsvc.accounts.models import User
from commentsvc.agencies.models import Agency
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.drafts.models import Clause, Draft, DraftKind, DraftVersion
from commentsvc.responses.models import Comment, Reply, ReplyStatus

OPEN_TITLE = "Lấy ý kiến dự thảo (dữ liệu mẫu, đang lấy ý kiến)"
RECIPIENTS = ("BTP", "BTC", "UBND-HNI", "BYT", "BCA", "UBND-DNG")
EXTENDED = "UBND-HNI"
# agency code -> the demo account writing, and its comments in progress as (index of a clause or None, text)
IN_PROGRESS = {
    "BTP": (
        "btp.canbo",
        [
            (0, "Đề nghị rà soát phạm vi điều chỉnh cho thống nhất với Nghị định về dữ liệu mở đang lấy ý kiến."),
            (2, "Đề nghị làm rõ thời hạn cơ quan phải cập nhật dữ liệu sau khi có thay đổi."),
            (
                None,
                "Đề nghị bổ sung điều khoản chuyển tiếp đối với dữ liệu đã công bố trước ngày Thông tư có hiệu lực.",
            ),
        ],
    ),
    "UBND-HNI": (
        "hanoi.lanhdao",
        [(1, "Đề nghị giao Sở Khoa học và Công nghệ làm đầu mối hướng dẫn các sở, ngành thực hiện ở địa phương.")],
    ),
}


def load_open_consultation(unit) -> None:
    """Create the open demo consultation on a sample draft of ``unit`` (idempotent)."""
    version = _version(unit)
    if version is None or existing(unit, OPEN_TITLE) is not None:
        return
    now = now_utc()
    agencies = db.session.scalars(sa.select(Agency).where(Agency.code.in_(RECIPIENTS), Agency.is_active.is_(True)))
    consultation = new_consultation(
        unit,
        version,
        title=OPEN_TITLE,
        number=1502,
        opens_at=now - timedelta(days=5),
        deadline_at=now + timedelta(days=10),
        agencies=agencies,
    )
    clauses = [clause for clause in version.clauses if clause.kind in ("article", "clause", "point")]
    for recipient in consultation.recipients:
        code = recipient.agency.code
        if code == EXTENDED:
            recipient.extended_until = consultation.deadline_at + timedelta(days=5)
        if code in IN_PROGRESS:
            recipient.first_opened_at = consultation.opens_at + timedelta(days=1)
            _comments(recipient, *IN_PROGRESS[code], clauses, now)
    db.session.flush()


def _version(unit) -> DraftVersion | None:
    chosen = sample_draft(unit, DraftKind.CIRCULAR) or sample_draft(unit, None)
    return chosen.latest_version if chosen else None


def sample_draft(unit, kind: DraftKind | None) -> Draft | None:
    """The unit's first sample draft with a version, of ``kind`` (None: any), falling back to its first one."""
    drafts = db.session.scalars(sa.select(Draft).where(Draft.drafting_unit_id == unit.id).order_by(Draft.id)).all()
    drafts = [draft for draft in drafts if draft.versions]
    return next((draft for draft in drafts if kind is None or draft.kind is kind), None)


def existing(unit, title: str) -> Consultation | None:
    return db.session.scalar(
        sa.select(Consultation).where(Consultation.drafting_unit_id == unit.id, Consultation.title == title)
    )


def new_consultation(unit, version: DraftVersion, *, title: str, number: int, opens_at, deadline_at, agencies):
    """A demo consultation of ``unit`` on ``version``, sent to ``agencies`` (open; the caller may close it)."""
    consultation = Consultation(
        draft_version_id=version.id,
        drafting_unit_id=unit.id,
        title=title,
        letter_number=f"{number}/{unit.parent_code}-{unit.code}",
        letter_date=opens_at.date(),
        letter_signer=unit.signer_name,
        contact_name="Trần Thị Bình",
        contact_phone="024 3943 7070",
        contact_email="soanthao@example.com",
        opens_at=opens_at,
        deadline_at=deadline_at,
        silence_is_agreement=True,
        accepts_late=True,
        status=ConsultationStatus.OPEN,
    )
    db.session.add(consultation)
    consultation.recipients = [Recipient(agency_id=agency.id) for agency in agencies]
    db.session.flush()
    return consultation


def _comments(recipient: Recipient, username: str, comments, clauses: list[Clause], now) -> None:
    author = db.session.scalar(sa.select(User).where(User.username == username))
    reply = Reply(recipient=recipient, status=ReplyStatus.DRAFTING)
    for index, text in comments:
        clause = clauses[index % len(clauses)] if index is not None and clauses else None
        reply.comments.append(
            Comment(
                clause_id=clause.id if clause else None,
                text=text,
                created_by_id=getattr(author, "id", None),
                updated_by_id=getattr(author, "id", None),
                created_at=now - timedelta(days=1),
                updated_at=now - timedelta(days=1),
            )
        )
    db.session.add(reply)
