"""Report requests, their forms, recipients, submissions and the values agencies typed.

A request (yêu cầu báo cáo) names a period and a deadline and holds its own forms (biểu mẫu): "Tạo kỳ báo cáo tiếp
theo" copies them, so a form can change from one period to the next without rewriting history. Each form is filled
by one agency group (01 bộ, 02 cơ quan thuộc Chính phủ, 03 tỉnh) or by every recipient. Values are stored as typed
(``raw``) next to their parsed value, so nothing an agency typed is lost, even when it does not parse.
"""

from __future__ import annotations

import enum
import json
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.clock import now_utc
from commentsvc.core.db import UTCDateTime, db, enum_column
from commentsvc.core.model_mixins import LetterColumns, MailColumns
from commentsvc.reports.layout import FormLayout, Row


class RequestStatus(enum.StrEnum):
    DRAFT = "draft"  # being prepared, not sent
    OPEN = "open"  # sent; agencies report until their deadline (later when late reports are accepted)
    CLOSED = "closed"  # closed by the team: consolidation is final


class PeriodKind(enum.StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    RANGE = "range"


class FormKind(enum.StrEnum):
    INDICATORS = "indicators"  # indicator rows × typed value columns
    TASKS = "tasks"  # a task list: each agency reports on the tasks it leads


class SubmissionStatus(enum.StrEnum):
    DRAFTING = "drafting"  # the agency's own: the team sees that it exists, never its figures
    SUBMITTED = "submitted"


class ReportRequest(db.Model):
    __tablename__ = "report_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    drafting_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("drafting_units.id"), index=True)
    previous_id: Mapped[int | None] = mapped_column(sa.ForeignKey("report_requests.id"))  # the previous period
    title: Mapped[str] = mapped_column(sa.String(500))
    period_kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind))
    period_year: Mapped[int | None]
    period_number: Mapped[int | None]  # month 1–12, quarter 1–4, half 1–2
    period_start: Mapped[date | None]  # a date range ("từ ngày … đến ngày …")
    period_end: Mapped[date | None]
    letter_number: Mapped[str] = mapped_column(sa.String(64), default="")
    letter_date: Mapped[date | None]
    letter_signer: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(32), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(255), default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    accepts_late: Mapped[bool] = mapped_column(default=True)
    reminder_days: Mapped[str] = mapped_column(sa.String(32), default="3,1")
    status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus), default=RequestStatus.DRAFT)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    drafting_unit = relationship("DraftingUnit")
    previous: Mapped[ReportRequest | None] = relationship(remote_side=[id])
    forms: Mapped[list[ReportForm]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="ReportForm.position"
    )
    recipients: Mapped[list[ReportRecipient]] = relationship(back_populates="request", cascade="all, delete-orphan")


class ReportForm(db.Model):
    """One form (biểu mẫu) of a request: its layout as JSON, its tasks when it is a task list."""

    __tablename__ = "report_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("report_requests.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(16))  # "01", "02", "03"
    title: Mapped[str] = mapped_column(sa.String(500))
    kind: Mapped[FormKind] = mapped_column(enum_column(FormKind), default=FormKind.INDICATORS)
    agency_group: Mapped[AgencyGroup | None] = mapped_column(enum_column(AgencyGroup))  # None: every recipient
    layout_json: Mapped[str] = mapped_column(sa.Text, default='{"columns": [], "rows": []}')
    position: Mapped[int] = mapped_column(default=0)

    request: Mapped[ReportRequest] = relationship(back_populates="forms")
    tasks: Mapped[list[ReportTask]] = relationship(
        back_populates="form", cascade="all, delete-orphan", order_by="ReportTask.position"
    )

    @property
    def layout(self) -> FormLayout:
        return FormLayout.from_dict(json.loads(self.layout_json))

    @layout.setter
    def layout(self, layout: FormLayout) -> None:
        self.layout_json = json.dumps(layout.as_dict(), ensure_ascii=False)

    def layout_for(self, agency_id: int) -> FormLayout:
        """The grid an agency fills: a task list holds only the tasks it leads."""
        if self.kind is FormKind.INDICATORS:
            return self.layout
        tasks = [task for task in self.tasks if task.lead_agency_id == agency_id]
        return FormLayout(self.layout.columns, tuple(task.as_row() for task in tasks))

    def is_for(self, agency) -> bool:
        if self.agency_group is not None and agency.group is not self.agency_group:
            return False
        return self.kind is FormKind.INDICATORS or any(task.lead_agency_id == agency.id for task in self.tasks)


class ReportTask(db.Model):
    """A numbered task of a task list, assigned to one lead agency (cơ quan chủ trì)."""

    __tablename__ = "report_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("report_forms.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(sa.String(16))
    group_name: Mapped[str] = mapped_column(sa.String(500), default="")
    title: Mapped[str] = mapped_column(sa.Text)
    lead_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    lead_text: Mapped[str] = mapped_column(sa.String(255), default="")  # as the table said it
    due_text: Mapped[str] = mapped_column(sa.String(64), default="")  # "2025", "Quý IV/2023", "Hằng năm"
    position: Mapped[int] = mapped_column(default=0)

    form: Mapped[ReportForm] = relationship(back_populates="tasks")
    lead_agency = relationship("Agency")

    @property
    def key(self) -> str:
        return f"t{self.number}"

    def as_row(self) -> Row:
        return Row(self.key, f"{self.number}. {self.title}", group=self.group_name, due=self.due_text)


class ReportRecipient(db.Model):
    __tablename__ = "report_recipients"
    __table_args__ = (sa.UniqueConstraint("request_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("report_requests.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    extended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[ReportRequest] = relationship(back_populates="recipients")
    agency = relationship("Agency", lazy="joined")
    submission: Mapped[ReportSubmission | None] = relationship(back_populates="recipient", uselist=False)


class ReportSubmission(LetterColumns, db.Model):
    """One agency's report: its values while it fills them, then submitted once with its letter (LetterColumns)."""

    __tablename__ = "report_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("report_recipients.id", ondelete="CASCADE"), unique=True, index=True
    )
    status: Mapped[SubmissionStatus] = mapped_column(enum_column(SubmissionStatus), default=SubmissionStatus.DRAFTING)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now_utc)

    recipient: Mapped[ReportRecipient] = relationship(back_populates="submission")

    @property
    def is_submitted(self) -> bool:
        return self.status is SubmissionStatus.SUBMITTED


class ReportValue(db.Model):
    """One cell: what the agency typed and, when it parses by its column's type, the value in canonical form."""

    __tablename__ = "report_values"
    __table_args__ = (sa.UniqueConstraint("submission_id", "form_id", "row_key", "column_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(sa.ForeignKey("report_submissions.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("report_forms.id", ondelete="CASCADE"), index=True)
    row_key: Mapped[str] = mapped_column(sa.String(64))
    column_key: Mapped[str] = mapped_column(sa.String(64))
    raw: Mapped[str] = mapped_column(sa.Text, default="")
    value: Mapped[str] = mapped_column(sa.Text, default="")  # canonical: "12", "12.5", "2026-03-01", "có"; "" if bad
    error: Mapped[str] = mapped_column(sa.String(500), default="")


class ReportReminder(MailColumns, db.Model):
    """An e-mail to one agency of a report request: the request itself, a reminder by hand or of the schedule."""

    __tablename__ = "report_reminders"
    __table_args__ = (sa.UniqueConstraint("recipient_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("report_recipients.id", ondelete="CASCADE"), index=True)

    recipient: Mapped[ReportRecipient] = relationship()
