from __future__ import annotations

import enum
import re

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from commentsvc.core.db import db, enum_column
from commentsvc.core.text import vietnamese_sort_key

_PROVINCE_PREFIX = re.compile(r"^Ủy ban nhân dân (tỉnh|thành phố|Thành phố) ")


class AgencyGroup(enum.StrEnum):
    MINISTRY = "ministry"  # bộ, cơ quan ngang bộ
    GOVERNMENT_AGENCY = "government_agency"  # cơ quan thuộc Chính phủ
    PROVINCE = "province"  # tỉnh, thành phố trực thuộc trung ương
    OTHER = "other"

    @property
    def label(self) -> str:
        return GROUP_LABELS[self]


GROUP_LABELS = {
    AgencyGroup.MINISTRY: "Bộ, cơ quan ngang bộ",
    AgencyGroup.GOVERNMENT_AGENCY: "Cơ quan thuộc Chính phủ",
    AgencyGroup.PROVINCE: "Tỉnh, thành phố trực thuộc trung ương",
    AgencyGroup.OTHER: "Cơ quan, tổ chức khác",
}


class Agency(db.Model):
    """A consulted agency. Deactivated, never deleted: old consultations keep the agencies they were sent to."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    short_name: Mapped[str] = mapped_column(sa.String(120))
    group: Mapped[AgencyGroup] = mapped_column(enum_column(AgencyGroup), index=True)
    email: Mapped[str] = mapped_column(sa.String(255), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    @property
    def sort_key(self) -> tuple:
        """Vietnamese alphabetical order of the distinctive part: provinces by place name, not by "Ủy ban…"."""
        return vietnamese_sort_key(_PROVINCE_PREFIX.sub("", self.name))

    def __repr__(self) -> str:
        return f"<Agency {self.code}>"
