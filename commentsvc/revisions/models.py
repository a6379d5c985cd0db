from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db


class ClauseLink(db.Model):
    """How a clause of an old version maps to the revised one (same, renumbered, changed, split, merged, …)."""

    __tablename__ = "clause_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    old_version_id: Mapped[int] = mapped_column(sa.ForeignKey("draft_versions.id", ondelete="CASCADE"), index=True)
    new_version_id: Mapped[int] = mapped_column(sa.ForeignKey("draft_versions.id", ondelete="CASCADE"), index=True)
    old_clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clauses.id", ondelete="CASCADE"))
    new_clause_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clauses.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(sa.String(16))
    similarity: Mapped[float] = mapped_column(default=1.0)
    is_manual: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
