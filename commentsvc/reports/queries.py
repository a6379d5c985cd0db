"""Read-only loaders of report requests (no Flask, no writes). Build a Window only with :func:`window_for`."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy import orm

from commentsvc.core.db import db
from commentsvc.core.deadlines import Window
from commentsvc.reports import consolidation as cons
from commentsvc.reports.layout import FormLayout
from commentsvc.reports.models import (
    FormKind,
    ReportForm,
    ReportRecipient,
    ReportRequest,
    ReportSubmission,
    ReportValue,
    RequestStatus,
    SubmissionStatus,
)
from commentsvc.reports.periods import Period


def window_for(request: ReportRequest, recipient: ReportRecipient | None = None) -> Window:
    return Window(
        is_sent=request.status is not RequestStatus.DRAFT,
        is_closed_by_team=request.status is RequestStatus.CLOSED,
        opens_at=request.opens_at,
        deadline_at=request.deadline_at,
        extended_until=recipient.extended_until if recipient is not None else None,
        accepts_late=request.accepts_late,
        silence_is_agreement=False,  # a report never sent is "chưa báo cáo"
    )


def period_of(request: ReportRequest) -> Period:
    return Period(
        request.period_kind.value, request.period_year, request.period_number, request.period_start, request.period_end
    )


def request_for_unit(request_id: int, unit_id: int | None) -> ReportRequest | None:
    request = db.session.get(ReportRequest, request_id)
    if request is None or unit_id is None or request.drafting_unit_id != unit_id:
        return None
    return request


def unit_requests(unit_id: int) -> list[ReportRequest]:
    return list(
        db.session.scalars(
            sa.select(ReportRequest)
            .where(ReportRequest.drafting_unit_id == unit_id)
            .order_by(ReportRequest.created_at.desc(), ReportRequest.id.desc())
        )
    )


def recipient_for_agency(request_id: int, agency_id: int | None) -> ReportRecipient | None:
    """The agency's own recipient row of a sent request; None for drafts and other agencies (404)."""
    if agency_id is None:
        return None
    return db.session.scalar(
        sa.select(ReportRecipient)
        .join(ReportRequest)
        .where(
            ReportRecipient.request_id == request_id,
            ReportRecipient.agency_id == agency_id,
            ReportRequest.status != RequestStatus.DRAFT,
        )
    )


def agency_recipients(agency_id: int | None) -> list[ReportRecipient]:
    if agency_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(ReportRecipient)
            .join(ReportRequest)
            .where(ReportRecipient.agency_id == agency_id, ReportRequest.status != RequestStatus.DRAFT)
            .options(orm.contains_eager(ReportRecipient.request))
            .order_by(ReportRequest.deadline_at.desc())
        )
    )


def recipient_in(request: ReportRequest, recipient_id: int) -> ReportRecipient | None:
    recipient = db.session.get(ReportRecipient, recipient_id)
    return recipient if recipient is not None and recipient.request_id == request.id else None


def forms_for(recipient: ReportRecipient) -> list[ReportForm]:
    return [form for form in recipient.request.forms if form.is_for(recipient.agency)]


def form_of(recipient: ReportRecipient, form_id: int) -> ReportForm | None:
    return next((form for form in forms_for(recipient) if form.id == form_id), None)


def cells_of(submission: ReportSubmission | None, form: ReportForm) -> dict[tuple[str, str], ReportValue]:
    if submission is None:
        return {}
    rows = db.session.scalars(
        sa.select(ReportValue).where(ReportValue.submission_id == submission.id, ReportValue.form_id == form.id)
    )
    return {(value.row_key, value.column_key): value for value in rows}


def last_values(recipient: ReportRecipient, form: ReportForm) -> dict[tuple[str, str], str]:
    """The same agency's submitted values of the same form (by code) in the previous period, by row and column."""
    previous = recipient.request.previous
    if previous is None:
        return {}
    query = (
        sa.select(ReportValue.row_key, ReportValue.column_key, ReportValue.value)
        .join(ReportSubmission, ReportSubmission.id == ReportValue.submission_id)
        .join(ReportRecipient, ReportRecipient.id == ReportSubmission.recipient_id)
        .join(ReportForm, ReportForm.id == ReportValue.form_id)
        .where(
            ReportRecipient.request_id == previous.id,
            ReportRecipient.agency_id == recipient.agency_id,
            ReportSubmission.status == SubmissionStatus.SUBMITTED,
            ReportForm.code == form.code,
        )
    )
    return {(row, column): value for row, column, value in db.session.execute(query)}


# --- consolidation -----------------------------------------------------------------------------------------------


def consolidation(request: ReportRequest, line_rows=None) -> cons.Consolidation:
    """Everything the consolidation needs, in three queries, then the pure :func:`consolidate` (``line_rows``: see
    there)."""
    recipients = db.session.scalars(
        sa.select(ReportRecipient)
        .where(ReportRecipient.request_id == request.id)
        .options(orm.selectinload(ReportRecipient.submission))
    ).all()
    agencies = [_agency_in(recipient) for recipient in recipients]
    forms = [_form_in(form, recipients) for form in request.forms]
    values: dict[tuple[int, int], dict[tuple[str, str], str]] = defaultdict(dict)
    agency_of = {
        r.submission.id: r.agency_id for r in recipients if r.submission is not None and r.submission.is_submitted
    }
    cells = ReportValue.__table__.c  # Core, not ORM: 170,000 rows for 90 agencies × 200 rows × 10 columns
    query = sa.select(cells.submission_id, cells.form_id, cells.row_key, cells.column_key, cells.value).where(
        cells.submission_id.in_(list(agency_of)), cells.value != ""
    )
    # The driver's own tuples: these plain columns need no conversion, and building 170,000 Row objects would cost
    # more than the query itself.
    rows = db.session.connection().execute(query).cursor.fetchall()
    for submission_id, form_id, row_key, column_key, value in rows:
        values[(agency_of[submission_id], form_id)][(row_key, column_key)] = value
    return cons.consolidate(request.title, period_of(request).label, forms, agencies, values, line_rows)


def submitted_value_count(request: ReportRequest) -> int:
    """Filled cells of the submitted reports: how big the consolidation is, counted without loading it."""
    return db.session.scalar(
        sa.select(sa.func.count(ReportValue.id))
        .join(ReportSubmission, ReportValue.submission_id == ReportSubmission.id)
        .join(ReportRecipient, ReportSubmission.recipient_id == ReportRecipient.id)
        .where(
            ReportRecipient.request_id == request.id,
            ReportSubmission.status == SubmissionStatus.SUBMITTED,
            ReportValue.value != "",
        )
    )


def _agency_in(recipient: ReportRecipient) -> cons.AgencyIn:
    submission = recipient.submission
    reported = submission is not None and submission.is_submitted
    agency = recipient.agency
    return cons.AgencyIn(
        agency.id,
        agency.name,
        agency.group.label,
        agency.sort_key,
        reported,
        is_late=bool(reported and submission.is_late),
        submitted_at=submission.submitted_at if reported else None,
        letter_number=submission.letter_number if reported else "",
    )


def _form_in(form: ReportForm, recipients) -> cons.FormIn:
    members = frozenset(r.agency_id for r in recipients if form.is_for(r.agency))
    if form.kind is FormKind.INDICATORS:
        return cons.FormIn(form.id, form.code, form.title, False, form.layout, members)
    layout = FormLayout(form.layout.columns, tuple(task.as_row() for task in form.tasks))
    leads = {task.key: task.lead_agency_id for task in form.tasks}
    return cons.FormIn(form.id, form.code, form.title, True, layout, members, leads)


def chain(request: ReportRequest, limit: int = 12) -> list[ReportRequest]:
    """This request and its previous periods, oldest first."""
    found = [request]
    while found[-1].previous is not None and len(found) < limit and found[-1].previous not in found:
        found.append(found[-1].previous)
    return list(reversed(found))
