from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db, enum_column


class Role(enum.StrEnum):
    ADMIN = "admin"
    DRAFTER = "drafter"  # member of a drafting team (cơ quan chủ trì soạn thảo)
    AGENCY = "agency"  # member of a consulted agency

    @property
    def label(self) -> str:
        return {
            Role.ADMIN: "Quản trị hệ thống",
            Role.DRAFTER: "Thành viên tổ soạn thảo",
            Role.AGENCY: "Cán bộ cơ quan được lấy ý kiến",
        }[self]


class DraftingUnit(db.Model):
    """A unit that owns drafts, e.g. a department of a ministry; its names go on the letterhead."""

    __tablename__ = "drafting_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)  # symbol part, e.g. "CĐS"
    name: Mapped[str] = mapped_column(sa.String(255))  # e.g. "Cục Chuyển đổi số quốc gia"
    parent_code: Mapped[str] = mapped_column(sa.String(32))  # e.g. "BKHCN"
    parent_name: Mapped[str] = mapped_column(sa.String(255))  # e.g. "Bộ Khoa học và Công nghệ"
    place: Mapped[str] = mapped_column(sa.String(64), default="Hà Nội")
    signer_title: Mapped[str] = mapped_column(sa.String(120), default="")  # may span lines: "KT. CỤC TRƯỞNG\n…"
    signer_name: Mapped[str] = mapped_column(sa.String(120), default="")
    # Deactivated, never deleted: drafts and consultations keep their unit. An inactive unit takes no new members.
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(255), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    drafting_unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("drafting_units.id"))
    agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"))
    can_submit: Mapped[bool] = mapped_column(default=False)  # may sign and submit the agency's official reply
    # "Lãnh đạo đơn vị soạn thảo": a drafter who may approve and publish the synthesis to the agencies.
    can_publish: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change and logout-everywhere; a session carrying an older value is dropped.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    drafting_unit: Mapped[DraftingUnit | None] = relationship(lazy="joined")
    agency = relationship("Agency", lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(
            "(role != 'drafter' OR drafting_unit_id IS NOT NULL) AND (role != 'agency' OR agency_id IS NOT NULL)",
            name="role_has_home",
        ),
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_drafter(self) -> bool:
        return self.role is Role.DRAFTER

    @property
    def is_agency_member(self) -> bool:
        return self.role is Role.AGENCY


class LoginAttempt(db.Model):
    """Failed logins, kept to throttle guessing per account and address, per address, and per known device."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), index=True)
    address: Mapped[str] = mapped_column(sa.String(64), index=True)
    # The known-device id the browser presented for this account (see known_devices.py), "" for an unknown browser.
    device: Mapped[str] = mapped_column(sa.String(32), default="", server_default="", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc, index=True)
