"""Reminders (đôn đốc) to agencies that have not reported: by hand from the board, or on the request's schedule.

The schedule and the deadline in words are core/deadlines.py, shared with consultations; a step is inserted once
per (recipient, step) (unique key) and committed before it is sent, so it is never sent twice. The queue's worker
sends it and retries a failure with backoff (reports/tasks.py, jobs/mail.py, as for consultations); the board shows
the last error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from commentsvc.accounts.models import Role, User
from commentsvc.core import audit, mail
from commentsvc.core.db import db
from commentsvc.core.deadlines import deadline_phrase, due_step, effective_deadline, is_on_time
from commentsvc.core.errors import UserError
from commentsvc.core.model_mixins import MailStatus
from commentsvc.jobs.mail import MAX_ATTEMPTS, requeue_failed_of, split_addresses
from commentsvc.reports import queries, rules
from commentsvc.reports.models import ReportRecipient, ReportReminder, ReportRequest, RequestStatus


def compose(request: ReportRequest, recipient: ReportRecipient, link: str) -> tuple[str, str]:
    unit = request.drafting_unit
    period = queries.period_of(request)
    deadline = effective_deadline(request.deadline_at, recipient.extended_until)
    subject = f"Đôn đốc báo cáo: {request.title} ({period.label})"[:500]
    lines = [
        f"Kính gửi: {recipient.agency.name}",
        "",
        f"{unit.name} ({unit.parent_name}) đã đề nghị Quý Cơ quan báo cáo {request.title}, kỳ {period.label}.",
        f"Thời hạn gửi báo cáo: {deadline_phrase(deadline)} (giờ Việt Nam).",
        "Đến nay, chúng tôi chưa nhận được báo cáo của Quý Cơ quan. Đề nghị Quý Cơ quan nhập số liệu và gửi báo cáo "
        "tại địa chỉ:",
        link,
        "",
    ]
    if request.contact_name:
        lines.append(f"Người liên hệ: {request.contact_name} {request.contact_phone} {request.contact_email}".strip())
    lines += ["", "Trân trọng.", unit.name]
    return subject, "\n".join(lines) + "\n"


NOTICE_STEP = "notice"  # the e-mail sent when the request goes out, once per agency


def compose_notice(request: ReportRequest, recipient: ReportRecipient, link: str) -> tuple[str, str]:
    """The request itself, to one agency: its own forms, the period and its cut-off, the deadline, where to report."""
    unit = request.drafting_unit
    period = queries.period_of(request)
    forms = [f"- Biểu mẫu {form.code}: {form.title}" for form in queries.forms_for(recipient)]
    letter = f" (văn bản số {request.letter_number})" if request.letter_number else ""
    lines = [
        f"Kính gửi: {recipient.agency.name}",
        "",
        f"{unit.name} ({unit.parent_name}) đề nghị Quý Cơ quan báo cáo {request.title}, kỳ {period.label}{letter}.",
        f"{period.cutoff_label}.",
        "Biểu mẫu của Quý Cơ quan:",
        *forms,
        f"Thời hạn gửi báo cáo: {deadline_phrase(request.deadline_at)} (giờ Việt Nam).",
        "Quý Cơ quan nhập số liệu trực tuyến hoặc tải biểu mẫu Excel, điền và tải lên, rồi gửi báo cáo kèm công văn "
        "tại địa chỉ:",
        link,
        "",
    ]
    if request.contact_name:
        lines.append(f"Người liên hệ: {request.contact_name} {request.contact_phone} {request.contact_email}".strip())
    lines += ["", "Trân trọng.", unit.name]
    return f"Đề nghị báo cáo: {request.title} ({period.label})"[:500], "\n".join(lines) + "\n"


def addresses(recipient: ReportRecipient) -> list[str]:
    members = db.session.scalars(
        sa.select(User.email).where(
            User.agency_id == recipient.agency_id, User.role == Role.AGENCY, User.is_active_account.is_(True)
        )
    ).all()
    found: list[str] = []
    for address in [recipient.agency.email, *sorted(members)]:
        address = (address or "").strip()
        if address and address.lower() not in {a.lower() for a in found} and len(", ".join([*found, address])) <= 255:
            found.append(address)
    return found


def _has_reported(recipient: ReportRecipient) -> bool:
    return recipient.submission is not None and recipient.submission.is_submitted


def remind(recipient: ReportRecipient, step: str, link: str, *, user=None) -> ReportReminder | None:
    """Insert the e-mail to be sent (None when this step exists already); the queue's worker sends it after the
    caller's commit (reports/tasks.py), or ``remind-due`` here and now (:func:`deliver`)."""
    composer = compose_notice if step == NOTICE_STEP else compose
    subject, body = composer(recipient.request, recipient, link)
    reminder = ReportReminder(
        recipient=recipient,
        step=step,
        to_address=", ".join(addresses(recipient)),
        subject=subject,
        body=body,
        created_by_id=getattr(user, "id", None),
    )
    try:
        with db.session.begin_nested():
            db.session.add(reminder)
    except IntegrityError:
        return None
    audit.record("report.remind", reminder, user=user, agency=recipient.agency, step=step, to=reminder.to_address)
    return reminder


def _claim(reminder_id: int) -> bool:
    """Count an attempt, only if the e-mail is still unsent and has attempts left: of two runs racing, one wins."""
    result = db.session.execute(
        sa.update(ReportReminder)
        .where(
            ReportReminder.id == reminder_id,
            ReportReminder.status.in_([MailStatus.PENDING, MailStatus.FAILED]),
            ReportReminder.attempts < MAX_ATTEMPTS,
        )
        .values(attempts=ReportReminder.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def deliver_one(reminder_id: int, now: datetime, commit: Callable[[], None]) -> ReportReminder | None:
    """Claim and send one e-mail, committing the claim before sending and the outcome right after; None when it was
    not to be sent (sent already, by another run, or out of attempts)."""
    if not _claim(reminder_id):
        return None
    commit()
    reminder = db.session.get(ReportReminder, reminder_id, populate_existing=True)
    try:
        mail.send_mail(split_addresses(reminder.to_address), reminder.subject, reminder.body)
        reminder.status, reminder.sent_at, reminder.last_error = MailStatus.SENT, now, ""
    except (mail.MailError, OSError) as error:
        reminder.status, reminder.last_error = MailStatus.FAILED, str(error)[:2000]
    audit.record(
        "report.mail_sent" if reminder.is_sent else "report.mail_failed",
        reminder,
        agency=reminder.recipient.agency,
        step=reminder.step,
        attempts=reminder.attempts,
        error=reminder.last_error,
    )
    commit()
    return reminder


def deliver(reminder_ids: list[int], now: datetime, commit: Callable[[], None]) -> tuple[int, int]:
    """Send each e-mail here and now (``remind-due``): how many were sent and how many failed."""
    outcomes = [deliver_one(reminder_id, now, commit) for reminder_id in reminder_ids]
    sent = sum(1 for reminder in outcomes if reminder is not None and reminder.is_sent)
    return sent, sum(1 for reminder in outcomes if reminder is not None and not reminder.is_sent)


def failed_ids() -> list[int]:
    """E-mails that failed and have attempts left, oldest first (``remind-due`` tries them again; those still
    waiting for their first attempt are the worker's)."""
    query = (
        sa.select(ReportReminder.id)
        .where(
            ReportReminder.status == MailStatus.FAILED,
            ReportReminder.attempts < MAX_ATTEMPTS,
        )
        .order_by(ReportReminder.id)
    )
    return list(db.session.scalars(query))


def requeue_failed(recipients: list[ReportRecipient], user) -> list[ReportReminder]:
    """The team's "Gửi lại": the FAILED e-mails of ``recipients`` back in the queue with no attempts counted, as for
    consultations (jobs/mail.py :func:`requeue`); agencies that have reported since are skipped."""
    requeued = []
    for recipient in recipients:
        if _has_reported(recipient):
            continue
        requeued += requeue_failed_of(
            ReportReminder, recipient, addresses(recipient), user=user, action="report.mail_requeue"
        )
    return requeued


def notify_opened(request: ReportRequest, link: str, *, user=None, recipients=None) -> list[ReportReminder]:
    """Queue the e-mail of the request with its own forms to every agency of a sent request, or to ``recipients``
    (those added since); once per agency: a second call queues nothing."""
    if request.status is not RequestStatus.OPEN:
        return []
    sent = []
    for recipient in request.recipients if recipients is None else recipients:
        notice = remind(recipient, NOTICE_STEP, link, user=user)
        if notice is not None:
            sent.append(notice)
    return sent


def remind_by_hand(request: ReportRequest, recipients, link: str, now: datetime, *, user) -> list[ReportReminder]:
    """One reminder to each chosen agency that has not reported and still may (the others are skipped)."""
    refusal = rules.reminder_refusal(queries.window_for(request), now)
    if refusal:
        raise UserError(refusal, 409)
    sent = []
    for recipient in recipients:
        window = queries.window_for(request, recipient)
        if rules.may_be_reminded(window, now, is_submitted=_has_reported(recipient)):
            reminder = remind(recipient, f"manual-{now:%Y%m%dT%H%M%S%f}-{recipient.id}", link, user=user)
            if reminder is not None:
                sent.append(reminder)
    return sent


def remind_due(now: datetime, link_for) -> list[ReportReminder]:
    """The schedule's step due now, to every agency of an open request that has not reported (``remind-due``)."""
    sent = []
    requests = db.session.scalars(
        sa.select(ReportRequest).where(ReportRequest.status == RequestStatus.OPEN, ReportRequest.opens_at <= now)
    )
    for request in requests:
        for recipient in request.recipients:
            window = queries.window_for(request, recipient)
            step = due_step(request.reminder_days, request.deadline_at, now, recipient.extended_until)
            if step and is_on_time(window, now) and not _has_reported(recipient):
                reminder = remind(recipient, step, link_for(request.id))
                if reminder is not None:
                    sent.append(reminder)
    return sent
