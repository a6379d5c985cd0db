"""The lifecycle verbs called from code (a round 2 is created this way), with their refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import operations
from commentsvc.consultations.models import ConsultationStatus
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from commentsvc.core.errors import Conflict, UserError

NOW = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def unit_version(factory):
    unit = factory.unit()
    return unit, factory.draft_version(unit)


def create(unit, version, **kwargs):
    values = {"opens_at": NOW, "deadline_at": NOW + timedelta(days=7)}
    values.update(kwargs)
    return operations.create_consultation(unit=unit, version=version, **values)


def test_round_two_from_code(factory, db, unit_version):
    unit, version = unit_version
    user = factory.drafter(unit)
    agencies = [factory.agency(), factory.agency(), factory.agency(is_active=False)]
    first = factory.consultation(version=version, agencies=agencies[:2])
    second = create(
        unit,
        version,
        user=user,
        title="  Lấy ý kiến lần 2  ",
        round_number=2,
        previous=first,
        agencies=[r.agency for r in first.recipients],
        reminder_days="1,2",
    )
    db.session.commit()
    assert (second.title, second.round_number, second.previous_id) == ("Lấy ý kiến lần 2", 2, first.id)
    assert second.status is ConsultationStatus.DRAFT and second.reminder_days == "2,1"
    assert sorted(r.agency_id for r in second.recipients) == sorted(a.id for a in agencies[:2])
    entry = db.session.query(AuditEntry).filter_by(action="consultation.create", object_id=second.id).one()
    assert entry.user_id == user.id and entry.details_dict["recipients"] == 2


def test_create_refuses_other_units_and_bad_settings(factory, db, unit_version):
    unit, version = unit_version
    with pytest.raises(UserError) as refused:
        create(factory.unit(), version)
    assert refused.value.status == 404
    with pytest.raises(UserError, match="Hạn nhận ý kiến phải sau"):
        create(unit, version, deadline_at=NOW)
    with pytest.raises(UserError, match="từ 1 đến 99"):
        create(unit, version, round_number=0)


def test_add_groups_adds_only_active_agencies_once(factory, db, unit_version):
    unit, version = unit_version
    active = factory.agency(group=AgencyGroup.PROVINCE)
    factory.agency(group=AgencyGroup.PROVINCE, is_active=False)
    consultation = create(unit, version, agencies=[active])
    assert operations.add_groups(consultation, [AgencyGroup.PROVINCE]) == []
    other = factory.agency(group=AgencyGroup.PROVINCE)
    assert [r.agency_id for r in operations.add_groups(consultation, [AgencyGroup.PROVINCE])] == [other.id]
    assert operations.add_groups(consultation, []) == []


def test_sent_consultation_keeps_its_draft_only_settings(factory, db, unit_version):
    unit, version = unit_version
    consultation = create(unit, version, agencies=[factory.agency()], deadline_at=now_utc() + timedelta(days=3))
    operations.open_consultation(consultation, now_utc())
    with pytest.raises(Conflict):
        operations.update_consultation(consultation, deadline_at=consultation.deadline_at + timedelta(days=1))
    with pytest.raises(Conflict):
        operations.update_consultation(consultation, draft_version=factory.draft_version(unit))
    operations.update_consultation(consultation, contact_name="Lê Văn C")
    assert consultation.contact_name == "Lê Văn C"
    with pytest.raises(TypeError):
        operations.update_consultation(consultation, status=ConsultationStatus.CLOSED)


def test_open_moves_a_past_opening_time_to_now_and_refuses_twice(factory, db, unit_version):
    unit, version = unit_version
    now = now_utc()
    consultation = create(
        unit, version, agencies=[factory.agency()], opens_at=now - timedelta(days=2), deadline_at=now + timedelta(1)
    )
    operations.open_consultation(consultation, now)
    assert consultation.opens_at == now
    with pytest.raises(Conflict):
        operations.open_consultation(consultation, now)


def test_a_draft_cannot_be_extended_or_closed(factory, db, unit_version):
    unit, version = unit_version
    consultation = create(unit, version, agencies=[factory.agency()])
    later = consultation.deadline_at + timedelta(days=1)
    with pytest.raises(Conflict):
        operations.extend_all(consultation, later, NOW)
    with pytest.raises(Conflict):
        operations.extend_recipient(consultation, consultation.recipients[0], later, NOW)
    with pytest.raises(Conflict):
        operations.close_consultation(consultation, NOW)
    with pytest.raises(Conflict):
        operations.reopen_consultation(consultation, NOW)


def test_a_closed_consultation_keeps_its_recipients(factory, db, unit_version):
    unit, version = unit_version
    consultation = factory.consultation(version=version, status=ConsultationStatus.CLOSED)
    with pytest.raises(Conflict):
        operations.add_agencies(consultation, [factory.agency()])
    with pytest.raises(Conflict):
        operations.remove_recipient(consultation, consultation.recipients[0])
    assert len(consultation.recipients) == 2
