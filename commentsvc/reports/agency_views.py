"""Report requests, for agencies: see their own forms, fill them online or in Excel, submit once with a letter.

An agency reaches only its own recipient row of a sent request (another agency's URL is a 404), only the forms of
its group, and in a task list only the tasks it leads. The grid posts every cell; reports.js also saves each cell as
it is typed (same URL, JSON answer). What was typed is always stored, with its message when it does not parse.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.core.access import agency_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.reports import operations, queries, rules
from commentsvc.reports.forms import LetterForm, UploadForm
from commentsvc.reports.layout import display
from commentsvc.reports.models import ReportForm, ReportRecipient
from commentsvc.reports.workbook import Sheet, WrongWorkbook, read_xlsx, to_xlsx
from commentsvc.responses.letter_import import SignatureSettings, attached_letter_verdict
from commentsvc.responses.views import checked_attachment, download

bp = Blueprint("report_filling", __name__, url_prefix="/agency/reports")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CELL_PREFIX = "cell:"


def _recipient(request_id: int) -> ReportRecipient:
    return queries.recipient_for_agency(request_id, current_user.agency_id) or abort(404)


def _form(recipient: ReportRecipient, form_id: int) -> ReportForm:
    return queries.form_of(recipient, form_id) or abort(404)


def _refusal(recipient: ReportRecipient) -> str | None:
    submission = recipient.submission
    window = queries.window_for(recipient.request, recipient)
    return rules.refusal_reason(window, now_utc(), is_submitted=submission is not None and submission.is_submitted)


@bp.route("/")
@agency_required
def inbox():
    now = now_utc()
    rows = [
        (r, rules.phase(queries.window_for(r.request), now)) for r in queries.agency_recipients(current_user.agency_id)
    ]
    return render_template("reports/inbox.html", rows=rows, phase_labels=rules.PHASE_LABELS)


@bp.route("/<int:request_id>")
@agency_required
def overview(request_id: int):
    recipient = _recipient(request_id)
    if request.method == "GET":  # not when a refused submission shows this page again (core/refusals.py)
        operations.mark_opened(recipient, now_utc())
        db.session.commit()
    return _overview(recipient, LetterForm())


def _overview(recipient: ReportRecipient, letter_form: LetterForm, status: int = 200):
    return render_template(
        "reports/overview.html",
        recipient=recipient,
        report=recipient.request,
        period=queries.period_of(recipient.request),
        forms=queries.forms_for(recipient),
        problems=operations.problems(recipient),
        refusal=_refusal(recipient),
        letter_form=letter_form,
        deadline=queries.window_for(recipient.request, recipient),
    ), status


@bp.route("/<int:request_id>/forms/<int:form_id>")
@agency_required
def grid(request_id: int, form_id: int):
    """The grid; also the page a refused upload is shown on again (core/refusals.py), so it never writes."""
    recipient = _recipient(request_id)
    return _grid_page(recipient, _form(recipient, form_id))


@bp.route("/<int:request_id>/forms/<int:form_id>", methods=["POST"])
@agency_required
def save(request_id: int, form_id: int):
    recipient = _recipient(request_id)
    form = _form(recipient, form_id)
    typed = {
        tuple(name[len(CELL_PREFIX) :].split(":", 1)): value
        for name, value in request.form.items()
        if name.startswith(CELL_PREFIX)
    }
    errors = operations.save_cells(recipient, form, typed, user=current_user, now=now_utc())
    db.session.commit()
    if request.headers.get("X-Requested-With") == "fetch":
        return jsonify(errors={f"{row}:{column}": message for (row, column), message in errors.items()})
    if errors:
        flash(f"Đã lưu; còn {len(errors)} ô chưa hợp lệ (xem thông báo bên dưới từng ô).", "error")
        return _grid_page(recipient, form, 422)
    flash("Đã lưu số liệu.", "success")
    return redirect(url_for("report_filling.grid", request_id=request_id, form_id=form_id), 303)


def _grid_page(recipient: ReportRecipient, form: ReportForm, status: int = 200, upload_problems=()):
    layout = form.layout_for(recipient.agency_id)
    return render_template(
        "reports/grid.html",
        recipient=recipient,
        report=recipient.request,
        form=form,
        layout=layout,
        cells=queries.cells_of(recipient.submission, form),
        last={
            key: display(layout.column(key[1]), value)
            for key, value in queries.last_values(recipient, form).items()
            if layout.column(key[1])
        },
        refusal=_refusal(recipient),
        upload_form=UploadForm(formdata=None),
        upload_problems=upload_problems,
        period=queries.period_of(recipient.request),
    ), status


@bp.route("/<int:request_id>/forms/<int:form_id>.xlsx")
@agency_required
def workbook(request_id: int, form_id: int):
    recipient = _recipient(request_id)
    form = _form(recipient, form_id)
    period = queries.period_of(recipient.request)
    cells = queries.cells_of(recipient.submission, form)
    sheet = Sheet(
        form.id,
        form.code,
        form.title,
        recipient.agency.name,
        period.label,
        period.cutoff_label,
        form.layout_for(recipient.agency_id),
        {key: cell.value for key, cell in cells.items()},
    )
    return download(to_xlsx(sheet), XLSX_TYPE, f"bieu-mau-{form.code}-{recipient.agency.code}.xlsx")


@bp.route("/<int:request_id>/forms/<int:form_id>/upload", methods=["POST"])
@agency_required
def upload(request_id: int, form_id: int):
    recipient = _recipient(request_id)
    form = _form(recipient, form_id)
    upload_form = UploadForm()
    if not upload_form.validate_on_submit():
        raise UserError("Phiên làm việc đã hết hạn. Vui lòng tải lại trang.")
    operations.check_editable(recipient, now_utc())
    storage = upload_form.file.data
    if storage is None or not getattr(storage, "filename", ""):
        raise UserError("Vui lòng chọn tệp Excel (.xlsx) đã điền.")
    limit = current_app.config.get("REPORT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
    try:
        reading = read_xlsx(storage.read(limit + 1), form.id, form.layout_for(recipient.agency_id), max_bytes=limit)
    except WrongWorkbook as refused:
        flash("Tệp không được nhận; số liệu đã lưu trước đó không thay đổi.", "error")
        return _grid_page(recipient, form, 422, refused.problems)
    errors = operations.save_reading(recipient, form, reading, user=current_user, now=now_utc())
    db.session.commit()
    if errors:
        flash(f"Đã nhận tệp; {len(errors)} ô chưa hợp lệ: " + " ".join(reading.messages[:5]), "error")
        return _grid_page(recipient, form, 422, reading.messages)
    flash(f"Đã nhận tệp: {len(reading.values)} ô có số liệu.", "success")
    return redirect(url_for("report_filling.grid", request_id=request_id, form_id=form_id), 303)


@bp.route("/<int:request_id>/submit", methods=["POST"])
@agency_required
def submit(request_id: int):
    if not current_user.can_submit:
        abort(403)
    recipient = _recipient(request_id)
    letter_form = LetterForm()
    if not letter_form.validate_on_submit():
        return _overview(recipient, letter_form, 400)
    attachment = checked_attachment(letter_form.attachment.data)
    settings = SignatureSettings.from_config(current_app.config)
    letter = operations.ReportLetter(
        letter_form.letter_number.data,
        letter_form.letter_date.data,
        letter_form.letter_signer.data,
        attachment,
        attached_letter_verdict(attachment, settings),  # checked as a reply letter is; refused unsigned if required
    )
    done = operations.submit_report(recipient, letter, user=current_user, now=now_utc())
    db.session.commit()
    flash("Đã gửi báo cáo." if done else "Báo cáo của cơ quan đã được gửi trước đó.", "success" if done else "info")
    return redirect(url_for("report_filling.overview", request_id=request_id), 303)
