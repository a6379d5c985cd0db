"""Columns shared by consultations and report requests, declared once (no Flask).

- :class:`MailColumns`: an e-mail to one recipient agency (the request itself, a reminder), queued, sent by the
  queue's worker and retried (jobs/mail.py): ``Reminder`` and ``ReportReminder``.
- :class:`LetterColumns`: the covering letter an agency submits once (number, date, signer, the file, its digital
  signature's verdict, when and by whom, whether late): ``Reply`` and ``ReportSubmission``.

Each model keeps its own table, its own ``recipient_id`` (to its own recipients) and its own relationships.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, enum_column


class MailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class MailColumns:
    """One e-mail to one recipient: unique per (recipient, step) in each table, never sent twice."""

    # "manual-…" for one sent by hand, "before-3d" for a step of the schedule, the opening letter's own step
    step: Mapped[str] = mapped_column(sa.String(64))
    to_address: Mapped[str] = mapped_column(sa.String(255))
    subject: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[MailStatus] = mapped_column(enum_column(MailStatus), default=MailStatus.PENDING)
    # sending attempts made (jobs/mail.py retries a failed one until MAX_ATTEMPTS, then waits for "Gửi lại")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(sa.ForeignKey("users.id"))

    @property
    def is_sent(self) -> bool:
        return self.status is MailStatus.SENT


class LetterColumns:
    """The letter (công văn) an agency submits with its reply or report, and its digital signature's verdict."""

    letter_number: Mapped[str] = mapped_column(sa.String(64), default="")
    letter_date: Mapped[date | None]
    letter_signer: Mapped[str] = mapped_column(sa.String(120), default="")
    attachment_name: Mapped[str] = mapped_column(sa.String(255), default="")
    attachment_type: Mapped[str] = mapped_column(sa.String(120), default="")
    attachment: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_late: Mapped[bool] = mapped_column(default=False)
    # The letter's digital signature as verified when it was attached (responses/signatures.py); "" when not checked.
    signature_status: Mapped[str] = mapped_column(sa.String(16), default="")
    signature_signer: Mapped[str] = mapped_column(sa.String(255), default="")
    signature_organisation: Mapped[str] = mapped_column(sa.String(255), default="")
    signature_signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    @declared_attr
    def submitted_by_id(cls) -> Mapped[int | None]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(sa.ForeignKey("users.id"))

    @property
    def signature_label(self) -> str:
        """The verdict on the letter's digital signature in plain Vietnamese; "" when it was not checked."""
        from commentsvc.responses.signatures import LABELS

        return LABELS.get(self.signature_status, "")
