"""The synthesis: the on-screen table, its DOCX / PDF / XLSX exports, and late replies kept or left out.

The dispositions pages (deciding, grouping, the Excel round trip) are in dispositions_views.py, on the same
blueprint. Every page is the drafting team's, and only for its own unit's consultations.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.consultations import queries
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core.access import drafter_required
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.jobs.views import start_job
from commentsvc.responses.models import Reply
from commentsvc.synthesis import operations, wording
from commentsvc.synthesis.exports import FORMATS, content_disposition, export_synthesis, today
from commentsvc.synthesis.forms import ReplyUsedForm
from commentsvc.synthesis.loading import comment_count, late_replies, received_letters, synthesis_for

bp = Blueprint("synthesis", __name__, url_prefix="/consultations")
ROWS_PER_PAGE = 200  # a draft of thousands of clauses would otherwise be megabytes of HTML; the files hold them all


def team_consultation(consultation_id: int) -> Consultation:
    """The consultation of the current drafter's unit (404 for other units), once it has been sent."""
    consultation = queries.consultation_for_unit(consultation_id, current_user.drafting_unit_id)
    if consultation is None:
        abort(404)
    if consultation.status is ConsultationStatus.DRAFT:
        raise UserError("Đợt lấy ý kiến chưa được gửi nên chưa có ý kiến để tổng hợp.", 409)
    return consultation


def _hide() -> bool:
    return request.values.get("hide") == "1"


def _with_previous() -> bool | None:
    """Part II (the previous round's comments): "1" in, "0" out, absent: the default (in when there are any).

    The page's form sends a hidden "0" before the checkbox's "1", so an unticked box still says "out".
    """
    values = request.values.getlist("previous")
    return ("1" in values) if values else None


def _synthesis_page(consultation: Consultation, page: int):
    """The synthesis with only page ``page``'s rows built (a table of thousands of rows is mostly off screen)."""
    return synthesis_for(
        consultation,
        on=today(),
        hide_uncommented=_hide(),
        with_previous=_with_previous(),
        user=current_user,
        page=slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE),
    )


@bp.route("/<int:consultation_id>/synthesis")
@drafter_required
def index(consultation_id: int):
    consultation = team_consultation(consultation_id)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    synthesis = _synthesis_page(consultation, page)
    pages = max(1, -(-synthesis.row_count // ROWS_PER_PAGE))
    if page > pages:  # past the end (an old link): the last page, as the pager offers it
        page = pages
        synthesis = _synthesis_page(consultation, page)
    db.session.commit()  # the clause mapping part II needed, if it was computed now, is worth keeping
    annex_title, annex_groups = wording.annex(synthesis)
    return render_template(
        "synthesis/index.html",
        consultation=consultation,
        s=synthesis,
        rows=synthesis.rows,
        page=page,
        pages=pages,
        hide=_hide(),
        annex_title=annex_title,
        annex_groups=annex_groups,
        late=late_replies(consultation),
        letters=received_letters(consultation),
        used_form=ReplyUsedForm(),
        comment_lines=wording.comment_lines,
    )


@bp.route("/<int:consultation_id>/synthesis/export.<fmt>", methods=["GET", "POST"])
@drafter_required
def export(consultation_id: int, fmt: str):
    """The page's buttons (POST) answer with a job page; a link (GET) to a small synthesis streams the file."""
    if fmt not in FORMATS:
        abort(404)
    consultation = team_consultation(consultation_id)
    if request.method == "POST" or comment_count(consultation) > current_app.config["DIRECT_EXPORT_MAX_COMMENTS"]:
        params = {"on": today().isoformat(), "hide": _hide(), "previous": _with_previous()}
        return start_job(f"synthesis.{fmt}", consultation, params)
    exported = export_synthesis(
        consultation, fmt, on=today(), hide_uncommented=_hide(), with_previous=_with_previous(), user=current_user
    )
    db.session.commit()
    response = Response(exported.data, mimetype=exported.media_type)
    response.headers["Content-Disposition"] = content_disposition(exported.filename)
    return response


@bp.route("/<int:consultation_id>/replies/<int:reply_id>/used", methods=["POST"])
@drafter_required
def reply_used(consultation_id: int, reply_id: int):
    consultation = team_consultation(consultation_id)
    reply = queries.submitted_reply_for_unit(reply_id, current_user.drafting_unit_id)
    if reply is None or reply.recipient.consultation_id != consultation.id:
        abort(404)
    form = ReplyUsedForm()
    if not form.validate_on_submit() or form.is_used.data not in ("0", "1"):
        raise UserError("Yêu cầu không hợp lệ. Vui lòng tải lại trang.")
    operations.set_reply_used(reply, form.is_used.data == "1", by=current_user)
    db.session.commit()
    flash(_used_message(reply), "success")
    return redirect(_back(consultation))


def _used_message(reply: Reply) -> str:
    name = reply.recipient.agency.name
    if reply.is_used:
        return f"Đã sử dụng văn bản trả lời quá hạn của {name} trong bản tổng hợp."
    return f"Văn bản trả lời quá hạn của {name} không được sử dụng (vẫn được thống kê)."


def _back(consultation: Consultation) -> str:
    # Only our own pages: the form says which one it came from.
    if request.form.get("back") == "dispositions":
        return url_for("synthesis.dispositions", consultation_id=consultation.id, _anchor="late")
    return url_for("synthesis.index", consultation_id=consultation.id, _anchor="late")


from commentsvc.synthesis import dispositions_views, publication_views  # noqa: E402, F401 - register on ``bp``
