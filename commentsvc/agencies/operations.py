"""Verbs on agencies: they change the database and audit, never commit."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from commentsvc.agencies.directory import AgencyRecord
from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.text import vietnamese_sort_key


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    unchanged: int = 0


def import_directory(records: list[AgencyRecord], *, user=None) -> ImportResult:
    """Create or update agencies by code; agencies missing from the file are deactivated, never deleted."""
    existing = {agency.code: agency for agency in db.session.scalars(sa.select(Agency))}
    result = ImportResult()
    for record in records:
        agency = existing.pop(record.code, None)
        if agency is None:
            db.session.add(Agency(**vars(record), is_active=True))
            result.created.append(record.code)
        elif _apply(agency, record):
            result.updated.append(record.code)
        else:
            result.unchanged += 1
    for agency in existing.values():
        if agency.is_active:
            agency.is_active = False
            result.deactivated.append(agency.code)
    db.session.flush()
    audit.record(
        "agencies.import",
        Agency(),
        user=user,
        created=len(result.created),
        updated=len(result.updated),
        deactivated=result.deactivated,
    )
    return result


def _apply(agency: Agency, record: AgencyRecord) -> bool:
    changed = False
    for name, value in (*vars(record).items(), ("is_active", True)):
        if name == "email" and not value:
            continue  # an empty e-mail in the shipped file must not erase one the administrator entered
        if getattr(agency, name) != value:
            setattr(agency, name, value)
            changed = True
    return changed


def save_agency(
    agency: Agency,
    *,
    code: str,
    name: str,
    short_name: str,
    group: AgencyGroup,
    email: str,
    is_active: bool,
    user,
) -> Agency:
    is_new = agency.id is None
    agency.code, agency.name, agency.short_name = code, name, short_name
    agency.group, agency.email, agency.is_active = group, email, is_active
    db.session.add(agency)
    db.session.flush()
    audit.record("agency.create" if is_new else "agency.update", agency, user=user, code=code, is_active=is_active)
    return agency


def active_agencies(group: AgencyGroup | None = None) -> list[Agency]:
    query = sa.select(Agency).where(Agency.is_active.is_(True))
    if group is not None:
        query = query.where(Agency.group == group)
    return sorted(db.session.scalars(query), key=lambda agency: agency.sort_key)


def picker(present_ids: set[int]) -> list[tuple[AgencyGroup, list[Agency]]]:
    """Active agencies not among ``present_ids`` (a consultation's or a report request's recipients), by group,
    each group in the Vietnamese order of the name shown: the picker of single agencies to add."""
    addable = [agency for agency in active_agencies() if agency.id not in present_ids]
    by_group = []
    for group in AgencyGroup:
        members = [agency for agency in addable if agency.group is group]
        members.sort(key=lambda agency: vietnamese_sort_key(agency.short_name or agency.name))
        if members:
            by_group.append((group, members))
    return by_group


def chosen_agencies(ids) -> list[Agency]:
    """The agencies ticked in a picker, by id; UserError when one is not in the directory."""
    wanted = set(ids or [])
    agencies = list(db.session.scalars(sa.select(Agency).where(Agency.id.in_(wanted))).all())
    if len(agencies) != len(wanted):
        raise UserError("Cơ quan được chọn không có trong danh mục.")
    return agencies
