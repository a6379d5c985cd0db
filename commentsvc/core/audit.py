"""The audit log: every change to a consultation or a reply leaves one row. Nobody edits it from the UI."""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(64))
    object_id: Mapped[int | None]
    details: Mapped[str] = mapped_column(sa.Text, default="{}")

    user = db.relationship("User", lazy="joined")
    agency = db.relationship("Agency", lazy="joined")

    @property
    def details_dict(self) -> dict:
        return json.loads(self.details or "{}")


def record(action: str, obj, *, user=None, agency=None, **details) -> AuditEntry:
    """Add an audit row for ``action`` on ``obj`` (flushed with the caller's transaction, never committed here)."""
    entry = AuditEntry(
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        user_id=getattr(user, "id", None),
        agency_id=getattr(agency, "id", None),
        details=json.dumps(details, ensure_ascii=False, default=str, sort_keys=True),
    )
    db.session.add(entry)
    return entry
