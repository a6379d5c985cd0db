"""Consultations, for the drafting team: create, open, extend, close, reopen.

Only drafters of the consultation's drafting unit reach these pages: other roles get 403 (decorator), other units' ids
404 (queries.consultation_for_unit). Every change is a POST with CSRF that calls one operation and commits once.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.agencies.models import Agency
from commentsvc.agencies.operations import active_agencies, chosen_agencies, picker
from commentsvc.consultations import closing, dashboard, operations, queries, reminders, rules, tracking
from commentsvc.consultations.forms import (
    ActionForm,
    AgenciesForm,
    CloseForm,
    ConsultationForm,
    DocumentForm,
    ExtendForm,
    FromListForm,
    GroupsForm,
    LetterContactForm,
    ReopenForm,
    SaveListForm,
    selected_groups,
)
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.consultations.tasks import send_all
from commentsvc.core import listing
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.refusals import current_refusal
from commentsvc.core.uploads import download
from commentsvc.drafts.models import DraftKind
from commentsvc.search.text import Query
from commentsvc.synthesis.publication import lifecycle_of, lifecycles

bp = Blueprint("consultations", __name__, url_prefix="/consultations")

# The locked draft version says where the consultation stands, from the same lifecycle as the page's badge.
VERSION_LOCK_LABELS = {
    rules.Phase.SCHEDULED: "Đã khóa (đã gửi, chưa đến thời gian lấy ý kiến)",
    rules.Phase.OPEN: "Đã khóa (đang được lấy ý kiến)",
    rules.Phase.ENDED: "Đã khóa (đã hết hạn lấy ý kiến)",
    rules.Phase.CLOSED: "Đã khóa (đã kết thúc lấy ý kiến)",
    rules.Phase.DECIDING: "Đã khóa (đã kết thúc lấy ý kiến)",
    rules.Phase.PUBLISHED: "Đã khóa (đã kết thúc lấy ý kiến)",
}


def _own(consultation_id: int) -> Consultation:
    consultation = queries.consultation_for_unit(consultation_id, current_user.drafting_unit_id)
    return consultation or abort(404)


def _validated(form) -> None:
    """Lifecycle buttons have no page of their own: a bad form is refused with its first message."""
    if not form.validate_on_submit():
        for name, errors in form.errors.items():
            raise UserError(errors[0], field=name)
        raise UserError("Dữ liệu gửi lên không hợp lệ.")


def _done(consultation: Consultation, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("consultations.detail", consultation_id=consultation.id))


LIST_PAGE_SIZE = 25
LIST_SORTS = {
    "created": "Ngày tạo (mới nhất trước)",
    "deadline": "Hạn nhận ý kiến (sớm nhất trước)",
    "deadline_desc": "Hạn nhận ý kiến (muộn nhất trước)",
}


@bp.route("/")
@drafter_required
def index():
    args, unit_id = request.args, current_user.drafting_unit_id
    chosen = {
        "state": listing.choice(args, "state", {phase.value: phase for phase in rules.Phase}, "Trạng thái"),
        "kind": listing.choice(args, "kind", {kind.value: kind for kind in DraftKind}, "Loại dự thảo"),
        "year": listing.year(args),
        "sort": listing.choice(args, "sort", {key: key for key in LIST_SORTS}, "Cách sắp xếp"),
        "q": args.get("q", "").strip(),
    }
    found, stages = _listed(unit_id, now_utc(), **chosen)
    page = listing.Page.of(args.get("page"), LIST_PAGE_SIZE, len(found))
    return render_template(
        "consultations/index.html",
        rows=queries.consultation_rows(page.slice(found), stages),
        page=page,
        whole=db.session.scalar(sa.select(sa.func.count()).where(Consultation.drafting_unit_id == unit_id)),
        chosen=chosen,
        kept=listing.kept(**chosen),
        years=queries.unit_consultation_years(unit_id),
        states=[(phase.value, phase.label) for phase in rules.Phase],
        kinds=list(DraftKind),
        sorts=list(LIST_SORTS.items()),
    )


def _listed(unit_id: int, now, *, state, kind, year, sort, q) -> tuple[list[Consultation], dict]:
    """The unit's consultations matching the list's filters, in its order, and the stage of each."""
    title = Query.parse(q)
    found = queries.unit_consultations(unit_id, kind=kind, year=year, order=sort or "created")
    found = [consultation for consultation in found if title.found_in(consultation.title)]
    stages = lifecycles(found, now)
    return [c for c in found if state is None or stages[c.id] is state], stages


@bp.route("/new", methods=["GET", "POST"])
@drafter_required
def create():
    form = ConsultationForm()
    versions = _version_choices(form)
    _list_choices(form.recipient_list)
    if not form.is_submitted():
        form.draft_version_id.data = request.args.get("version_id", type=int)
    if form.validate_on_submit():
        now = now_utc()
        consultation = operations.create_consultation(
            unit=current_user.drafting_unit,
            version=_own_version(form.draft_version_id.data),
            user=current_user,
            agencies=_starting_agencies(form),
            **form.settings(form.opens_at(now)),
        )
        return _done(consultation, "Đã lưu bản nháp đợt lấy ý kiến. Kiểm tra danh sách cơ quan rồi gửi.")
    status = 400 if form.errors else 200
    return render_template("consultations/form.html", form=form, consultation=None, versions=versions), status


@bp.route("/<int:consultation_id>/edit", methods=["GET", "POST"])
@drafter_required
def edit(consultation_id: int):
    consultation = _own(consultation_id)
    is_draft = consultation.status is ConsultationStatus.DRAFT
    form = ConsultationForm(obj=consultation) if is_draft else LetterContactForm(obj=consultation)
    versions = _version_choices(form) if is_draft else []
    if is_draft and not form.is_submitted():
        form.fill_deadline(consultation.deadline_at)
        form.fill_opens(consultation.opens_at)
    if form.validate_on_submit():
        if is_draft:
            settings = form.settings(form.opens_at(now_utc()))
            settings["draft_version"] = _own_version(form.draft_version_id.data)
        else:
            settings = form.letter_and_contact()
        operations.update_consultation(consultation, user=current_user, **settings)
        return _done(consultation, "Đã lưu thông tin đợt lấy ý kiến.")
    status = 400 if form.errors else 200
    return render_template("consultations/form.html", form=form, consultation=consultation, versions=versions), status


def _list_choices(field) -> None:
    lists = operations.recipient_lists(current_user.drafting_unit_id)
    field.choices = [(0, "— Không dùng —")] + [
        (saved.id, f"{saved.name} ({len(saved.members)} cơ quan)") for saved in lists
    ]


def _starting_agencies(form: ConsultationForm) -> list[Agency]:
    """The recipients of a new consultation: the groups ticked (the drafting ministry left out) and a saved list."""
    ministry = operations.drafting_ministry_code(current_user.drafting_unit_id)
    agencies = [a for g in selected_groups(form.groups.data) for a in active_agencies(g) if a.code != ministry]
    saved = operations.recipient_list(current_user.drafting_unit_id, form.recipient_list.data)
    if form.recipient_list.data and saved is None:
        raise UserError("Danh sách cơ quan đã lưu không tồn tại.", field="recipient_list")
    agencies += [member.agency for member in saved.members if member.agency.is_active] if saved else []
    return list(dict.fromkeys(agencies))


def _version_choices(form) -> list:
    versions = queries.unit_draft_versions(current_user.drafting_unit_id)
    form.draft_version_id.choices = [
        (version.id, f"{version.draft.title} — phiên bản {version.number}") for version in versions
    ]
    return versions


def _own_version(version_id: int | None):
    for version in queries.unit_draft_versions(current_user.drafting_unit_id):
        if version.id == version_id:
            return version
    raise UserError("Vui lòng chọn một phiên bản dự thảo của đơn vị.", field="draft_version_id")


@bp.route("/<int:consultation_id>")
@drafter_required
def detail(consultation_id: int):
    consultation = _own(consultation_id)
    now = now_utc()
    agencies_form = AgenciesForm()
    from_list_form = FromListForm()
    _list_choices(from_list_form.list_id)
    replies = queries.submitted_reply_by_recipient(consultation)
    stage = lifecycle_of(consultation, now)
    return render_template(
        "consultations/detail.html",
        consultation=consultation,
        phase=stage,
        version_lock_label=VERSION_LOCK_LABELS.get(stage, "Đã khóa (đã gửi lấy ý kiến)"),
        time_left=rules.time_left(queries.window_for(consultation), now),
        groups=queries.recipients_by_group(consultation),
        replies=replies,
        version_locked=queries.is_version_locked(consultation.draft_version),
        groups_form=GroupsForm(),
        agencies_form=agencies_form,
        picker=picker({recipient.agency_id for recipient in consultation.recipients}),
        drafting_ministry=operations.drafting_ministry_code(consultation.drafting_unit_id),
        from_list_form=from_list_form,
        save_list_form=SaveListForm(),
        extend_form=ExtendForm(),
        reopen_form=ReopenForm(),
        action_form=ActionForm(),
        document_form=DocumentForm(),
        counts=dashboard.comment_counts(consultation) if consultation.status is not ConsultationStatus.DRAFT else None,
        now=now,
    )


# --- recipients ---------------------------------------------------------------------------------------------------


@bp.route("/<int:consultation_id>/recipients/groups", methods=["POST"])
@drafter_required
def add_groups(consultation_id: int):
    consultation = _own(consultation_id)
    form = GroupsForm()
    _validated(form)
    added = operations.add_groups(consultation, selected_groups(form.groups.data), user=current_user)
    response = _done(consultation, f"Đã thêm {len(added)} cơ quan.")
    _send_openings(consultation, added)
    return response


@bp.route("/<int:consultation_id>/recipients/add", methods=["POST"])
@drafter_required
def add_agencies(consultation_id: int):
    consultation = _own(consultation_id)
    form = AgenciesForm()
    _validated(form)
    agencies = chosen_agencies(form.agency_ids.data)
    if not agencies and not form.whole_group.data:
        raise UserError("Vui lòng chọn ít nhất một cơ quan.", field="agency_ids")
    added = operations.add_agencies(consultation, agencies, user=current_user)
    added += operations.add_groups(consultation, selected_groups(form.whole_group.data), user=current_user)
    response = _done(consultation, f"Đã thêm {len(added)} cơ quan.")
    _send_openings(consultation, added)
    return response


@bp.route("/<int:consultation_id>/recipients/from-list", methods=["POST"])
@drafter_required
def add_from_list(consultation_id: int):
    consultation = _own(consultation_id)
    form = FromListForm()
    _validated(form)
    if not form.list_id.data:
        raise UserError("Vui lòng chọn một danh sách đã lưu.", field="list_id")
    saved = operations.recipient_list(current_user.drafting_unit_id, form.list_id.data) or abort(404)
    agencies = [member.agency for member in saved.members if member.agency.is_active]
    added = operations.add_agencies(consultation, agencies, user=current_user, recipient_list=saved.name)
    response = _done(consultation, f"Đã thêm {len(added)} cơ quan từ danh sách “{saved.name}”.")
    _send_openings(consultation, added)
    return response


@bp.route("/<int:consultation_id>/recipients/save-list", methods=["POST"])
@drafter_required
def save_list(consultation_id: int):
    consultation = _own(consultation_id)
    form = SaveListForm()
    _validated(form)
    agencies = [recipient.agency for recipient in consultation.recipients]
    saved = operations.save_recipient_list(
        consultation.drafting_unit_id, form.list_name.data, agencies, user=current_user
    )
    return _done(consultation, f"Đã lưu danh sách “{saved.name}” ({len(agencies)} cơ quan) để dùng lại.")


@bp.route("/<int:consultation_id>/recipients/<int:recipient_id>/remove", methods=["POST"])
@drafter_required
def remove_recipient(consultation_id: int, recipient_id: int):
    consultation = _own(consultation_id)
    recipient = queries.recipient_in(consultation, recipient_id) or abort(404)
    _validated(ActionForm())
    name = recipient.agency.name
    operations.remove_recipient(consultation, recipient, user=current_user)
    return _done(consultation, f"Đã bỏ {name} khỏi danh sách.")


@bp.route("/<int:consultation_id>/recipients/<int:recipient_id>/extend", methods=["GET", "POST"])
@drafter_required
def extend_recipient(consultation_id: int, recipient_id: int):
    consultation = _own(consultation_id)
    recipient = queries.recipient_in(consultation, recipient_id) or abort(404)
    form = ExtendForm()
    if form.validate_on_submit():
        operations.extend_recipient(consultation, recipient, form.deadline_at, now_utc(), user=current_user)
        return _done(consultation, f"Đã gia hạn cho {recipient.agency.name}.")
    deadline = rules.effective_deadline(consultation.deadline_at, recipient.extended_until)
    return render_template(
        "consultations/extend.html", consultation=consultation, recipient=recipient, form=form, deadline=deadline
    ), (400 if form.errors else 200)


# --- lifecycle ----------------------------------------------------------------------------------------------------


@bp.route("/<int:consultation_id>/open", methods=["POST"])
@drafter_required
def open_consultation(consultation_id: int):
    consultation = _own(consultation_id)
    _validated(ActionForm())
    operations.open_consultation(consultation, now_utc(), user=current_user)
    response = _done(consultation, "Đã gửi xin ý kiến. Phiên bản dự thảo đã được khóa.")
    _send_openings(consultation, consultation.recipients)
    return response


def _send_openings(consultation: Consultation, recipients: list) -> None:
    """E-mail the letter asking for comments to these recipients, after the change is committed (a mail server
    down never undoes it); a failure is retried by ``send-due``."""
    queued = reminders.queue_openings(consultation, recipients, current_app.config["BASE_URL"], user=current_user)
    db.session.commit()  # the rows exist before the worker looks for them: never sent twice
    send_all([reminder.id for reminder in queued])
    if queued:
        flash(f"Đã xếp thư điện tử đề nghị góp ý tới {len(queued)} cơ quan vào hàng đợi gửi.", "info")


@bp.route("/<int:consultation_id>/extend", methods=["POST"])
@drafter_required
def extend_all(consultation_id: int):
    consultation = _own(consultation_id)
    form = ExtendForm()
    _validated(form)
    operations.extend_all(consultation, form.deadline_at, now_utc(), user=current_user)
    return _done(consultation, "Đã gia hạn cho tất cả cơ quan.")


@bp.route("/<int:consultation_id>/close", methods=["GET", "POST"])
@drafter_required
def close(consultation_id: int):
    """Closing asks first: the page says who still has time and what closing does to them; its form confirms."""
    consultation = _own(consultation_id)
    form = CloseForm()
    now = now_utc()
    if form.validate_on_submit() and form.confirmed.data == "1":
        operations.close_consultation(consultation, now, user=current_user)
        return _done(consultation, "Đã kết thúc đợt lấy ý kiến.")
    if request.method == "POST" and current_refusal() is None:  # not a refusal shown again
        _validated(form)
    operations.require_open(consultation)
    form.confirmed.data = "1"
    preview = closing.preview(tracking.load_facts(consultation), now)
    return render_template("consultations/close.html", consultation=consultation, preview=preview, form=form)


@bp.route("/<int:consultation_id>/reopen", methods=["POST"])
@drafter_required
def reopen(consultation_id: int):
    consultation = _own(consultation_id)
    form = ReopenForm()
    _validated(form)
    operations.reopen_consultation(consultation, now_utc(), deadline_at=form.deadline_at, user=current_user)
    return _done(consultation, "Đã mở lại đợt lấy ý kiến.")


# --- replies ------------------------------------------------------------------------------------------------------


@bp.route("/<int:consultation_id>/replies")
@drafter_required
def replies(consultation_id: int):
    consultation = _own(consultation_id)
    return render_template(
        "consultations/replies.html", consultation=consultation, replies=queries.submitted_replies(consultation)
    )


def _own_reply(consultation: Consultation, reply_id: int):
    """A submitted reply to this consultation (sent by the agency or entered by the team), else 404."""
    the_reply = queries.submitted_reply_for_unit(reply_id, current_user.drafting_unit_id)
    if the_reply is None or the_reply.recipient.consultation_id != consultation.id:
        abort(404)
    return the_reply


@bp.route("/<int:consultation_id>/replies/<int:reply_id>")
@drafter_required
def reply(consultation_id: int, reply_id: int):
    consultation = _own(consultation_id)
    the_reply = _own_reply(consultation, reply_id)
    comments = sorted(the_reply.comments, key=lambda c: (c.clause is not None, c.clause.position if c.clause else 0))
    return render_template("consultations/reply.html", consultation=consultation, reply=the_reply, comments=comments)


@bp.route("/<int:consultation_id>/replies/<int:reply_id>/letter")
@drafter_required
def reply_letter(consultation_id: int, reply_id: int):
    """The agency's attached letter (PDF, DOCX, or the team's scan of a paper one), as it was received."""
    the_reply = _own_reply(_own(consultation_id), reply_id)
    if not the_reply.attachment_name:
        abort(404)
    return download(the_reply.attachment, the_reply.attachment_type, the_reply.attachment_name)
