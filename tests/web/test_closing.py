"""Closing after the deadline: silence recorded once, extensions respected, undone when an agency gets more time."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from commentsvc.consultations import closing, rules
from commentsvc.consultations.models import Consultation, ConsultationStatus, SilenceOutcome
from commentsvc.consultations.queries import window_for
from commentsvc.core.audit import AuditEntry
from commentsvc.core.clock import now_utc
from tests.web.tracking_helpers import import_directory, recipient_of


@pytest.fixture
def ended(db, factory, runner):
    """The demo directory consulted; the deadline passed an hour ago; two agencies replied, one is drafting."""
    agencies = import_directory(runner)
    unit = factory.unit(code="CĐS")
    now = now_utc()
    consultation = factory.consultation(
        unit=unit, agencies=agencies, opens_at=now - timedelta(days=10), deadline_at=now - timedelta(hours=1)
    )
    by_code = {agency.code: agency for agency in agencies}
    factory.reply(consultation, by_code["BTP"])
    factory.reply(consultation, by_code["BYT"], is_late=True)
    factory.reply(consultation, by_code["BCA"], submitted=False, comments=[(None, "Chưa xong.")])
    return consultation, unit, by_code


def _close_due(runner) -> str:
    result = runner.invoke(args=["consultations", "close-due"])
    assert result.exit_code == 0, result.output
    return result.output


def _outcomes(consultation) -> dict[str, SilenceOutcome | None]:
    return {recipient.agency.code: recipient.silence_outcome for recipient in consultation.recipients}


def test_page_shows_implicit_agreement_before_and_close_due_records_it(client, login, db, factory, runner, ended):
    consultation, unit, _ = ended
    login(factory.drafter(unit))
    html = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    assert '<td data-state="implicit_agreement">54<' in html  # decided from the clock, nothing recorded yet
    assert all(outcome is None for outcome in _outcomes(consultation).values())

    assert "1 đợt" in _close_due(runner)
    db.session.refresh(consultation)
    outcomes = _outcomes(consultation)
    assert consultation.closed_at is not None and consultation.status is ConsultationStatus.OPEN
    assert outcomes["BTP"] is None and outcomes["BYT"] is None
    assert sum(outcome is SilenceOutcome.IMPLICIT_AGREEMENT for outcome in outcomes.values()) == 54
    assert db.session.query(AuditEntry).filter_by(action="recipient.silence").count() == 54
    assert db.session.query(AuditEntry).filter_by(action="consultation.close_due").count() == 1
    html = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    assert '<td data-state="implicit_agreement">54<' in html


def test_close_due_twice_changes_nothing_the_second_time(db, runner, ended):
    consultation, _, _ = ended
    _close_due(runner)
    db.session.refresh(consultation)
    first = (consultation.closed_at, [r.silence_recorded_at for r in consultation.recipients])
    assert "0 đợt" in _close_due(runner)
    db.session.refresh(consultation)
    assert (consultation.closed_at, [r.silence_recorded_at for r in consultation.recipients]) == first
    assert db.session.query(AuditEntry).filter_by(action="recipient.silence").count() == 54


def test_silence_is_no_reply_when_it_does_not_count_as_agreement(db, factory, runner):
    agencies = [factory.agency(), factory.agency()]
    consultation = factory.consultation(
        agencies=agencies,
        opens_at=now_utc() - timedelta(days=3),
        deadline_at=now_utc() - timedelta(minutes=1),
        silence_is_agreement=False,
    )
    _close_due(runner)
    db.session.refresh(consultation)
    assert set(_outcomes(consultation).values()) == {SilenceOutcome.NO_REPLY}


def test_open_consultations_and_team_closed_ones_are_left_alone(db, factory, runner):
    open_one = factory.consultation(deadline_at=now_utc() + timedelta(hours=1))
    closed = factory.consultation(
        opens_at=now_utc() - timedelta(days=3),
        deadline_at=now_utc() - timedelta(hours=1),
        status=ConsultationStatus.CLOSED,
    )
    assert "0 đợt" in _close_due(runner)
    for consultation in (open_one, closed):
        db.session.refresh(consultation)
        assert consultation.closed_at is None
        assert set(_outcomes(consultation).values()) == {None}


def test_an_extension_lets_only_that_agency_submit_and_delays_closing(client, login, db, factory, runner, ended):
    consultation, unit, by_code = ended
    extended = recipient_of(consultation, by_code["BQP"])
    other = recipient_of(consultation, by_code["BNG"])
    extended.extended_until = now_utc() + timedelta(days=2)
    db.session.commit()
    now = now_utc()
    assert rules.can_submit(window_for(consultation, extended), now, is_submitted=False)
    assert not rules.can_submit(window_for(consultation, other), now, is_submitted=False)  # late not accepted
    assert "0 đợt" in _close_due(runner)  # one agency still has time: nothing is recorded yet
    db.session.refresh(consultation)
    assert consultation.closed_at is None

    login(factory.drafter(unit))
    html = client.get(f"/consultations/{consultation.id}/tracking").get_data(as_text=True)
    row = html.split(f'id="recipient-{extended.id}"')[1].split("</tr>")[0]
    assert "Chưa mở" in row and "Gia hạn đến" in row
    assert '<td data-state="implicit_agreement">53<' in html

    consultation_row = db.session.get(Consultation, consultation.id)
    recipient_of(consultation_row, by_code["BQP"]).extended_until = now_utc() - timedelta(minutes=1)
    db.session.commit()
    assert "1 đợt" in _close_due(runner)


def test_record_silence_is_standalone_and_idempotent(db, factory):
    """What the team's "close early" calls: it records outcomes once and keeps the first time."""
    consultation = factory.consultation()
    agency = consultation.recipients[0].agency
    factory.reply(consultation, agency)
    first_time = now_utc()
    assert closing.record_silence(consultation, first_time) == []  # open, before the deadline: nobody is silent yet
    consultation.status = ConsultationStatus.CLOSED  # what "close early" sets first
    recorded = closing.record_silence(consultation, first_time)
    db.session.commit()
    assert [r.agency_id for r in recorded] == [consultation.recipients[1].agency_id]
    assert closing.record_silence(consultation, first_time + timedelta(hours=1)) == []
    assert consultation.recipients[1].silence_recorded_at == first_time
    assert consultation.recipients[0].silence_outcome is None


def test_undo_silence_clears_only_the_agencies_concerned_and_audits_both(db, factory):
    consultation = factory.consultation(deadline_at=now_utc() - timedelta(hours=1), opens_at=now_utc() - timedelta(1))
    other_consultation = factory.consultation()
    closing.record_silence(consultation, now_utc())
    first, second = consultation.recipients
    undone = closing.undo_silence(consultation, [first, other_consultation.recipients[0]])
    db.session.commit()
    assert undone == [first]
    assert first.silence_outcome is None and first.silence_recorded_at is None
    assert second.silence_outcome is SilenceOutcome.IMPLICIT_AGREEMENT
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.object_type == "Recipient", AuditEntry.object_id == first.id)
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["recipient.silence", "recipient.silence_undone"]
