"""Reminders (đôn đốc) to agencies that have not reported: by hand from the board, or on the request's schedule.

The schedule and the deadline in words are core/deadlines.py, shared with consultations; a step is inserted once
per (recipient, step) (unique key) before it is sent, so it is never sent twice. Sending uses core/mail.py.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from commentsvc.accounts.models import Role, User
from commentsvc.core import audit, mail
from commentsvc.core.db import db
from commentsvc.core.deadlines import deadline_phrase, due_step, effective_deadline, is_on_time
from commentsvc.core.errors import UserError
from commentsvc.reports import queries
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


def remind(recipient: ReportRecipient, step: str, link: str, now: datetime, *, user=None) -> ReportReminder | None:
    """Insert the reminder (None when this step exists already), then send it and record the outcome."""
    composer = compose_notice if step == NOTICE_STEP else compose
    subject, body = composer(recipient.request, recipient, link)
    to = addresses(recipient)
    reminder = ReportReminder(
        recipient=recipient,
        step=step,
        to_address=", ".join(to),
        subject=subject,
        body=body,
        created_by_id=getattr(user, "id", None),
    )
    try:
        with db.session.begin_nested():
            db.session.add(reminder)
    except IntegrityError:
        return None
    try:
        mail.send_mail(to, subject, body)
        reminder.is_sent, reminder.sent_at = True, now
    except (mail.MailError, OSError) as error:
        reminder.last_error = str(error)[:2000]
    audit.record("report.remind", reminder, user=user, agency=recipient.agency, step=step, sent=reminder.is_sent)
    return reminder


def notify_opened(request: ReportRequest, link: str, now: datetime, *, user=None) -> list[ReportReminder]:
    """E-mail every agency the request with its own forms (once: a second call sends nothing)."""
    sent = []
    for recipient in request.recipients:
        notice = remind(recipient, NOTICE_STEP, link, now, user=user)
        if notice is not None:
            sent.append(notice)
    return sent


def remind_by_hand(request: ReportRequest, recipients, link: str, now: datetime, *, user) -> list[ReportReminder]:
    if request.status is RequestStatus.DRAFT:
        raise UserError("Yêu cầu báo cáo chưa được gửi; chưa thể đôn đốc.", 409)
    sent = []
    for recipient in recipients:
        if not _has_reported(recipient):
            reminder = remind(recipient, f"manual-{now:%Y%m%dT%H%M%S%f}-{recipient.id}", link, now, user=user)
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
                reminder = remind(recipient, step, link_for(request.id), now)
                if reminder is not None:
                    sent.append(reminder)
    return sent
