"""Factories that build real rows for tests. Each method's docstring says what it makes."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from commentsvc.accounts import operations as accounts
from commentsvc.accounts.models import DraftingUnit, Role, User
from commentsvc.agencies.models import Agency, AgencyGroup

_counter = itertools.count(1)


class Factory:
    def __init__(self, db, password: str) -> None:
        self.db = db
        self.password = password

    def agency(
        self,
        code: str | None = None,
        name: str | None = None,
        group: AgencyGroup = AgencyGroup.MINISTRY,
        **kwargs,
    ) -> Agency:
        """An active agency (a ministry unless ``group`` says otherwise)."""
        number = next(_counter)
        code = code or f"CQ{number}"
        agency = Agency(
            code=code,
            name=name or f"Bộ Thử nghiệm {number}",
            short_name=kwargs.pop("short_name", None) or name or f"Bộ Thử nghiệm {number}",
            group=group,
            email=kwargs.pop("email", f"{code.lower()}@example.com"),
            is_active=kwargs.pop("is_active", True),
            **kwargs,
        )
        self.db.session.add(agency)
        self.db.session.commit()
        return agency

    def unit(self, code: str | None = None) -> DraftingUnit:
        """A drafting unit of the Ministry of Science and Technology."""
        number = next(_counter)
        unit = DraftingUnit(
            code=code or f"DV{number}",
            name=f"Cục Thử nghiệm {number}",
            parent_code="BKHCN",
            parent_name="Bộ Khoa học và Công nghệ",
            place="Hà Nội",
            signer_title="KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
            signer_name="Nguyễn Văn An",
        )
        self.db.session.add(unit)
        self.db.session.commit()
        return unit

    def user(
        self,
        role: Role = Role.AGENCY,
        *,
        agency: Agency | None = None,
        unit: DraftingUnit | None = None,
        can_submit: bool = False,
        username: str | None = None,
    ) -> User:
        """An account with the test password; agency members get a new agency and drafters a new unit if none given."""
        if role is Role.AGENCY and agency is None:
            agency = self.agency()
        if role is Role.DRAFTER and unit is None:
            unit = self.unit()
        user = accounts.create_user(
            username=username or f"user{next(_counter)}",
            full_name=f"Người dùng {next(_counter)}",
            password=self.password,
            role=role,
            email=f"u{next(_counter)}@example.com",
            agency=agency,
            drafting_unit=unit,
            can_submit=can_submit,
        )
        self.db.session.commit()
        return user

    def admin(self) -> User:
        """An administrator."""
        return self.user(Role.ADMIN)

    def drafter(self, unit: DraftingUnit | None = None) -> User:
        """A drafting-team member (of a new unit unless given)."""
        return self.user(Role.DRAFTER, unit=unit)

    def member(self, agency: Agency | None = None, *, can_submit: bool = False) -> User:
        """An agency member (of a new agency unless given)."""
        return self.user(Role.AGENCY, agency=agency, can_submit=can_submit)

    def count(self, model) -> int:
        return self.db.session.scalar(sa.select(sa.func.count()).select_from(model))
