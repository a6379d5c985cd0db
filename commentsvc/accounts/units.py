"""Verbs on drafting units (đơn vị soạn thảo). They change the database and audit; the caller commits."""

from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa

from commentsvc.accounts.models import DraftingUnit, User
from commentsvc.accounts.unit_fields import UnitFields
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict
from commentsvc.core.text import vietnamese_sort_key


def duplicate_message(code: str) -> str:
    return f"Mã đơn vị “{code}” đã được dùng cho một đơn vị khác."


def find_unit(code: str) -> DraftingUnit | None:
    return db.session.scalar(sa.select(DraftingUnit).where(DraftingUnit.code == code))


def save_unit(unit: DraftingUnit, fields: UnitFields, *, is_active: bool = True, by=None) -> DraftingUnit:
    """Create (``unit.id`` is None) or update a unit; Conflict when another unit has the code."""
    other = find_unit(fields.code)
    if other is not None and other is not unit:
        raise Conflict(duplicate_message(fields.code))
    is_new = unit.id is None
    # What changed goes into the audit entry: the signer and the names are printed on official letters.
    changes = {
        name: [getattr(unit, name), value]
        for name, value in {**asdict(fields), "is_active": is_active}.items()
        if is_new or getattr(unit, name) != value
    }
    for name, (_old, value) in changes.items():
        setattr(unit, name, value)
    db.session.add(unit)
    db.session.flush()
    if is_new:
        audit.record("unit.create", unit, user=by, **{name: value for name, (_old, value) in changes.items()})
    elif changes:
        audit.record("unit.update", unit, user=by, code=unit.code, changes=changes)
    return unit


def units_with_member_counts() -> list[tuple[DraftingUnit, int]]:
    """Every unit with how many accounts belong to it, by parent agency then name (Vietnamese order)."""
    counts = dict(
        db.session.execute(
            sa.select(User.drafting_unit_id, sa.func.count(User.id))
            .where(User.drafting_unit_id.is_not(None))
            .group_by(User.drafting_unit_id)
        ).all()
    )
    units = sorted(db.session.scalars(sa.select(DraftingUnit)), key=sort_key)
    return [(unit, counts.get(unit.id, 0)) for unit in units]


def member_count(unit: DraftingUnit) -> int:
    return db.session.scalar(sa.select(sa.func.count(User.id)).where(User.drafting_unit_id == unit.id)) or 0


def selectable_units(current: DraftingUnit | None = None) -> list[DraftingUnit]:
    """The units an account may be put in: the active ones, plus the one it is already in."""
    condition = DraftingUnit.is_active.is_(True)
    if current is not None:
        condition = condition | (DraftingUnit.id == current.id)
    return sorted(db.session.scalars(sa.select(DraftingUnit).where(condition)), key=sort_key)


def sort_key(unit: DraftingUnit) -> tuple:
    return (vietnamese_sort_key(unit.parent_name), vietnamese_sort_key(unit.name))


def choice_label(unit: DraftingUnit) -> str:
    """Names repeat across ministries ("Vụ Pháp chế"), so the parent is part of the label."""
    label = f"{unit.name} — {unit.parent_name} ({unit.code})"
    return label if unit.is_active else f"{label} — ngừng hoạt động"
