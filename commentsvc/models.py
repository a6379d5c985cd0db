"""Imports every model so SQLAlchemy and Alembic see all tables. Models live in their concept's package."""

from commentsvc.accounts.models import DraftingUnit, LoginAttempt, User
from commentsvc.agencies.models import Agency
from commentsvc.consultations.models import Consultation, Recipient, Reminder
from commentsvc.core.audit import AuditEntry
from commentsvc.drafts.models import Clause, Draft, DraftImport, DraftVersion
from commentsvc.jobs.models import Job
from commentsvc.reports.models import (
    ReportForm,
    ReportRecipient,
    ReportReminder,
    ReportRequest,
    ReportSubmission,
    ReportTask,
    ReportValue,
)
from commentsvc.responses.models import Comment, Reply
from commentsvc.revisions.models import ClauseLink
from commentsvc.synthesis.models import Disposition

__all__ = [
    "Agency",
    "AuditEntry",
    "Clause",
    "ClauseLink",
    "Comment",
    "Consultation",
    "Disposition",
    "Draft",
    "DraftImport",
    "DraftVersion",
    "DraftingUnit",
    "Job",
    "LoginAttempt",
    "Recipient",
    "Reminder",
    "ReportForm",
    "ReportRecipient",
    "ReportReminder",
    "ReportRequest",
    "ReportSubmission",
    "ReportTask",
    "ReportValue",
    "Reply",
    "User",
]
