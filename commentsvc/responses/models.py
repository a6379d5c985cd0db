from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db, enum_column
from commentsvc.core.model_mixins import LetterColumns


class ReplyStatus(enum.StrEnum):
    DRAFTING = "drafting"  # the agency's own until it submits: the drafting team never sees it
    SUBMITTED = "submitted"


class ReplyPosition(enum.StrEnum):
    AGREE_ENTIRELY = "agree_entirely"  # nhất trí hoàn toàn
    AGREE_WITH_COMMENTS = "agree_with_comments"  # nhất trí, có ý kiến góp ý
    DISAGREE = "disagree"  # không nhất trí

    @property
    def label(self) -> str:
        return {
            ReplyPosition.AGREE_ENTIRELY: "Nhất trí hoàn toàn với dự thảo",
            ReplyPosition.AGREE_WITH_COMMENTS: "Nhất trí, có ý kiến góp ý",
            ReplyPosition.DISAGREE: "Không nhất trí",
        }[self]


class Reply(LetterColumns, db.Model):
    """One agency's reply to one consultation (one per recipient); its letter's columns are LetterColumns'."""

    __tablename__ = "replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recipients.id", ondelete="CASCADE"), unique=True, index=True
    )
    status: Mapped[ReplyStatus] = mapped_column(enum_column(ReplyStatus), default=ReplyStatus.DRAFTING)
    position: Mapped[ReplyPosition | None] = mapped_column(enum_column(ReplyPosition))
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # why the agency disagrees
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # paper replies: when the letter arrived
    is_used: Mapped[bool] = mapped_column(default=True)  # the team decides whether a late reply is used
    entered_by_team: Mapped[bool] = mapped_column(default=False)
    # "Trình lãnh đạo": a member without the right to send marks the draft reply ready for the one who signs.
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ready_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    recipient = relationship("Recipient", back_populates="reply")
    ready_by = relationship("User", foreign_keys=[ready_by_id])
    submitted_by = relationship("User", foreign_keys="Reply.submitted_by_id")
    comments: Mapped[list[Comment]] = relationship(
        back_populates="reply", cascade="all, delete-orphan", order_by="Comment.id"
    )

    @property
    def is_submitted(self) -> bool:
        return self.status is ReplyStatus.SUBMITTED


class Comment(db.Model):
    """A comment on one clause, or on the draft as a whole when ``clause_id`` is None."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(sa.ForeignKey("replies.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clauses.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    proposed_wording: Mapped[str] = mapped_column(sa.Text, default="")
    disposition_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dispositions.id", ondelete="SET NULL"), index=True
    )
    # Optimistic locking: a save carrying an older version is refused ("changed by someone else").
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    reply: Mapped[Reply] = relationship(back_populates="comments")
    clause = relationship("Clause")
    disposition = relationship("Disposition", back_populates="comments")
    updated_by = relationship("User", foreign_keys=[updated_by_id])


def new_reading_token() -> str:
    return secrets.token_urlsafe(24)


class ReplyReading(db.Model):
    """When one member who may send last read the reply's summary: each leader sees what changed since their own
    last reading ("trình lãnh đạo"), whatever another leader has read since."""

    __tablename__ = "reply_readings"
    __table_args__ = (sa.UniqueConstraint("reply_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reply_id: Mapped[int] = mapped_column(sa.ForeignKey("replies.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LetterReading(db.Model):
    """An uploaded reply letter read into comments, waiting for its review (by the team or by the agency itself).

    The review page's address carries ``token``; once the reply is recorded the file moves to the reply and
    ``used_at`` is set, so an old tab says so instead of recording the letter twice.
    """

    __tablename__ = "letter_readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_reading_token)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("recipients.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    by_agency: Mapped[bool] = mapped_column(default=False)  # the agency's own upload, not the team's
    filename: Mapped[str] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(120))
    data: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    reading_json: Mapped[str] = mapped_column(sa.Text)  # letter_reader.LetterReading.to_record()
    signature_json: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient = relationship("Recipient")
