"""The shared consultation loaders: windows, ownership, grouping, counts, version locks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from commentsvc.agencies.models import AgencyGroup
from commentsvc.consultations import queries, rules
from commentsvc.consultations.models import ConsultationStatus, Recipient
from commentsvc.core.clock import now_utc
from commentsvc.synthesis.publication import lifecycles


def test_window_takes_the_recipients_extension(factory, db):
    consultation = factory.consultation(accepts_late=False, silence_is_agreement=False)
    recipient = consultation.recipients[0]
    recipient.extended_until = consultation.deadline_at + timedelta(days=2)
    window = queries.window_for(consultation, recipient)
    assert window.extended_until == recipient.extended_until
    assert queries.window_for(consultation).extended_until is None
    assert window.is_sent and not window.is_closed_by_team
    assert not window.accepts_late and not window.silence_is_agreement
    after_deadline = consultation.deadline_at + timedelta(days=1)
    assert rules.is_on_time(window, after_deadline)
    assert not rules.is_on_time(queries.window_for(consultation), after_deadline)


def test_window_of_a_draft_and_a_closed_consultation(factory, db):
    draft = factory.consultation(status=ConsultationStatus.DRAFT)
    closed = factory.consultation(status=ConsultationStatus.CLOSED)
    now = now_utc()
    assert rules.phase(queries.window_for(draft), now) is rules.Phase.DRAFT
    assert rules.phase(queries.window_for(closed), now) is rules.Phase.CLOSED


def test_consultation_for_unit_refuses_other_units(factory, db):
    consultation = factory.consultation()
    other = factory.unit()
    assert queries.consultation_for_unit(consultation.id, consultation.drafting_unit_id) is consultation
    assert queries.consultation_for_unit(consultation.id, other.id) is None
    assert queries.consultation_for_unit(consultation.id, None) is None
    assert queries.consultation_for_unit(consultation.id + 1000, consultation.drafting_unit_id) is None


def test_recipient_for_agency_ignores_unsent_consultations(factory, db):
    agency = factory.agency()
    sent = factory.consultation(agencies=[agency])
    unsent = factory.consultation(agencies=[agency], status=ConsultationStatus.DRAFT)
    assert queries.recipient_for_agency(sent.id, agency.id).agency_id == agency.id
    assert queries.recipient_for_agency(unsent.id, agency.id) is None
    assert queries.recipient_for_agency(sent.id, factory.agency().id) is None


def test_recipients_by_group_in_directory_and_alphabetical_order(factory, db):
    agencies = [
        factory.agency(name="Ủy ban nhân dân tỉnh Lai Châu", group=AgencyGroup.PROVINCE),
        factory.agency(name="Ủy ban nhân dân tỉnh Cà Mau", group=AgencyGroup.PROVINCE),
        factory.agency(name="Bộ Y tế"),
        factory.agency(name="Bộ Công an"),
    ]
    consultation = factory.consultation(agencies=agencies)
    groups = queries.recipients_by_group(consultation)
    assert [group for group, _ in groups] == [AgencyGroup.MINISTRY, AgencyGroup.PROVINCE]
    assert [r.agency.name for r in groups[0][1]] == ["Bộ Công an", "Bộ Y tế"]
    assert [r.agency.name for r in groups[1][1]] == ["Ủy ban nhân dân tỉnh Cà Mau", "Ủy ban nhân dân tỉnh Lai Châu"]


def test_unit_consultations_count_only_submitted_replies(factory, db):
    first, second, third = factory.agency(), factory.agency(), factory.agency()
    consultation = factory.consultation(agencies=[first, second, third])
    factory.reply(consultation, first)
    factory.reply(consultation, second, submitted=False)
    other_unit = factory.consultation()
    listed = queries.unit_consultations(consultation.drafting_unit_id)
    rows = queries.consultation_rows(listed, lifecycles(listed, now_utc()))
    assert [row.consultation.id for row in rows] == [consultation.id]
    assert (rows[0].recipient_count, rows[0].reply_count, rows[0].phase) == (3, 1, rules.Phase.OPEN)
    assert other_unit.id not in {row.consultation.id for row in rows}


def test_submitted_reply_for_unit_hides_drafts_and_other_units(factory, db):
    first, second = factory.agency(), factory.agency()
    consultation = factory.consultation(agencies=[first, second])
    submitted = factory.reply(consultation, first)
    drafting = factory.reply(consultation, second, submitted=False)
    unit_id = consultation.drafting_unit_id
    assert queries.submitted_reply_for_unit(submitted.id, unit_id) is submitted
    assert queries.submitted_reply_for_unit(drafting.id, unit_id) is None
    assert queries.submitted_reply_for_unit(submitted.id, factory.unit().id) is None
    assert [reply.id for reply in queries.submitted_replies(consultation)] == [submitted.id]


def test_version_is_locked_only_by_a_sent_consultation(factory, db):
    version = factory.draft_version()
    consultation = factory.consultation(version=version, status=ConsultationStatus.DRAFT)
    assert not queries.is_version_locked(version) and not queries.is_draft_locked(version.draft)
    consultation.status = ConsultationStatus.OPEN
    db.session.commit()
    assert queries.is_version_locked(version) and queries.is_draft_locked(version.draft)
    assert not queries.is_version_locked(factory.draft_version())


def test_recipient_in_refuses_other_consultations(factory, db):
    consultation = factory.consultation()
    other = factory.consultation()
    assert queries.recipient_in(consultation, consultation.recipients[0].id) is consultation.recipients[0]
    assert queries.recipient_in(consultation, other.recipients[0].id) is None
    assert db.session.get(Recipient, other.recipients[0].id) is not None


def test_previous_rounds(factory, db):
    version = factory.draft_version()
    first = factory.consultation(version=version, deadline_at=datetime(2030, 1, 1, tzinfo=UTC))
    second = factory.consultation(version=version)
    second.previous = first
    db.session.commit()
    assert queries.previous_rounds(second) == [first]
    assert queries.previous_rounds(first) == []
