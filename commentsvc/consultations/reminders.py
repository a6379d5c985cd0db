"""Reminders (đôn đốc) by e-mail to agencies that have not submitted: composed, queued, sent, retried.

A reminder is a Reminder row, unique per (recipient, step): "before-3d" for a step of the schedule counted from the
consultation's deadline, "before-3d-ext-…" from an agency's own extended deadline, "manual-…" for one sent by hand.
The row is inserted (PENDING) and committed before anything is sent, so a schedule step is never queued twice.
Sending claims the row by counting the attempt first; only PENDING or FAILED rows are sent, never SENT ones.
A failure (server down, address refused) leaves it FAILED with the reason; the queue's worker sends it again after
RETRY_DELAYS (consultations/tasks.py), and ``send-due`` retries it too, up to MAX_ATTEMPTS times in all; after that
it waits for the team's "Gửi lại" on the tracking page (:func:`requeue_failed`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from commentsvc.accounts.models import Role, User
from commentsvc.consultations import rules
from commentsvc.consultations.models import (
    OPENING_STEP,
    Consultation,
    ConsultationStatus,
    MailStatus,
    Recipient,
    Reminder,
)
from commentsvc.consultations.queries import window_for
from commentsvc.core import audit, mail
from commentsvc.core.clock import format_local
from commentsvc.core.db import db
from commentsvc.core.deadlines import deadline_phrase, due_step, step_name  # noqa: F401 - shared
from commentsvc.core.errors import UserError
from commentsvc.jobs.mail import MAX_ATTEMPTS, RETRY_DELAYS, requeue_failed_of, retry_delay, split_addresses  # noqa: F401 - shared with reports
from commentsvc.responses.models import Reply, ReplyStatus

log = logging.getLogger(__name__)

MANUAL_PREFIX = "manual-"
TO_ADDRESS_LIMIT = 255  # Reminder.to_address
FALLBACK_PATH = "/agency/consultations/{id}"


# --- composing ----------------------------------------------------------------------------------------------------


def _fit(text: str, length: int) -> str:
    # A draft title may use all 500 characters of its column; the subject adds words and shares that size.
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def compose(consultation: Consultation, recipient: Recipient, link: str) -> tuple[str, str]:
    """The subject and plain-text body (Vietnamese) of a reminder to ``recipient``."""
    title = consultation.draft_version.draft.title
    unit = consultation.drafting_unit
    deadline = rules.effective_deadline(consultation.deadline_at, recipient.extended_until)
    subject = _fit(f"Đôn đốc góp ý {title}", Reminder.subject.type.length)
    lines = [
        f"Kính gửi: {recipient.agency.name}",
        "",
        f"{unit.name} ({unit.parent_name}) đã đề nghị Quý Cơ quan góp ý đối với {title}{_letter_ref(consultation)}.",
        "",
        f"Thời hạn gửi ý kiến: {deadline_phrase(deadline)}.",
        "Đến nay, chúng tôi chưa nhận được văn bản góp ý của Quý Cơ quan. Đề nghị Quý Cơ quan xem dự thảo và "
        "gửi ý kiến tại địa chỉ:",
        link,
        "",
    ]
    if consultation.silence_is_agreement:
        lines += [
            "Sau thời hạn trên, nếu Quý Cơ quan không có ý kiến, xin hiểu là Quý Cơ quan đã nhất trí với dự thảo.",
            "",
        ]
    lines += [*_contact_lines(consultation), "", "Trân trọng.", unit.name, "", _AUTOMATIC_NOTE]
    return subject, "\n".join(lines) + "\n"


def compose_opening(consultation: Consultation, recipient: Recipient, link: str) -> tuple[str, str]:
    """The subject and plain-text body (Vietnamese) of the letter asking ``recipient`` for its comments."""
    title = consultation.draft_version.draft.title
    unit = consultation.drafting_unit
    deadline = rules.effective_deadline(consultation.deadline_at, recipient.extended_until)
    subject = _fit(f"Đề nghị góp ý {title}", Reminder.subject.type.length)
    lines = [
        f"Kính gửi: {recipient.agency.name}",
        "",
        f"{unit.name} ({unit.parent_name}) đề nghị Quý Cơ quan góp ý đối với {title}{_letter_ref(consultation)}.",
        "",
        f"Bắt đầu nhận ý kiến: {format_local(consultation.opens_at)}.",
        f"Thời hạn gửi ý kiến: {deadline_phrase(deadline)}.",
        "Quý Cơ quan xem dự thảo, góp ý theo từng điều, khoản và gửi văn bản góp ý tại địa chỉ:",
        link,
        "",
    ]
    if consultation.silence_is_agreement:
        lines += [
            "Quá thời hạn trên, nếu Quý Cơ quan không có ý kiến, xin hiểu là Quý Cơ quan đã nhất trí với dự thảo.",
            "",
        ]
    lines += [*_contact_lines(consultation), "", "Trân trọng.", unit.name, "", _AUTOMATIC_NOTE]
    return subject, "\n".join(lines) + "\n"


_AUTOMATIC_NOTE = "-- \nThư này được gửi tự động từ Hệ thống lấy ý kiến dự thảo; vui lòng không trả lời thư này."


def _letter_ref(consultation: Consultation) -> str:
    if not consultation.letter_number:
        return ""
    date_part = f" ngày {consultation.letter_date:%d/%m/%Y}" if consultation.letter_date else ""
    return f" (văn bản số {consultation.letter_number}{date_part})"


def _contact_lines(consultation: Consultation) -> list[str]:
    if not consultation.contact_name:
        return []
    details = [consultation.contact_name]
    if consultation.contact_phone:
        details.append(f"điện thoại {consultation.contact_phone}")
    if consultation.contact_email:
        details.append(f"thư điện tử {consultation.contact_email}")
    return ["Người liên hệ: " + ", ".join(details) + "."]


def consultation_link(consultation_id: int, base_url: str) -> str:
    """The agency's page of the consultation: responses.consultation when it exists, else the fixed path."""
    from flask import current_app
    from werkzeug.routing import BuildError

    try:
        path = current_app.url_map.bind("localhost").build(
            "responses.consultation", {"consultation_id": consultation_id}
        )
    except BuildError:
        path = FALLBACK_PATH.format(id=consultation_id)
    return base_url.rstrip("/") + path


def focal_addresses(recipient: Recipient) -> list[str]:
    """The agency's address and its active members who may submit, without duplicates, within the column's size."""
    members = db.session.scalars(
        sa.select(User.email).where(
            User.agency_id == recipient.agency_id,
            User.role == Role.AGENCY,
            User.is_active_account.is_(True),
            User.can_submit.is_(True),
        )
    ).all()
    addresses: list[str] = []
    for address in [recipient.agency.email, *sorted(members)]:
        address = (address or "").strip()
        if address and address.lower() not in {a.lower() for a in addresses}:
            if len(", ".join([*addresses, address])) > TO_ADDRESS_LIMIT:
                log.warning("Reminder to recipient %s: address list truncated at %s", recipient.id, address)
                break
            addresses.append(address)
    return addresses


# --- the schedule -------------------------------------------------------------------------------------------------


def is_schedulable(window: rules.Window, now: datetime, *, is_submitted: bool) -> bool:
    """Scheduled reminders only once the consultation is open and not closed by the team, to agencies that have not
    submitted and are still within their own deadline (an extension keeps them reminded after the general one)."""
    if is_submitted or rules.phase(window, now) not in (rules.Phase.OPEN, rules.Phase.ENDED):
        return False
    return rules.is_on_time(window, now)


# --- queueing -----------------------------------------------------------------------------------------------------


def queue(recipient: Recipient, step: str, link: str, *, user=None) -> Reminder | None:
    """Insert a PENDING reminder; None when this (recipient, step) exists already (the schedule never repeats)."""
    composer = compose_opening if step == OPENING_STEP else compose
    subject, body = composer(recipient.consultation, recipient, link)
    reminder = Reminder(
        recipient=recipient,
        step=step,
        to_address=", ".join(focal_addresses(recipient)),
        subject=subject,
        body=body,
        status=MailStatus.PENDING,
        created_by_id=getattr(user, "id", None),
    )
    try:
        with db.session.begin_nested():  # a concurrent run may have inserted it: the unique key decides
            db.session.add(reminder)
    except IntegrityError:
        return None
    audit.record("reminder.queue", reminder, user=user, agency=recipient.agency, step=step, to=reminder.to_address)
    return reminder


def queue_due(now: datetime, base_url: str) -> list[Reminder]:
    """Queue the step due now, counted from each recipient's own deadline, for every agency that has not submitted."""
    queued = []
    for consultation in _consultations_with_a_deadline_ahead(now):
        link = consultation_link(consultation.id, base_url)
        existing = _steps_queued(consultation.id)
        for recipient in consultation.recipients:
            window = window_for(consultation, recipient)
            step = due_step(consultation.reminder_days, window.deadline_at, now, window.extended_until)
            if step is None or (recipient.id, step) in existing:
                continue
            if not is_schedulable(window, now, is_submitted=_is_submitted(recipient)):
                continue
            reminder = queue(recipient, step, link)
            if reminder is not None:
                queued.append(reminder)
    return queued


def _consultations_with_a_deadline_ahead(now: datetime) -> list[Consultation]:
    # The general deadline, or any recipient's extension, is still ahead: past both, nobody is reminded.
    extended = sa.select(Recipient.id).where(
        Recipient.consultation_id == Consultation.id, Recipient.extended_until > now
    )
    return db.session.scalars(
        sa.select(Consultation).where(
            Consultation.status == ConsultationStatus.OPEN,
            Consultation.opens_at <= now,
            sa.or_(Consultation.deadline_at > now, extended.exists()),
        )
    ).all()


def _steps_queued(consultation_id: int) -> set[tuple[int, str]]:
    query = (
        sa.select(Reminder.recipient_id, Reminder.step)
        .join(Recipient)
        .where(Recipient.consultation_id == consultation_id)
    )
    return set(db.session.execute(query).tuples())


def _is_submitted(recipient: Recipient) -> bool:
    status = db.session.scalar(sa.select(Reply.status).where(Reply.recipient_id == recipient.id))
    return status is ReplyStatus.SUBMITTED


def queue_openings(consultation: Consultation, recipients: list[Recipient], base_url: str, *, user=None) -> list:
    """The letter asking for comments, to each of ``recipients`` that has not had it (sent consultations only)."""
    if consultation.status is not ConsultationStatus.OPEN:
        return []
    link = consultation_link(consultation.id, base_url)
    queued = [queue(recipient, OPENING_STEP, link, user=user) for recipient in recipients]
    return [reminder for reminder in queued if reminder is not None]


def queue_manual(consultation: Consultation, recipients: list[Recipient], base_url: str, now, user) -> list[Reminder]:
    """One reminder by hand to each chosen recipient that has not submitted (those that have are skipped)."""
    refusal = rules.reminder_refusal(window_for(consultation), now)
    if refusal:
        raise UserError(refusal, 409)
    link = consultation_link(consultation.id, base_url)
    queued = []
    for recipient in recipients:
        if not rules.may_be_reminded(window_for(consultation, recipient), now, is_submitted=_is_submitted(recipient)):
            continue
        number = _manual_count(recipient.id) + 1
        reminder = queue(recipient, f"{MANUAL_PREFIX}{now:%Y%m%dT%H%M%SZ}-{number}", link, user=user)
        if reminder is not None:
            queued.append(reminder)
    return queued


def _manual_count(recipient_id: int) -> int:
    query = sa.select(sa.func.count()).where(
        Reminder.recipient_id == recipient_id, Reminder.step.startswith(MANUAL_PREFIX)
    )
    return db.session.scalar(query) or 0


def requeue_failed(recipients: list[Recipient], user) -> list[Reminder]:
    """The team's "Gửi lại": put the FAILED reminders of ``recipients`` back in the queue with no attempts counted.

    Automatic retries stop after MAX_ATTEMPTS; a requeued reminder is tried again, now by the caller and then by
    ``send-due``, as many times again. Agencies that have submitted since are skipped: there is nothing to remind.
    """
    requeued = []
    for recipient in recipients:
        if _is_submitted(recipient):
            continue
        requeued += requeue_failed_of(
            Reminder, recipient, focal_addresses(recipient), user=user, action="reminder.requeue"
        )
    return requeued


# --- sending ------------------------------------------------------------------------------------------------------


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def retryable_ids(max_attempts: int = MAX_ATTEMPTS) -> list[int]:
    """PENDING and FAILED reminders with attempts left, oldest first. SENT ones are never sent again."""
    query = (
        sa.select(Reminder.id)
        .where(Reminder.status.in_([MailStatus.PENDING, MailStatus.FAILED]), Reminder.attempts < max_attempts)
        .order_by(Reminder.id)
    )
    return list(db.session.scalars(query))


def claim(reminder_id: int, max_attempts: int = MAX_ATTEMPTS) -> bool:
    """Count an attempt, only if the reminder is still unsent: of two runs racing for it, one wins."""
    result = db.session.execute(
        sa.update(Reminder)
        .where(
            Reminder.id == reminder_id,
            Reminder.status.in_([MailStatus.PENDING, MailStatus.FAILED]),
            Reminder.attempts < max_attempts,
        )
        .values(attempts=Reminder.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def send(reminder: Reminder, now: datetime, config=None) -> MailStatus:
    """Send a claimed reminder and record the outcome (SENT, or FAILED with the reason)."""
    recipient = reminder.recipient
    if _is_submitted(recipient):
        reminder.attempts = max(reminder.attempts, MAX_ATTEMPTS)  # nothing left to remind: never retried
        return _failed(reminder, "Không gửi: cơ quan đã gửi văn bản góp ý.")
    window = window_for(recipient.consultation, recipient)
    if reminder.step == OPENING_STEP:
        allowed = window.is_sent and not window.is_closed_by_team  # asked before it opens, with the opening time
    else:
        allowed = rules.may_be_reminded(window, now, is_submitted=False)
    if not allowed:
        # Queued before the team closed (or before late replies stopped): the link would accept nothing.
        reminder.attempts = max(reminder.attempts, MAX_ATTEMPTS)
        return _failed(reminder, "Không gửi: đợt lấy ý kiến đã kết thúc, cơ quan không thể gửi ý kiến nữa.")
    if not reminder.to_address:
        reminder.to_address = ", ".join(focal_addresses(recipient))  # addresses may have been added since
    try:
        delivery = mail.send_mail(split_addresses(reminder.to_address), reminder.subject, reminder.body, config)
    except mail.MailError as error:
        return _failed(reminder, str(error))
    if delivery.refused:
        reminder.to_address = ", ".join(delivery.refused)  # the others have it: a retry goes to these only
        sent_to = ", ".join(delivery.accepted)
        return _failed(reminder, f"{mail.describe_refused(delivery.refused)}. Đã gửi được tới: {sent_to}.")
    reminder.status, reminder.sent_at, reminder.last_error = MailStatus.SENT, now, ""
    audit.record("reminder.sent", reminder, agency=recipient.agency, step=reminder.step, to=reminder.to_address)
    log.info("Reminder %s (%s) sent to %s", reminder.id, reminder.step, reminder.to_address)
    return MailStatus.SENT


def _failed(reminder: Reminder, reason: str) -> MailStatus:
    reminder.status, reminder.last_error = MailStatus.FAILED, reason
    audit.record("reminder.failed", reminder, agency=reminder.recipient.agency, step=reminder.step, error=reason)
    log.warning("Reminder %s (%s) failed: %s", reminder.id, reminder.step, reason)
    return MailStatus.FAILED


def deliver_one(reminder_id: int, now: datetime, commit: Callable[[], None], config=None) -> MailStatus | None:
    """Claim and send one reminder, committing the claim before sending and the outcome right after; None when it
    was not to be sent (sent already, by another run, or out of attempts)."""
    if not claim(reminder_id):
        return None
    commit()
    reminder = db.session.get(Reminder, reminder_id, populate_existing=True)
    status = send(reminder, now, config)
    commit()
    return status


def deliver(reminder_ids: list[int], now: datetime, commit: Callable[[], None], config=None) -> DeliveryReport:
    """Send each reminder here and now (`reminders send-due`; the web pages queue them instead)."""
    report = DeliveryReport()
    for reminder_id in reminder_ids:
        status = deliver_one(reminder_id, now, commit, config)
        if status is None:
            report.skipped += 1
        elif status is MailStatus.SENT:
            report.sent += 1
        else:
            report.failed += 1
    return report
