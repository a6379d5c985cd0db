"""Report requests, for the team: create, define forms, choose recipients, send, extend, close, next period.

Only drafters of the request's unit reach these pages: other roles 403 (decorator), other units' ids 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.agencies.models import AgencyGroup
from commentsvc.agencies.operations import chosen_agencies, picker
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.reports import layout_edits, operations, queries, reminders, rules, tasks
from commentsvc.reports.forms import (
    ActionForm,
    BuildForm,
    DeadlineForm,
    LayoutEditForm,
    RequestForm,
    TemplateForm,
    UploadForm,
)
from commentsvc.reports.layout import ColumnType
from commentsvc.reports.models import FormKind, ReportForm, ReportRequest, RequestStatus
from commentsvc.reports.template import named_forms, read_task_table, read_template

bp = Blueprint("reports", __name__, url_prefix="/reports")
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


def own(request_id: int) -> ReportRequest:
    return queries.request_for_unit(request_id, current_user.drafting_unit_id) or abort(404)


def _validated(form) -> None:
    if not form.validate_on_submit():
        messages = [error for errors in form.errors.values() for error in errors]
        raise UserError(messages[0] if messages else "Dữ liệu gửi lên không hợp lệ.")


def _done(report: ReportRequest, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("reports.detail", request_id=report.id))


def uploaded_bytes(storage, limit: int) -> bytes:
    if storage is None or not getattr(storage, "filename", ""):
        raise UserError("Vui lòng chọn tệp Excel (.xlsx).")
    return storage.read(limit + 1)


@bp.route("/")
@drafter_required
def index():
    reports = queries.unit_requests(current_user.drafting_unit_id)
    now = now_utc()
    rows = [(report, rules.phase(queries.window_for(report), now), queries.period_of(report)) for report in reports]
    return render_template("reports/index.html", rows=rows, phase_labels=rules.PHASE_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@drafter_required
def create():
    form = RequestForm()
    if form.validate_on_submit():
        now = now_utc()
        report = operations.create_request(
            unit=current_user.drafting_unit,
            title=form.title.data,
            period=form.period(),
            opens_at=now,
            deadline_at=form.deadline_at,
            user=current_user,
            **form.details(),
        )
        operations.add_groups(report, [AgencyGroup(g) for g in form.groups.data or ()], user=current_user)
        return _done(report, "Đã lưu bản nháp yêu cầu báo cáo. Thêm biểu mẫu rồi gửi.")
    return render_template("reports/form.html", form=form), (400 if form.errors else 200)


@bp.route("/<int:request_id>")
@drafter_required
def detail(request_id: int):
    report = own(request_id)
    now = now_utc()
    return render_template(
        "reports/detail.html",
        report=report,
        period=queries.period_of(report),
        phase=rules.phase(queries.window_for(report), now),
        phase_labels=rules.PHASE_LABELS,
        build_form=_typed(BuildForm, "reports.build"),
        template_form=_typed(TemplateForm, "reports.upload_template"),
        upload_form=UploadForm(formdata=None),
        deadline_form=_typed(DeadlineForm, "reports.extend_all"),
        action_form=ActionForm(),
        recipients=sorted(report.recipients, key=lambda r: r.agency.sort_key),
        picker=picker({recipient.agency_id for recipient in report.recipients}),
        now=now,
    )


def _typed(form_class, endpoint: str):
    """The page's form that was posted and refused, shown again with what was typed; its other forms empty (several
    share field names: code, title)."""
    return form_class() if request.method == "POST" and request.endpoint == endpoint else form_class(formdata=None)


@bp.route("/<int:request_id>/forms", methods=["POST"])
@drafter_required
def build(request_id: int):
    report = own(request_id)
    form = BuildForm()
    _validated(form)
    layout = form.layout()
    kind = FormKind(form.kind.data)
    operations.add_form(
        report,
        code=form.code.data,
        title=form.title.data,
        layout=layout,
        kind=kind,
        agency_group=form.group(),
        user=current_user,
    )
    return _done(report, f"Đã thêm biểu mẫu {form.code.data}.")


@bp.route("/<int:request_id>/forms/template", methods=["POST"])
@drafter_required
def upload_template(request_id: int):
    report = own(request_id)
    form = TemplateForm()
    _validated(form)
    reading = read_template(uploaded_bytes(form.file.data, TEMPLATE_MAX_BYTES), form.sheet.data or "")
    group = AgencyGroup(form.agency_group.data) if form.agency_group.data else None
    read = []
    for code, title, layout in named_forms(reading, form.code.data or "", form.title.data or ""):
        operations.add_form(report, code=code, title=title, layout=layout, agency_group=group, user=current_user)
        columns = ", ".join(f"{column.label} ({column.type.label})" for column in layout.columns)
        read.append(f"Biểu mẫu {code}: {len(layout.rows)} dòng; các cột: {columns}.")
    skipped = f" {reading.skipped_message}" if reading.skipped else ""
    return _done(report, "Đã đọc mẫu. " + " ".join(read) + skipped)


@bp.route("/<int:request_id>/forms/<int:form_id>/tasks", methods=["POST"])
@drafter_required
def upload_tasks(request_id: int, form_id: int):
    report = own(request_id)
    target = _form_of(report, form_id)
    form = UploadForm()
    _validated(form)
    unmatched = operations.add_tasks(
        target, read_task_table(uploaded_bytes(form.file.data, TEMPLATE_MAX_BYTES)), user=current_user
    )
    if unmatched:
        names = sorted({task.lead for task in unmatched})
        flash(f"{len(unmatched)} nhiệm vụ chưa xác định được cơ quan chủ trì: " + "; ".join(names[:10]), "error")
    return _done(report, f"Đã nhập {len(target.tasks)} nhiệm vụ.")


@bp.route("/<int:request_id>/forms/<int:form_id>/remove", methods=["POST"])
@drafter_required
def remove_form(request_id: int, form_id: int):
    report = own(request_id)
    target = _form_of(report, form_id)
    _validated(ActionForm())
    operations.remove_form(report, target, user=current_user)
    return _done(report, f"Đã bỏ biểu mẫu {target.code}.")


def _form_of(report: ReportRequest, form_id: int) -> ReportForm:
    return next((f for f in report.forms if f.id == form_id), None) or abort(404)


@bp.route("/<int:request_id>/forms/<int:form_id>")
@drafter_required
def show_form(request_id: int, form_id: int):
    report = own(request_id)
    target = _form_of(report, form_id)
    typed = request.form if request.method == "POST" else {}  # a refused change is shown again as typed
    return render_template(
        "reports/form_layout.html",
        report=report,
        form=target,
        layout=target.layout,
        editable=report.status is RequestStatus.DRAFT and target.kind is FormKind.INDICATORS,
        locked_message=operations.MSG_FORM_LOCKED if report.status is not RequestStatus.DRAFT else "",
        column_types=list(ColumnType),
        typed=typed,
        typed_action=(request.view_args or {}).get("change", "") if typed else "",
        typed_key=typed.get("key", ""),
        csrf_form=ActionForm(formdata=None),
    )


LAYOUT_ACTIONS = "add_row, rename_row, move_row, remove_row, add_column, change_column, move_column, remove_column"


@bp.route(f"/<int:request_id>/forms/<int:form_id>/layout/<any({LAYOUT_ACTIONS}):change>", methods=["POST"])
@drafter_required
def edit_layout(request_id: int, form_id: int, change: str):
    """One change of one row or column of a draft request's indicator form."""
    report = own(request_id)
    target = _form_of(report, form_id)
    form = LayoutEditForm()
    _validated(form)
    key = request.form.get("key", "")[:64]
    label, kind, choices = form.label.data or "", form.type.data or "", form.choices.data or ""
    position = form.position.data
    if change.startswith("move") and position is None:
        raise UserError("Vui lòng nhập vị trí cần chuyển đến.", field="position")
    edits = {
        "add_row": lambda layout: layout_edits.add_row(layout, label, position),
        "rename_row": lambda layout: layout_edits.rename_row(layout, key, label),
        "move_row": lambda layout: layout_edits.move_row(layout, key, position),
        "remove_row": lambda layout: layout_edits.remove_row(layout, key),
        "add_column": lambda layout: layout_edits.add_column(layout, label, kind, choices, position),
        "change_column": lambda layout: layout_edits.change_column(layout, key, label, kind, choices),
        "move_column": lambda layout: layout_edits.move_column(layout, key, position),
        "remove_column": lambda layout: layout_edits.remove_column(layout, key),
    }
    before = target.layout
    operations.edit_layout(target, edits[change], user=current_user, change=change, key=key)
    db.session.commit()
    flash(_edit_message(change, before, target.layout, key), "success")
    part = "rows" if change.endswith("_row") else "columns"
    return redirect(url_for("reports.show_form", request_id=report.id, form_id=target.id, _anchor=part))


def _edit_message(action: str, before, after, key: str) -> str:
    is_row = action.endswith("_row")
    what, items = ("dòng", after.rows) if is_row else ("cột", after.columns)
    earlier = before.row if is_row else before.column
    if action.startswith("add"):
        added = next(item for item in items if earlier(item.key) is None)
        return f"Đã thêm {what} “{added.label}”."
    old, new = earlier(key), next((item for item in items if item.key == key), None)
    if action.startswith("remove"):
        return f"Đã xóa {what} “{old.label}”."
    if action.startswith("move"):
        return f"Đã chuyển {what} “{old.label}” đến vị trí {items.index(new) + 1}."
    if is_row:
        return f"Đã đổi tên dòng “{old.label}” thành “{new.label}”."
    return f"Đã sửa cột “{new.label}” ({new.type.label})."


def _groups(values: list[str]) -> list[AgencyGroup]:
    return [AgencyGroup(value) for value in values if value in AgencyGroup._value2member_map_]


@bp.route("/<int:request_id>/recipients/groups", methods=["POST"])
@drafter_required
def add_groups(request_id: int):
    report = own(request_id)
    _validated(ActionForm())
    added = operations.add_groups(report, _groups(request.form.getlist("groups")), user=current_user)
    response = _done(report, f"Đã thêm {len(added)} cơ quan.")
    _send_notices(report, added)
    return response


@bp.route("/<int:request_id>/recipients/add", methods=["POST"])
@drafter_required
def add_agencies(request_id: int):
    """Single agencies ticked in the picker (and whole groups), as for consultations; once sent, each one added gets
    the request's e-mail with its own forms."""
    report = own(request_id)
    _validated(ActionForm())
    agencies = chosen_agencies(request.form.getlist("agency_ids", type=int))
    whole = _groups(request.form.getlist("whole_group"))
    if not agencies and not whole:
        raise UserError("Vui lòng chọn ít nhất một cơ quan.")
    added = operations.add_agencies(report, agencies, user=current_user)
    added += operations.add_groups(report, whole, user=current_user)
    response = _done(report, f"Đã thêm {len(added)} cơ quan.")
    _send_notices(report, added)
    return response


@bp.route("/<int:request_id>/recipients/<int:recipient_id>/remove", methods=["POST"])
@drafter_required
def remove_recipient(request_id: int, recipient_id: int):
    report = own(request_id)
    recipient = queries.recipient_in(report, recipient_id) or abort(404)
    _validated(ActionForm())
    name = recipient.agency.name
    operations.remove_recipient(report, recipient, user=current_user)
    return _done(report, f"Đã bỏ {name} khỏi danh sách.")


def _send_notices(report: ReportRequest, recipients: list) -> None:
    """E-mail the request to these agencies of a sent request, after the change is committed (a mail server down
    never undoes it); the queue's worker sends them."""
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("report_filling.overview", request_id=report.id)
    notices = reminders.notify_opened(report, link, user=current_user, recipients=recipients)
    db.session.commit()  # the rows exist before the worker looks for them
    tasks.send_all([notice.id for notice in notices])
    if notices:
        flash(f"Đã xếp thư đề nghị báo cáo tới {len(notices)} cơ quan vào hàng đợi gửi.", "info")


@bp.route("/<int:request_id>/open", methods=["POST"])
@drafter_required
def open_request(request_id: int):
    report = own(request_id)
    _validated(ActionForm())
    now = now_utc()
    operations.open_request(report, now, user=current_user)
    db.session.commit()  # sent before any e-mail goes out: a mail server down does not undo the sending
    link = current_app.config["BASE_URL"].rstrip("/") + url_for("report_filling.overview", request_id=report.id)
    notices = reminders.notify_opened(report, link, user=current_user)
    db.session.commit()
    tasks.send_all([notice.id for notice in notices])
    return _done(
        report,
        f"Đã gửi yêu cầu báo cáo tới {len(report.recipients)} cơ quan; thư thông báo tới {len(notices)} cơ quan "
        "đang được gửi (kết quả trên trang theo dõi).",
    )


@bp.route("/<int:request_id>/extend", methods=["POST"])
@drafter_required
def extend_all(request_id: int):
    report = own(request_id)
    form = DeadlineForm()
    _validated(form)
    operations.extend_all(report, form.deadline_at, now_utc(), user=current_user)
    return _done(report, "Đã gia hạn cho tất cả cơ quan.")


@bp.route("/<int:request_id>/recipients/<int:recipient_id>/extend", methods=["POST"])
@drafter_required
def extend_recipient(request_id: int, recipient_id: int):
    report = own(request_id)
    recipient = queries.recipient_in(report, recipient_id) or abort(404)
    form = DeadlineForm()
    _validated(form)
    operations.extend_recipient(report, recipient, form.deadline_at, now_utc(), user=current_user)
    return _done(report, f"Đã gia hạn cho {recipient.agency.name}.")


@bp.route("/<int:request_id>/close", methods=["POST"])
@drafter_required
def close(request_id: int):
    report = own(request_id)
    _validated(ActionForm())
    operations.close_request(report, now_utc(), user=current_user)
    return _done(report, "Đã kết thúc yêu cầu báo cáo.")


@bp.route("/<int:request_id>/next", methods=["POST"])
@drafter_required
def next_period(request_id: int):
    report = own(request_id)
    _validated(ActionForm())
    existing = operations.following_request(report)
    if existing is not None:  # pressed twice, or again after going back
        flash("Kỳ báo cáo tiếp theo đã được tạo trước đó; đây là yêu cầu của kỳ đó.", "info")
        return redirect(url_for("reports.detail", request_id=existing.id))
    following = operations.next_period(report, now_utc(), user=current_user)
    return _done(following, "Đã tạo kỳ báo cáo tiếp theo (bản nháp): kiểm tra hạn gửi rồi gửi.")
