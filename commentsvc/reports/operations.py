"""Verbs on report requests: create, define forms, choose recipients, send, extend, close, fill, submit, recur.

Each verb checks what may be done now, changes rows, writes one audit entry and flushes; the caller commits.
``now`` is passed in, so the same verbs serve views, commands, the demo and the benchmark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.deadlines import effective_deadline, is_on_time, normalised_reminder_days
from commentsvc.core.errors import Conflict, UserError
from commentsvc.core.text import nfc
from commentsvc.reports import queries, rules
from commentsvc.reports.layout import Column, FormLayout, ValueError_, cell_message, parse, task_columns
from commentsvc.reports.models import (
    FormKind,
    PeriodKind,
    ReportForm,
    ReportRecipient,
    ReportRequest,
    ReportSubmission,
    ReportTask,
    ReportValue,
    RequestStatus,
    SubmissionStatus,
)
from commentsvc.reports.periods import Period
from commentsvc.reports.template import TaskIn
from commentsvc.reports.workbook import Reading
from commentsvc.responses.operations import letter_file_values
from commentsvc.responses.signatures import SignatureVerdict


@dataclass(frozen=True)
class ReportLetter:
    """The covering letter (công văn) of a submitted report; ``attachment`` is a checked PDF or DOCX, or None, and
    ``signature`` its digital signature's verdict when it was checked (as for replies to consultations)."""

    letter_number: str
    letter_date: date | None
    letter_signer: str
    attachment: object | None = None
    signature: SignatureVerdict | None = None


FORM_GROUPS = {"01": AgencyGroup.MINISTRY, "02": AgencyGroup.GOVERNMENT_AGENCY, "03": AgencyGroup.PROVINCE}
MAX_FORMS = 20


def create_request(
    *,
    unit,
    title: str,
    period: Period,
    opens_at: datetime,
    deadline_at: datetime,
    user=None,
    previous: ReportRequest | None = None,
    **details,
) -> ReportRequest:
    """A request saved as a draft; ``details``: letter and contact fields, accepts_late, reminder_days."""
    if deadline_at <= opens_at:
        raise UserError("Hạn gửi báo cáo phải sau thời điểm bắt đầu.")
    request = ReportRequest(
        drafting_unit_id=unit.id,
        previous=previous,
        title=nfc(title.strip())[:500] or "Báo cáo",
        opens_at=opens_at,
        deadline_at=deadline_at,
        status=RequestStatus.DRAFT,
        created_by_id=getattr(user, "id", None),
    )
    _set_period(request, period)
    for name, value in details.items():
        if name == "reminder_days":
            value = normalised_reminder_days(value)
        setattr(request, name, nfc(value.strip()) if isinstance(value, str) else value)
    db.session.add(request)
    db.session.flush()
    audit.record("report.create", request, user=user, period=period.label)
    return request


def _set_period(request: ReportRequest, period: Period) -> None:
    request.period_kind = PeriodKind(period.kind)
    request.period_year, request.period_number = period.year, period.number
    request.period_start, request.period_end = period.start, period.end


def add_form(
    request: ReportRequest,
    *,
    code: str,
    title: str,
    layout: FormLayout,
    kind: FormKind = FormKind.INDICATORS,
    agency_group: AgencyGroup | None = None,
    user=None,
) -> ReportForm:
    """A form of a draft request; its group defaults from its code (01 bộ, 02 cơ quan thuộc CP, 03 tỉnh)."""
    _require_draft(request)
    code = code.strip()[:16]
    if any(form.code == code for form in request.forms):
        raise UserError(f"Yêu cầu đã có biểu mẫu {code}.")
    if len(request.forms) >= MAX_FORMS:
        raise UserError(f"Một yêu cầu có tối đa {MAX_FORMS} biểu mẫu.")
    if kind is FormKind.TASKS:
        layout = FormLayout(task_columns(), ())
    elif not layout.rows or not layout.columns:
        raise UserError("Biểu mẫu cần ít nhất một dòng chỉ tiêu và một cột số liệu.")
    form = ReportForm(
        code=code,
        title=nfc(title.strip())[:500] or f"Biểu mẫu {code}",
        kind=kind,
        agency_group=agency_group if agency_group is not None else FORM_GROUPS.get(code),
        position=len(request.forms),
    )
    form.layout = layout
    request.forms.append(form)
    db.session.flush()
    audit.record("report.add_form", request, user=user, code=code, kind=kind.value, rows=len(layout.rows))
    return form


def remove_form(request: ReportRequest, form: ReportForm, *, user=None) -> None:
    _require_draft(request)
    request.forms.remove(form)
    db.session.flush()
    audit.record("report.remove_form", request, user=user, code=form.code)


MSG_FORM_LOCKED = (
    "Biểu mẫu đã khóa: yêu cầu báo cáo đã được gửi và các cơ quan đang điền biểu mẫu này; thêm, sửa, chuyển hay xóa "
    "dòng, cột lúc này sẽ làm mất số liệu các cơ quan đã nhập. Muốn đổi biểu mẫu, hãy tạo kỳ báo cáo tiếp theo và "
    "sửa biểu mẫu ở kỳ đó."
)


def edit_layout(form: ReportForm, edit: Callable[[FormLayout], FormLayout], *, user=None, **details) -> ReportForm:
    """One change of one row or column (layout_edits.py) of an indicator form, while its request is a draft."""
    if form.request.status is not RequestStatus.DRAFT:
        raise Conflict(MSG_FORM_LOCKED)
    if form.kind is FormKind.TASKS:
        raise UserError(
            "Các cột của danh sách nhiệm vụ là cố định; để đổi nhiệm vụ, hãy sửa bảng nhiệm vụ rồi nhập lại."
        )
    form.layout = edit(form.layout)
    db.session.flush()
    audit.record("report.edit_form", form.request, user=user, code=form.code, **details)
    return form


def add_tasks(form: ReportForm, tasks: Iterable[TaskIn], *, user=None) -> list[TaskIn]:
    """Replace the form's tasks; returns the tasks whose lead agency was not found in the directory."""
    _require_draft(form.request)
    if form.kind is not FormKind.TASKS:
        raise UserError("Chỉ biểu mẫu danh sách nhiệm vụ mới nhập được bảng nhiệm vụ.")
    agencies = db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True))).all()
    index = _agency_index(agencies)
    form.tasks.clear()
    unmatched, numbers = [], set()
    for position, task in enumerate(tasks):
        if task.number in numbers:
            raise UserError(f"Dòng {task.line}: số thứ tự nhiệm vụ “{task.number}” bị trùng.")
        numbers.add(task.number)
        lead = index.get(_name_key(task.lead))
        if lead is None:
            unmatched.append(task)
        form.tasks.append(
            ReportTask(
                number=task.number,
                group_name=task.group[:500],
                title=task.title,
                lead_agency_id=lead.id if lead else None,
                lead_text=task.lead[:255],
                due_text=task.due,
                position=position,
            )
        )
    db.session.flush()
    audit.record("report.add_tasks", form.request, user=user, code=form.code, tasks=len(numbers))
    return unmatched


def _name_key(name: str) -> str:
    return nfc(name).casefold().strip()


def _agency_index(agencies) -> dict[str, Agency]:
    index = {}
    for agency in agencies:
        for name in (agency.code, agency.name, agency.short_name):
            if name:
                index[_name_key(name)] = agency
    return index


# --- recipients and lifecycle ---------------------------------------------------------------------------------


def add_agencies(request: ReportRequest, agencies: Iterable[Agency], *, user=None) -> list[ReportRecipient]:
    """Add single agencies (active ones only); those already there are left as they are. Allowed until closed, as for
    consultations; once sent, an agency added must have a form to fill (the caller e-mails it the request)."""
    _refuse_when_closed(request)
    agencies = list(agencies)
    inactive = [agency.name for agency in agencies if not agency.is_active]
    if inactive:
        raise UserError("Không thể yêu cầu báo cáo cơ quan đã ngừng hoạt động: " + ", ".join(inactive) + ".")
    present = {recipient.agency_id for recipient in request.recipients}
    new = list({agency.id: agency for agency in agencies if agency.id not in present}.values())
    if request.status is RequestStatus.OPEN:
        without = [agency.name for agency in new if not any(form.is_for(agency) for form in request.forms)]
        if without:
            raise UserError("Các cơ quan sau không có biểu mẫu nào để báo cáo: " + ", ".join(without[:10]) + ".")
    added = []
    for agency in new:
        recipient = ReportRecipient(agency=agency)
        request.recipients.append(recipient)
        added.append(recipient)
    db.session.flush()
    if added:
        audit.record("report.add_recipients", request, user=user, agencies=[r.agency.code for r in added])
    return added


def remove_recipient(request: ReportRequest, recipient: ReportRecipient, *, user=None) -> None:
    """Take an agency off the list; refused once it has a report (even one it is still filling), as a consultation
    refuses once the agency has a reply."""
    _refuse_when_closed(request)
    has_report = (
        db.session.scalar(sa.select(ReportSubmission.id).where(ReportSubmission.recipient_id == recipient.id))
        is not None
    )
    if has_report:
        raise Conflict(f"{recipient.agency.name} đã nhập số liệu báo cáo; không thể bỏ cơ quan này khỏi danh sách.")
    code = recipient.agency.code
    request.recipients.remove(recipient)
    db.session.flush()
    audit.record("report.remove_recipient", request, user=user, agency=code)


def _refuse_when_closed(request: ReportRequest) -> None:
    if request.status is RequestStatus.CLOSED:
        raise Conflict("Yêu cầu báo cáo đã kết thúc; không thể thay đổi danh sách cơ quan.")


def add_groups(request: ReportRequest, groups: Iterable[AgencyGroup], *, user=None) -> list[ReportRecipient]:
    groups = list(groups)
    if not groups:
        return []
    agencies = db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True), Agency.group.in_(groups)))
    if request.status is RequestStatus.OPEN:  # once sent, a whole group brings only the agencies with a form
        agencies = [agency for agency in agencies if any(form.is_for(agency) for form in request.forms)]
    return add_agencies(request, agencies, user=user)


def open_request(request: ReportRequest, now: datetime, *, user=None) -> ReportRequest:
    """Send it: every agency sees its own forms from ``opens_at``; the forms no longer change."""
    _require_draft(request)
    if not request.forms:
        raise UserError("Chưa có biểu mẫu nào.")
    if not request.recipients:
        raise UserError("Chưa chọn cơ quan nào.")
    without = [r.agency.name for r in request.recipients if not any(f.is_for(r.agency) for f in request.forms)]
    if without:
        raise UserError("Các cơ quan sau không có biểu mẫu nào để báo cáo: " + ", ".join(without[:10]) + ".")
    request.opens_at = max(request.opens_at, now)
    if request.deadline_at <= request.opens_at:
        raise UserError("Hạn gửi báo cáo phải sau thời điểm hiện tại.")
    request.status = RequestStatus.OPEN
    db.session.flush()
    audit.record("report.open", request, user=user, recipients=len(request.recipients))
    return request


def extend_recipient(request, recipient: ReportRecipient, until: datetime, now: datetime, *, user=None):
    _require_open(request)
    if until <= effective_deadline(request.deadline_at, recipient.extended_until) or until <= now:
        raise UserError("Hạn gia hạn phải sau hạn hiện tại của cơ quan và sau thời điểm hiện tại.")
    recipient.extended_until = until
    db.session.flush()
    audit.record("report.extend_recipient", request, user=user, agency=recipient.agency.code, until=until.isoformat())
    return recipient


def extend_all(request: ReportRequest, deadline_at: datetime, now: datetime, *, user=None) -> ReportRequest:
    _require_open(request)
    if deadline_at <= request.deadline_at or deadline_at <= now:
        raise UserError("Hạn mới phải sau hạn hiện tại và sau thời điểm hiện tại.")
    request.deadline_at = deadline_at
    db.session.flush()
    audit.record("report.extend", request, user=user, until=deadline_at.isoformat())
    return request


def close_request(request: ReportRequest, now: datetime, *, user=None) -> ReportRequest:
    _require_open(request)
    request.status, request.closed_at = RequestStatus.CLOSED, now
    db.session.flush()
    audit.record("report.close", request, user=user, early=now < request.deadline_at)
    return request


def _require_draft(request: ReportRequest) -> None:
    if request.status is not RequestStatus.DRAFT:
        raise Conflict("Yêu cầu báo cáo đã được gửi; biểu mẫu không thể thay đổi.")


def _require_open(request: ReportRequest) -> None:
    if request.status is not RequestStatus.OPEN:
        raise Conflict("Yêu cầu báo cáo chưa gửi hoặc đã kết thúc.")


# --- filling ------------------------------------------------------------------------------------------------------


def mark_opened(recipient: ReportRecipient, now: datetime) -> None:
    if recipient.first_opened_at is None:
        recipient.first_opened_at = now


def check_editable(recipient: ReportRecipient, now: datetime) -> None:
    submission = recipient.submission
    window = queries.window_for(recipient.request, recipient)
    reason = rules.refusal_reason(window, now, is_submitted=submission is not None and submission.is_submitted)
    if reason:
        raise Conflict(reason)


def ensure_submission(recipient: ReportRecipient) -> ReportSubmission:
    if recipient.submission is None:
        recipient.submission = ReportSubmission(status=SubmissionStatus.DRAFTING)
        db.session.flush()
    return recipient.submission


def save_cells(
    recipient: ReportRecipient, form: ReportForm, typed: Mapping[tuple[str, str], object], *, user, now: datetime
) -> dict[tuple[str, str], str]:
    """Keep every typed value (those that do not parse too, with their message); returns the messages by cell.

    Keys outside the agency's own grid are ignored: an agency writes only its own rows and columns.
    """
    check_editable(recipient, now)
    layout = form.layout_for(recipient.agency_id)
    submission = ensure_submission(recipient)
    existing = queries.cells_of(submission, form)
    errors = {}
    for (row_key, column_key), raw in typed.items():
        row, column = layout.row(row_key), layout.column(column_key)
        if row is None or column is None:
            continue
        value, error = _parsed(column, raw)
        if error:
            errors[(row_key, column_key)] = cell_message(row, column, error)
        cell = existing.get((row_key, column_key))
        if cell is None:
            cell = ReportValue(submission_id=submission.id, form_id=form.id, row_key=row_key, column_key=column_key)
            db.session.add(cell)
        cell.raw, cell.value, cell.error = _raw_text(raw), value, error[:500]
    submission.updated_at = now
    db.session.flush()
    audit.record("report.save", submission, user=user, agency=recipient.agency, form=form.code, cells=len(typed))
    return errors


def _parsed(column: Column, raw) -> tuple[str, str]:
    try:
        return parse(column, raw), ""
    except ValueError_ as error:
        return "", str(error)


def _raw_text(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, datetime):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, date):
        return raw.strftime("%d/%m/%Y")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return nfc(str(raw))[:4000]


def save_reading(recipient: ReportRecipient, form: ReportForm, reading: Reading, *, user, now: datetime) -> dict:
    """An uploaded workbook's cells, as if typed online; cells left empty in the file are emptied here too."""
    layout = form.layout_for(recipient.agency_id)
    typed = {
        (row.key, column.key): reading.raw.get((row.key, column.key))
        for row in layout.rows
        for column in layout.columns
    }
    return save_cells(recipient, form, typed, user=user, now=now)


def problems(recipient: ReportRecipient) -> list[str]:
    """What stops a submission: cells that do not parse and required cells left empty, named by row and column."""
    found = []
    submission = recipient.submission
    for form in queries.forms_for(recipient):
        layout = form.layout_for(recipient.agency_id)
        cells = queries.cells_of(submission, form)
        blank = not any(cell.value or cell.error for cell in cells.values())
        if blank and not any(column.required for column in layout.columns):
            # A form sent back blank would count as reported on the board and in the consolidation (a form with
            # required columns names each empty cell below instead).
            found.append(f"Biểu mẫu {form.code}: chưa nhập số liệu nào.")
            continue
        for row in layout.rows:
            for column in layout.columns:
                cell = cells.get((row.key, column.key))
                if cell is not None and cell.error:
                    found.append(f"Biểu mẫu {form.code}: " + cell_message(row, column, cell.error))
                elif column.required and (cell is None or not cell.value):
                    found.append(f"Biểu mẫu {form.code}: " + cell_message(row, column, "bắt buộc nhập."))
    return found


def submit_report(recipient: ReportRecipient, letter: ReportLetter, *, user, now: datetime) -> bool:
    """Submit once with the letter (number, date, signer, optional file). False when it was already submitted."""
    if recipient.submission is not None and recipient.submission.is_submitted:
        return False
    check_editable(recipient, now)
    found = problems(recipient)
    if found:
        raise UserError(f"Còn {len(found)} ô chưa hợp lệ: " + " ".join(found[:5]))
    submission = ensure_submission(recipient)
    window = queries.window_for(recipient.request, recipient)
    values = {
        "status": SubmissionStatus.SUBMITTED,
        "letter_number": letter.letter_number.strip(),
        "letter_date": letter.letter_date,
        "letter_signer": letter.letter_signer.strip(),
        "submitted_at": now,
        "submitted_by_id": user.id,
        "is_late": not is_on_time(window, now),
    }
    values |= letter_file_values(letter.attachment, letter.signature)
    claimed = db.session.execute(
        sa.update(ReportSubmission)
        .where(ReportSubmission.id == submission.id, ReportSubmission.status == SubmissionStatus.DRAFTING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    db.session.refresh(submission)
    audit.record(
        "report.submit",
        submission,
        user=user,
        agency=recipient.agency,
        late=values["is_late"],
        signature=values.get("signature_status", ""),
    )
    return True


# --- recurrence -------------------------------------------------------------------------------------------------


def next_period(request: ReportRequest, now: datetime, *, user=None) -> ReportRequest:
    """ "Tạo kỳ báo cáo tiếp theo": the same forms, tasks and recipients for the next period, as a draft.

    The deadline moves by the period's length (a range by its own length), never into the past. A period has one next
    period: when its draft (or request) was made already, that one is returned and nothing is copied again.
    """
    existing = following_request(request)
    if existing is not None:
        return existing
    period = queries.period_of(request).next()
    shift = _shift(queries.period_of(request), period)
    deadline = request.deadline_at + shift
    if deadline <= now:
        deadline = now + (request.deadline_at - request.opens_at)
    copy = create_request(
        unit=request.drafting_unit,
        title=request.title,
        period=period,
        opens_at=now,
        deadline_at=deadline,
        user=user,
        previous=request,
        contact_name=request.contact_name,
        contact_phone=request.contact_phone,
        contact_email=request.contact_email,
        accepts_late=request.accepts_late,
        reminder_days=request.reminder_days,
    )
    for form in request.forms:
        twin = ReportForm(
            code=form.code, title=form.title, kind=form.kind, agency_group=form.agency_group, position=form.position
        )
        twin.layout_json = form.layout_json
        twin.tasks = [
            ReportTask(
                number=t.number,
                group_name=t.group_name,
                title=t.title,
                lead_agency_id=t.lead_agency_id,
                lead_text=t.lead_text,
                due_text=t.due_text,
                position=t.position,
            )
            for t in form.tasks
        ]
        copy.forms.append(twin)
    add_agencies(copy, [recipient.agency for recipient in request.recipients], user=user)
    audit.record("report.next_period", copy, user=user, previous_id=request.id, period=period.label)
    return copy


def following_request(request: ReportRequest) -> ReportRequest | None:
    """The request made for the period after ``request``'s, if any."""
    query = sa.select(ReportRequest).where(ReportRequest.previous_id == request.id).order_by(ReportRequest.id)
    return db.session.scalars(query.limit(1)).first()


def _shift(old: Period, new: Period) -> timedelta:
    return new.cutoff[1] - old.cutoff[1]
