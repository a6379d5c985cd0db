"""Deadline and implicit-agreement rules, tested at the edges without patching the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from commentsvc.consultations.rules import (
    Phase,
    RecipientState,
    Window,
    can_edit,
    can_submit,
    deadline_from_local,
    effective_deadline,
    is_collecting,
    is_on_time,
    local_deadline_fields,
    normalised_reminder_days,
    phase,
    recipient_state,
    refusal_reason,
    reminder_steps,
    silence_outcome,
)

OPENS = datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 3, 8, 17, 0, tzinfo=UTC)  # 00:00 on 9 March in Hà Nội
SECOND = timedelta(seconds=1)


def window(**changes) -> Window:
    values = {
        "is_sent": True,
        "is_closed_by_team": False,
        "opens_at": OPENS,
        "deadline_at": DEADLINE,
        "accepts_late": False,
        "silence_is_agreement": True,
    }
    values.update(changes)
    return Window(**values)


def test_deadline_edges():
    assert can_edit(window(), DEADLINE - SECOND, is_submitted=False)
    assert not can_edit(window(), DEADLINE, is_submitted=False)
    assert not can_edit(window(), DEADLINE + SECOND, is_submitted=False)
    assert refusal_reason(window(), DEADLINE + SECOND, is_submitted=False).startswith("Đã hết hạn góp ý")


def test_late_replies_accepted_are_marked_late():
    late = window(accepts_late=True)
    assert can_submit(late, DEADLINE + SECOND, is_submitted=False)
    assert not is_on_time(late, DEADLINE + SECOND)
    assert is_on_time(late, DEADLINE - SECOND)


def test_extension_for_one_agency_only_moves_its_deadline_later():
    extended = window(extended_until=DEADLINE + timedelta(days=2))
    assert can_edit(extended, DEADLINE + timedelta(days=1), is_submitted=False)
    assert not can_edit(window(), DEADLINE + timedelta(days=1), is_submitted=False)
    assert effective_deadline(DEADLINE, DEADLINE - timedelta(days=1)) == DEADLINE


def test_nothing_before_opening_nor_after_submission_nor_when_closed():
    assert not can_edit(window(), OPENS - SECOND, is_submitted=False)
    assert can_edit(window(), OPENS, is_submitted=False)
    assert not can_edit(window(), OPENS + SECOND, is_submitted=True)
    assert not can_edit(window(is_closed_by_team=True, accepts_late=True), OPENS + SECOND, is_submitted=False)
    assert not can_edit(window(is_sent=False), OPENS + SECOND, is_submitted=False)


@pytest.mark.parametrize(
    ("changes", "now", "expected"),
    [
        ({"is_sent": False}, OPENS, Phase.DRAFT),
        ({}, OPENS - SECOND, Phase.SCHEDULED),
        ({}, DEADLINE - SECOND, Phase.OPEN),
        ({}, DEADLINE, Phase.ENDED),
        ({"is_closed_by_team": True}, OPENS + SECOND, Phase.CLOSED),
    ],
)
def test_phase(changes, now, expected):
    assert phase(window(**changes), now) is expected


def state(w, now, **kwargs):
    values = {"is_submitted": False, "is_late": False, "has_draft_reply": False, "comment_count": 0, "opened": False}
    values.update(kwargs)
    return recipient_state(w, now, **values)


def test_recipient_states_before_the_deadline():
    before = DEADLINE - SECOND
    assert state(window(), before) is RecipientState.NOT_OPENED
    assert state(window(), before, opened=True) is RecipientState.OPENED
    assert state(window(), before, opened=True, has_draft_reply=True, comment_count=3) is RecipientState.DRAFTING
    assert state(window(), before, is_submitted=True) is RecipientState.SUBMITTED_ON_TIME


def test_silence_after_the_deadline_is_agreement_or_no_reply():
    after = DEADLINE + SECOND
    assert state(window(), after, opened=True) is RecipientState.IMPLICIT_AGREEMENT
    assert state(window(silence_is_agreement=False), after) is RecipientState.NO_REPLY
    assert state(window(), after, is_submitted=True, is_late=True) is RecipientState.SUBMITTED_LATE
    # Comments drafted and never sent are no reply: silent after the deadline, even while late replies are accepted.
    drafted = {"has_draft_reply": True, "comment_count": 2}
    assert state(window(accepts_late=True), after, **drafted) is RecipientState.IMPLICIT_AGREEMENT
    assert state(window(accepts_late=True, silence_is_agreement=False), after, **drafted) is RecipientState.NO_REPLY
    # An extension keeps the agency out of silence until its own deadline.
    assert state(window(extended_until=after + SECOND), after) is RecipientState.NOT_OPENED


def test_silence_outcome_is_the_one_rule_of_who_counts_as_agreeing():
    before, after = DEADLINE - SECOND, DEADLINE + SECOND
    # Before the agency's own deadline nobody is silent: not agreeing, whatever silence means.
    assert silence_outcome(window(), before, is_submitted=False) is None
    assert silence_outcome(window(extended_until=after + SECOND), after, is_submitted=False) is None
    # At the deadline itself silence is final; a submitted reply is never silence.
    assert silence_outcome(window(), DEADLINE, is_submitted=False) is RecipientState.IMPLICIT_AGREEMENT
    assert silence_outcome(window(accepts_late=True), after, is_submitted=False) is RecipientState.IMPLICIT_AGREEMENT
    assert silence_outcome(window(silence_is_agreement=False), after, is_submitted=False) is RecipientState.NO_REPLY
    assert silence_outcome(window(), after, is_submitted=True) is None
    # Closed early by the team: silent at once; an unsent consultation: never.
    assert silence_outcome(window(is_closed_by_team=True), before, is_submitted=False) is not None
    assert silence_outcome(window(is_sent=False), after, is_submitted=False) is None


def test_a_consultation_is_collecting_while_one_agency_is_within_its_deadline():
    after = DEADLINE + SECOND
    assert is_collecting([window()], DEADLINE - SECOND)
    assert is_collecting([window(opens_at=DEADLINE - SECOND)], OPENS)  # scheduled, not open yet
    assert not is_collecting([window()], DEADLINE)
    assert is_collecting([window(), window(extended_until=after + SECOND)], after)
    assert not is_collecting([window(is_closed_by_team=True)], OPENS + SECOND)
    assert not is_collecting([], OPENS)


def test_reminder_steps():
    assert reminder_steps("3, 1,x,3,0,99") == [3, 1]


def test_normalised_reminder_days():
    assert normalised_reminder_days("1, 3,3,abc") == "3,1"
    assert normalised_reminder_days("") == ""


def test_deadline_before_a_day_ends_the_previous_day_in_hanoi():
    assert deadline_from_local(date(2021, 3, 9)) == datetime(2021, 3, 8, 17, 0, tzinfo=UTC)
    assert deadline_from_local(date(2021, 3, 9), time(17, 0)) == datetime(2021, 3, 9, 10, 0, tzinfo=UTC)
    assert deadline_from_local(date(2021, 3, 9), time(0, 30, 59)) == datetime(2021, 3, 8, 17, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "at"), [(date(2021, 3, 9), None), (date(2026, 1, 1), time(17, 0)), (date(2026, 12, 31), time(23, 59))]
)
def test_local_deadline_fields_round_trip(day, at):
    assert local_deadline_fields(deadline_from_local(day, at)) == (day, at)
