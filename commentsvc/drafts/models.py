from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db, enum_column


class DraftKind(enum.StrEnum):
    STRATEGY = "strategy"
    DECISION = "decision"
    DECREE = "decree"
    CIRCULAR = "circular"
    METHODOLOGY = "methodology"
    SUBMISSION = "submission"
    REPORT = "report"
    OTHER = "other"

    @property
    def label(self) -> str:
        return DRAFT_KIND_LABELS[self]


DRAFT_KIND_LABELS = {
    DraftKind.STRATEGY: "Chiến lược",
    DraftKind.DECISION: "Quyết định",
    DraftKind.DECREE: "Nghị định",
    DraftKind.CIRCULAR: "Thông tư",
    DraftKind.METHODOLOGY: "Phương pháp đánh giá",
    DraftKind.SUBMISSION: "Tờ trình",
    DraftKind.REPORT: "Báo cáo",
    DraftKind.OTHER: "Khác",
}


class Draft(db.Model):
    """A draft document (dự thảo) owned by a drafting unit; its text lives in versions."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(500))
    kind: Mapped[DraftKind] = mapped_column(enum_column(DraftKind))
    drafting_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_units.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    drafting_unit = relationship("DraftingUnit")
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft", order_by="DraftVersion.number", cascade="all, delete-orphan"
    )

    @property
    def latest_version(self) -> DraftVersion | None:
        return self.versions[-1] if self.versions else None


class DraftVersion(db.Model):
    """One accepted text of a draft. Immutable once a consultation uses it."""

    __tablename__ = "draft_versions"
    __table_args__ = (sa.UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(sa.ForeignKey("drafts.id", ondelete="CASCADE"))
    number: Mapped[int]
    filename: Mapped[str] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(120))
    checksum: Mapped[str] = mapped_column(sa.String(64))  # sha256 of the original file
    original_file: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    draft: Mapped[Draft] = relationship(back_populates="versions")
    clauses: Mapped[list[Clause]] = relationship(
        back_populates="version", order_by="Clause.position", cascade="all, delete-orphan"
    )


class Clause(db.Model):
    """A unit of a draft version that can be commented on (Điều, khoản, điểm, heading, table row…)."""

    __tablename__ = "clauses"
    __table_args__ = (sa.UniqueConstraint("version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("draft_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(16))
    label: Mapped[str] = mapped_column(sa.String(64), default="")
    ref: Mapped[str] = mapped_column(sa.String(255), default="")  # citation, innermost first: "điểm a khoản 2 Điều 5"
    depth: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("clauses.id"))

    version: Mapped[DraftVersion] = relationship(back_populates="clauses")


class ImportStatus(enum.StrEnum):
    PENDING = "pending"
    SAVED = "saved"
    DISCARDED = "discarded"


def new_import_token() -> str:
    return secrets.token_urlsafe(24)


class DraftImport(db.Model):
    """An uploaded file waiting in the preview: its uploader checks and corrects the split, then accepts it.

    The preview's address carries ``token``, unguessable and never reused; a saved or discarded import keeps its row
    (without the file) so an old tab or bookmark says what became of it instead of opening another upload.
    """

    __tablename__ = "draft_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_import_token)
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus), default=ImportStatus.PENDING)
    version_id: Mapped[int | None] = mapped_column(sa.ForeignKey("draft_versions.id", ondelete="SET NULL"))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    drafting_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_units.id"))
    draft_id: Mapped[int | None] = mapped_column(sa.ForeignKey("drafts.id", ondelete="CASCADE"))  # a new version
    title: Mapped[str] = mapped_column(sa.String(500))
    kind: Mapped[DraftKind] = mapped_column(enum_column(DraftKind))
    filename: Mapped[str] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(120))
    checksum: Mapped[str] = mapped_column(sa.String(64))
    original_file: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    units_json: Mapped[str] = mapped_column(sa.Text)
    split_summary: Mapped[str | None] = mapped_column(sa.Text)  # JSON of accounting.Tally: where the text went
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)
