from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db, enum_column


class Decision(enum.StrEnum):
    ACCEPTED = "accepted"  # tiếp thu
    PARTLY_ACCEPTED = "partly_accepted"  # tiếp thu một phần
    EXPLAINED = "explained"  # giải trình (not accepted, with the reason)
    NOTED = "noted"  # ghi nhận

    @property
    def label(self) -> str:
        return DECISION_LABELS[self]


DECISION_LABELS = {
    Decision.ACCEPTED: "Tiếp thu",
    Decision.PARTLY_ACCEPTED: "Tiếp thu một phần",
    Decision.EXPLAINED: "Giải trình",
    Decision.NOTED: "Ghi nhận",
}


class Disposition(db.Model):
    """The team's answer to a group of identical or similar comments on one clause (often a group of one)."""

    __tablename__ = "dispositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clauses.id"))
    decision: Mapped[Decision | None] = mapped_column(enum_column(Decision))
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    is_manual_group: Mapped[bool] = mapped_column(default=False)  # split or merged by hand: regrouping keeps it
    version: Mapped[int] = mapped_column(default=1)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    # The team's own work on the group: who answers it, and a note among themselves (never exported).
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    comments = relationship("Comment", back_populates="disposition")
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])


# Decisions that must say why: "Giải trình" (not accepted, with the reason) and "Tiếp thu một phần" (which part).
NEEDS_EXPLANATION = (Decision.EXPLAINED, Decision.PARTLY_ACCEPTED)


class Publication(db.Model):
    """One published revision of the synthesis (công bố kết quả tiếp thu, giải trình), frozen once written.

    Until the first one, decisions are the team's own; agencies see the latest revision only. A change after
    publishing is published as a new revision: every revision is kept, none is ever edited.
    ``answers`` is {comment id: [decision value, explanation]} as they were at publication.
    """

    __tablename__ = "publications"
    __table_args__ = (sa.UniqueConstraint("consultation_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(sa.ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    published_by = relationship("User")
