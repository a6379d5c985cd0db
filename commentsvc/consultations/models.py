from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db, enum_column
from commentsvc.core.model_mixins import MailColumns, MailStatus  # noqa: F401 - MailStatus re-exported


class ConsultationStatus(enum.StrEnum):
    """What the team decided. Whether it is open *now* also depends on the clock: see rules.py."""

    DRAFT = "draft"  # saved, not sent
    OPEN = "open"  # sent; open between opens_at and the deadline
    CLOSED = "closed"  # closed early by the team, or recorded as closed after the deadline


class SilenceOutcome(enum.StrEnum):
    """What a recipient without a reply became when the consultation closed."""

    IMPLICIT_AGREEMENT = "implicit_agreement"  # "xin hiểu là Quý Cơ quan đã nhất trí với Dự thảo"
    NO_REPLY = "no_reply"
    CUT_SHORT = "cut_short"  # "chưa hết hạn khi kết thúc": closed early while its own deadline was ahead


class Consultation(db.Model):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_version_id: Mapped[int] = mapped_column(sa.ForeignKey("draft_versions.id"), index=True)
    drafting_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_units.id"), index=True)
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("consultations.id"))  # round 1 of a round 2
    title: Mapped[str] = mapped_column(sa.String(500))
    round_number: Mapped[int] = mapped_column(default=1)
    letter_number: Mapped[str] = mapped_column(sa.String(64), default="")  # e.g. "3256/BTTTT-THH"
    letter_date: Mapped[date | None]
    letter_signer: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(32), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(255), default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    silence_is_agreement: Mapped[bool] = mapped_column(default=True)
    accepts_late: Mapped[bool] = mapped_column(default=True)
    reminder_days: Mapped[str] = mapped_column(sa.String(32), default="3,1")  # days before the deadline
    status: Mapped[ConsultationStatus] = mapped_column(
        enum_column(ConsultationStatus), default=ConsultationStatus.DRAFT
    )
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    group_threshold: Mapped[int] = mapped_column(default=90)  # fuzzy grouping of similar comments, 0–100
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    draft_version = relationship("DraftVersion", lazy="joined")
    drafting_unit = relationship("DraftingUnit")
    previous: Mapped[Consultation | None] = relationship(remote_side=[id])
    recipients: Mapped[list[Recipient]] = relationship(back_populates="consultation", cascade="all, delete-orphan")
    documents: Mapped[list[ConsultationDocument]] = relationship(
        cascade="all, delete-orphan", order_by="ConsultationDocument.id"
    )


class Recipient(db.Model):
    """An agency a consultation was sent to, with its own extension and its outcome at closing."""

    __tablename__ = "recipients"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    extended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    silence_outcome: Mapped[SilenceOutcome | None] = mapped_column(enum_column(SilenceOutcome))
    silence_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    consultation: Mapped[Consultation] = relationship(back_populates="recipients")
    agency = relationship("Agency", lazy="joined")
    reply = relationship("Reply", back_populates="recipient", uselist=False)


# The letter asking for comments (thư đề nghị góp ý), once per recipient when the consultation is sent (or the agency
# added later). It travels as a Reminder row so it is queued, sent and retried like one; it is not a reminder, so the
# tracking page's "Đôn đốc gần nhất" leaves it out.
OPENING_STEP = "opening"


class Reminder(MailColumns, db.Model):
    """A reminder (đôn đốc) to one recipient: by hand, or one step of the schedule (never sent twice)."""

    __tablename__ = "reminders"
    __table_args__ = (sa.UniqueConstraint("recipient_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("recipients.id", ondelete="CASCADE"), index=True)

    recipient: Mapped[Recipient] = relationship()


class DocumentKind(enum.StrEnum):
    SUBMISSION = "submission"  # tờ trình
    IMPACT_REPORT = "impact_report"  # báo cáo đánh giá tác động
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            DocumentKind.SUBMISSION: "Tờ trình",
            DocumentKind.IMPACT_REPORT: "Báo cáo đánh giá tác động",
            DocumentKind.OTHER: "Tài liệu khác",
        }[self]


class ConsultationDocument(db.Model):
    """A document sent with the draft (tờ trình, báo cáo đánh giá tác động…): agencies download it beside the draft."""

    __tablename__ = "consultation_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind))
    title: Mapped[str] = mapped_column(sa.String(255))
    filename: Mapped[str] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(120))
    size: Mapped[int]
    data: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)


class RecipientList(db.Model):
    """A named list of agencies a drafting unit sends to again and again ("34 tỉnh", "Các bộ trừ Bộ KH&CN")."""

    __tablename__ = "recipient_lists"
    __table_args__ = (sa.UniqueConstraint("drafting_unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    drafting_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_units.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    members: Mapped[list[RecipientListMember]] = relationship(cascade="all, delete-orphan")


class RecipientListMember(db.Model):
    __tablename__ = "recipient_list_members"
    __table_args__ = (sa.UniqueConstraint("list_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("recipient_lists.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"))

    agency = relationship("Agency", lazy="joined")
