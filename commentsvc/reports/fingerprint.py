"""A cheap fingerprint of everything a request's consolidation export is made from (jobs/fingerprint.py hashes).

It covers the rows the consolidation and its trend chart read, for the request and the earlier periods of its chain:
the requests (title, period, deadline, status), the drafting unit (the heading), the forms' layouts and tasks, the
recipients and their agencies, the submitted reports (their update times, lateness, letters' numbers) and their
values; the clock's verdict at ``now`` on each recipient of the request (within its deadline or late), the export's
options and the code version. Figures an agency is still typing are not read: they change nothing until submitted.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from commentsvc.accounts.models import DraftingUnit
from commentsvc.agencies.models import Agency
from commentsvc.core.deadlines import is_on_time
from commentsvc.jobs.fingerprint import columns, fingerprint
from commentsvc.reports import queries as report_queries
from commentsvc.reports.models import (
    ReportForm,
    ReportRecipient,
    ReportRequest,
    ReportSubmission,
    ReportTask,
    ReportValue,
    SubmissionStatus,
)


def source_fingerprint(request: ReportRequest, now: datetime, *extra: str) -> str:
    """The fingerprint of what the consolidation of ``request`` shows at ``now``; ``extra``: the export's options."""
    chain = [earlier.id for earlier in report_queries.chain(request)]
    submitted = (
        sa.select(ReportSubmission.id)
        .join(ReportRecipient, ReportSubmission.recipient_id == ReportRecipient.id)
        .where(ReportRecipient.request_id.in_(chain), ReportSubmission.status == SubmissionStatus.SUBMITTED)
    )
    cells = ReportValue.__table__.c
    queries = {
        "requests": sa.select(*columns(ReportRequest)).where(ReportRequest.id.in_(chain)).order_by(ReportRequest.id),
        "unit": sa.select(*columns(DraftingUnit)).where(DraftingUnit.id == request.drafting_unit_id),
        "forms": sa.select(*columns(ReportForm)).where(ReportForm.request_id.in_(chain)).order_by(ReportForm.id),
        "tasks": sa.select(*columns(ReportTask))
        .join(ReportForm, ReportTask.form_id == ReportForm.id)
        .where(ReportForm.request_id.in_(chain))
        .order_by(ReportTask.id),
        "recipients": sa.select(*columns(ReportRecipient), *columns(Agency))
        .join(Agency, ReportRecipient.agency_id == Agency.id)
        .where(ReportRecipient.request_id.in_(chain))
        .order_by(ReportRecipient.id),
        "submissions": sa.select(*columns(ReportSubmission))
        .where(ReportSubmission.id.in_(submitted))
        .order_by(ReportSubmission.id),
        "values": sa.select(cells.submission_id, cells.form_id, cells.row_key, cells.column_key, cells.value)
        .where(cells.submission_id.in_(submitted))
        .order_by(cells.id),
    }
    # Who is late (and so "chưa báo cáo" past its own deadline) depends on the clock as well as on the rows.
    recipients = sorted(request.recipients, key=lambda recipient: recipient.id)
    verdicts = [
        (now >= request.opens_at, is_on_time(report_queries.window_for(request, recipient), now))
        for recipient in recipients
    ]
    return fingerprint(queries, verdicts, *extra)
