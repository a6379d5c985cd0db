"""The dispositions page: decide on each group of comments, group them, and the Excel round trip.

Routes live on the synthesis blueprint (imported by views.py). Filters are GET parameters carried through
every form, so after saving a group the team lands back where it was, on that group.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.accounts.models import Role, User
from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.text import vietnamese_sort_key
from commentsvc.drafts.models import Clause
from commentsvc.responses.models import Comment
from commentsvc.synthesis import dispositions_xlsx, operations
from commentsvc.synthesis.exports import content_disposition, today
from commentsvc.synthesis.forms import (
    BulkForm,
    ConfirmForm,
    DecideForm,
    ImportForm,
    MergeForm,
    RegroupForm,
    ReplyUsedForm,
)
from commentsvc.synthesis.loading import (
    Group,
    GroupEntry,
    dispositions_of,
    group_index,
    group_of,
    groups_for,
    late_replies,
    load_groups,
)
from commentsvc.synthesis.models import Decision, Disposition
from commentsvc.synthesis.naming import ascii_slug
from commentsvc.synthesis.views import bp, team_consultation

FILTER_KEYS = ("clause", "agency", "group", "undecided", "mine")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50
MAX_MERGE_CHOICES = 40  # groups offered to merge with, on the same clause


def _filters() -> dict[str, str]:
    return {key: request.args[key] for key in FILTER_KEYS if request.args.get(key, "").strip()}


def _matches(entry: GroupEntry, filters: dict[str, str], agencies: dict[int, Agency]) -> bool:
    clause_key = str(entry.clause_id) if entry.clause_id is not None else "general"
    if filters.get("clause") and filters["clause"] != clause_key:
        return False
    if filters.get("agency") and all(str(agency_id) != filters["agency"] for agency_id in entry.agency_ids):
        return False
    if filters.get("group") and all(agencies[a].group.value != filters["group"] for a in entry.agency_ids):
        return False
    if filters.get("mine") and entry.assigned_to_id != current_user.id:
        return False
    return not (filters.get("undecided") and entry.is_decided)


def _ensure_grouped(consultation: Consultation) -> None:
    # Comments that arrived since the last visit (a late reply) get their groups before the page shows them.
    if operations.ungrouped_count(consultation):
        operations.regroup(consultation, by=current_user)
        db.session.commit()


def _disposition(consultation: Consultation, disposition_id: int) -> Disposition:
    disposition = db.session.get(Disposition, disposition_id)
    if disposition is None or disposition.consultation_id != consultation.id:
        abort(404)
    return disposition


def _back(consultation: Consultation, disposition_id: int | None = None) -> str:
    anchor = f"g{disposition_id}" if disposition_id else None
    page = request.args.get("page", type=int)
    extra = {"page": page} if page and page > 1 else {}
    return url_for("synthesis.dispositions", consultation_id=consultation.id, _anchor=anchor, **_filters(), **extra)


def _team(consultation: Consultation) -> list[User]:
    """The drafting unit's members, who may be given groups to answer."""
    members = db.session.scalars(
        sa.select(User).where(
            User.drafting_unit_id == consultation.drafting_unit_id,
            User.role == Role.DRAFTER,
            User.is_active_account.is_(True),
        )
    ).all()
    return sorted(members, key=lambda user: vietnamese_sort_key(user.full_name))


def _member_choices(consultation: Consultation) -> list[tuple[int, str]]:
    return [(0, "Chưa giao")] + [(user.id, user.full_name) for user in _team(consultation)]


@dataclass(frozen=True)
class Progress:
    """What is decided, counted in groups and in comments (groups and comments the synthesis uses)."""

    groups_decided: int
    groups: int
    comments_decided: int
    comments: int


def _progress(entries: list[GroupEntry]) -> Progress:
    used = [entry for entry in entries if entry.is_used]
    return Progress(
        sum(1 for e in used if e.is_decided),
        len(used),
        sum(e.used_comments for e in used if e.is_decided),
        sum(e.used_comments for e in used),
    )


def _agencies(consultation: Consultation) -> dict[int, Agency]:
    return {
        agency.id: agency
        for agency in db.session.scalars(
            sa.select(Agency).join(Recipient).where(Recipient.consultation_id == consultation.id)
        )
    }


@bp.route("/<int:consultation_id>/dispositions")
@drafter_required
def dispositions(consultation_id: int):
    """A page of groups: listed, filtered and counted from the index, only the page's groups loaded whole."""
    consultation = team_consultation(consultation_id)
    _ensure_grouped(consultation)
    entries = group_index(consultation)
    agencies = _agencies(consultation)
    filters = _filters()
    # Unfiltered (the usual visit) every group matches: 10,000 groups are not each asked.
    matching = [entry for entry in entries if _matches(entry, filters, agencies)] if filters else entries
    pages = max(1, -(-len(matching) // PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    shown = groups_for(matching[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    members = _member_choices(consultation)
    bulk = BulkForm(formdata=None)
    bulk.assignee.choices = members
    commented = {agency_id for entry in entries for agency_id, _comment_id in entry.items}
    return render_template(
        "synthesis/dispositions.html",
        consultation=consultation,
        groups=shown,
        matching=len(matching),
        page=page,
        pages=pages,
        progress=_progress(entries),
        filters=filters,
        clauses=_commented_clauses(consultation, entries),
        has_general=any(entry.clause_id is None for entry in entries),
        agencies=sorted((agencies[a] for a in commented), key=lambda agency: agency.sort_key),
        agency_groups=list(AgencyGroup),
        forms={group.disposition.id: _decide_form(group.disposition, members) for group in shown},
        merge_choices=_merge_choices(entries, shown, agencies),
        regroup_form=RegroupForm(threshold=consultation.group_threshold),
        bulk=bulk,
        late=late_replies(consultation),
        used_form=ReplyUsedForm(),
    )


def _commented_clauses(consultation: Consultation, entries: list[GroupEntry]) -> list:
    """The clauses the filter offers: those with a group, as (id, ref, label) rows in the draft's order."""
    commented = {entry.clause_id for entry in entries if entry.clause_id is not None}
    rows = db.session.execute(
        sa.select(Clause.id, Clause.ref, Clause.label)
        .where(Clause.version_id == consultation.draft_version_id)
        .order_by(Clause.position)
    )
    return [row for row in rows if row.id in commented]


def _decide_form(disposition: Disposition, members: list[tuple[int, str]]) -> DecideForm:
    form = DecideForm(prefix=f"d{disposition.id}", formdata=None)
    form.decision.data = disposition.decision.value if disposition.decision else ""
    form.explanation.data = disposition.explanation
    form.note.data = disposition.note
    form.assignee.choices = members
    form.assignee.data = disposition.assigned_to_id or 0
    form.version.data = disposition.version
    return form


def group_title(group: Group) -> str:
    """A group in plain words: whose comments it holds ("ý kiến của Bộ Tư pháp, Bộ Công an và 3 cơ quan khác")."""
    return _title([agency.short_name or agency.name for agency in group.agencies])


def _title(names: list[str]) -> str:
    if len(names) > 3:
        return "ý kiến của " + ", ".join(names[:3]) + f" và {len(names) - 3} cơ quan khác"
    return "ý kiến của " + ", ".join(names)


bp.add_app_template_global(group_title, "group_title")


def _entry_title(entry: GroupEntry, agencies: dict[int, Agency], keys: dict[int, tuple]) -> str:
    """group_title of a group of the index: its agencies in the order of its comments (agency name, comment)."""
    items = sorted(entry.items, key=lambda item: (keys[item[0]], item[1]))
    names = dict.fromkeys(agencies[agency_id].short_name or agencies[agency_id].name for agency_id, _ in items)
    return _title(list(names))


def _merge_choices(
    entries: list[GroupEntry], shown: list[Group], agencies: dict[int, Agency]
) -> dict[int, list[tuple[int, str]]]:
    """For each group shown, other groups on the same clause it may be merged with (the first few; the rest are
    reached by filtering on the clause)."""
    by_clause: dict[int | None, list[GroupEntry]] = {}
    for entry in entries:
        by_clause.setdefault(entry.clause_id, []).append(entry)
    keys = {agency_id: agency.sort_key for agency_id, agency in agencies.items()}
    choices = {}
    for group in shown:
        clause_id = group.clause.id if group.clause else None
        same = [e for e in by_clause[clause_id] if e.disposition_id != group.disposition.id]
        choices[group.disposition.id] = [
            (e.disposition_id, _entry_title(e, agencies, keys)) for e in same[:MAX_MERGE_CHOICES]
        ]
    return choices


def _wants_fragment() -> bool:
    """decisions.js asks for the saved group alone instead of a redirect to the whole page."""
    return request.headers.get("X-Requested-With") == "decisions.js"


def _group_fragment(consultation: Consultation, disposition: Disposition, message: str):
    group = group_of(disposition)
    members = _member_choices(consultation)
    return render_template(
        "synthesis/group.html",
        consultation=consultation,
        group=group,
        form=_decide_form(disposition, members),
        merge_choices=[],
        filters=_filters(),
        notice=message,
    )


@bp.route("/<int:consultation_id>/dispositions/<int:disposition_id>", methods=["POST"])
@drafter_required
def decide(consultation_id: int, disposition_id: int):
    consultation = team_consultation(consultation_id)
    disposition = _disposition(consultation, disposition_id)
    form = DecideForm(prefix=f"d{disposition.id}")
    form.assignee.choices = _member_choices(consultation)
    if not form.validate_on_submit():
        raise UserError("Kết quả xử lý không hợp lệ. Vui lòng chọn lại và lưu.")
    decision = Decision(form.decision.data) if form.decision.data else None
    now = now_utc()
    changed = operations.decide(
        disposition, decision, form.explanation.data, form.version.data, by=current_user, now=now
    )
    changed |= operations.set_note(disposition, form.note.data, by=current_user)
    member = db.session.get(User, form.assignee.data) if form.assignee.data else None
    changed |= bool(operations.assign([disposition], member, by=current_user))
    message = "Đã lưu kết quả xử lý." if changed else "Không có thay đổi."
    if _wants_fragment():
        response = _group_fragment(consultation, disposition, message)
        db.session.commit()
        return response
    db.session.commit()
    flash(message, "success" if changed else "info")
    return redirect(_back(consultation, disposition.id))


@bp.route("/<int:consultation_id>/dispositions/bulk", methods=["POST"])
@drafter_required
def bulk(consultation_id: int):
    consultation = team_consultation(consultation_id)
    form = BulkForm()
    form.assignee.choices = _member_choices(consultation)
    chosen = _chosen(consultation)
    if not form.validate_on_submit():
        raise UserError("Thao tác không hợp lệ. Vui lòng chọn lại và thử lại.")
    if form.action.data == "assign":
        member = db.session.get(User, form.assignee.data) if form.assignee.data else None
        count = operations.assign(chosen, member, by=current_user)
        message = f"Đã giao {count} nhóm ý kiến cho {member.full_name if member else 'không ai'}."
    else:
        decision = Decision(form.decision.data) if form.decision.data else None
        count = operations.decide_many(chosen, decision, form.explanation.data, by=current_user, now=now_utc())
        message = f"Đã lưu kết quả xử lý cho {count} nhóm ý kiến."
    db.session.commit()
    flash(message, "success")
    return redirect(_back(consultation))


def _chosen(consultation: Consultation) -> list[Disposition]:
    """The groups ticked on the page, all of this consultation (else 404); none ticked is a mistake to tell."""
    ids = {int(value) for value in request.form.getlist("disposition_id") if value.isdigit()}
    if not ids:
        raise UserError("Vui lòng chọn ít nhất một nhóm ý kiến.")
    chosen = db.session.scalars(sa.select(Disposition).where(Disposition.id.in_(ids))).all()
    if len(chosen) != len(ids) or any(d.consultation_id != consultation.id for d in chosen):
        abort(404)
    return sorted(chosen, key=lambda d: d.id)


@bp.route("/<int:consultation_id>/dispositions/regroup", methods=["POST"])
@drafter_required
def regroup(consultation_id: int):
    consultation = team_consultation(consultation_id)
    form = RegroupForm()
    if not form.validate_on_submit():
        raise UserError(" ".join(form.threshold.errors) or "Ngưỡng không hợp lệ.")
    result = operations.regroup(consultation, by=current_user, threshold=form.threshold.data)
    db.session.commit()
    flash(
        f"Đã gộp lại ý kiến với ngưỡng {form.threshold.data}: {result.created} nhóm mới, {result.kept} nhóm giữ "
        "nguyên (các nhóm đã xử lý hoặc đã tách, gộp thủ công không thay đổi).",
        "success",
    )
    return redirect(_back(consultation))


@bp.route("/<int:consultation_id>/dispositions/<int:disposition_id>/split", methods=["POST"])
@drafter_required
def split(consultation_id: int, disposition_id: int):
    consultation = team_consultation(consultation_id)
    disposition = _disposition(consultation, disposition_id)
    comment = db.session.get(Comment, request.form.get("comment_id", type=int) or 0)
    if comment is None or comment.disposition_id != disposition.id:
        abort(404)
    alone = operations.split_comment(disposition, comment, by=current_user)
    db.session.commit()
    flash("Đã tách ý kiến thành nhóm riêng.", "success")
    return redirect(_back(consultation, alone.id))


@bp.route("/<int:consultation_id>/dispositions/<int:disposition_id>/merge", methods=["POST"])
@drafter_required
def merge(consultation_id: int, disposition_id: int):
    consultation = team_consultation(consultation_id)
    target = _disposition(consultation, disposition_id)
    form = MergeForm()
    form.other_id.choices = [(d.id, str(d.id)) for d in dispositions_of(consultation) if d.id != target.id]
    if not form.validate_on_submit():
        raise UserError("Vui lòng chọn nhóm ý kiến để gộp.")
    operations.merge_groups(target, _disposition(consultation, form.other_id.data), by=current_user)
    db.session.commit()
    flash("Đã gộp hai nhóm ý kiến.", "success")
    return redirect(_back(consultation, target.id))


@bp.route("/<int:consultation_id>/dispositions.xlsx")
@drafter_required
def dispositions_export(consultation_id: int):
    consultation = team_consultation(consultation_id)
    _ensure_grouped(consultation)
    on = today()
    data = dispositions_xlsx.export_dispositions(load_groups(consultation), on)
    title = ascii_slug(consultation.draft_version.draft.title) or "du-thao"
    response = Response(data, mimetype=XLSX_TYPE)
    filename = f"xu-ly-y-kien_{title}_dot-{consultation.id}_{on.isoformat()}.xlsx"
    response.headers["Content-Disposition"] = content_disposition(filename)
    return response


@bp.route("/<int:consultation_id>/dispositions/import", methods=["GET", "POST"])
@drafter_required
def dispositions_import(consultation_id: int):
    consultation = team_consultation(consultation_id)
    form = ImportForm()
    if form.validate_on_submit():
        rows = dispositions_xlsx.read_dispositions(form.file.data.read())
        plan = dispositions_xlsx.plan_import(rows, {d.id: d for d in dispositions_of(consultation)})
        return render_template(
            "synthesis/import_preview.html", consultation=consultation, plan=plan, form=ConfirmForm()
        )
    return render_template("synthesis/import.html", consultation=consultation, form=form)


@bp.route("/<int:consultation_id>/dispositions/import/confirm", methods=["POST"])
@drafter_required
def dispositions_import_confirm(consultation_id: int):
    consultation = team_consultation(consultation_id)
    if not ConfirmForm().validate_on_submit():
        raise UserError("Phiên làm việc đã hết hạn. Vui lòng tải bảng tính lên lại.")
    count = operations.apply_import(consultation, _confirmed_answers(), by=current_user, now=now_utc())
    db.session.commit()
    flash(f"Đã cập nhật kết quả xử lý của {count} nhóm ý kiến từ bảng tính.", "success")
    return redirect(_back(consultation))


def _confirmed_answers() -> list[operations.ImportedAnswer]:
    """The changes listed on the preview, sent back as hidden fields; each is re-checked against its version."""
    ids = request.form.getlist("id", type=int)
    versions = request.form.getlist("version", type=int)
    decisions = request.form.getlist("decision")
    explanations = request.form.getlist("explanation")
    if not (len(ids) == len(versions) == len(decisions) == len(explanations)):
        raise UserError("Dữ liệu xác nhận không đầy đủ. Vui lòng tải bảng tính lên lại.")
    try:
        return [
            operations.ImportedAnswer(i, v, Decision(d) if d else None, e)
            for i, v, d, e in zip(ids, versions, decisions, explanations, strict=True)
        ]
    except ValueError as error:
        raise UserError("Kết quả xử lý không hợp lệ. Vui lòng tải bảng tính lên lại.") from error
