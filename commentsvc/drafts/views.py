"""Drafts: upload, preview and correct the split, accept as a version, read the outline.

Only drafting-team members reach these pages (403 for everybody else), and only for their own unit's drafts
and imports (404 for another unit's).
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from commentsvc.consultations import dashboard
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core import listing
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import local_year_bounds, to_local
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.text import vietnamese_sort_key
from commentsvc.core.uploads import content_disposition
from commentsvc.drafts import operations
from commentsvc.drafts.accounting import CATEGORIES
from commentsvc.drafts.forms import (
    FILE_HINT,
    TITLE_MAX,
    UNIT_KIND_LABELS,
    ChangeKindForm,
    ConfirmForm,
    FileForm,
    NewDraftForm,
    SplitOffForm,
)
from commentsvc.drafts.model import Unit
from commentsvc.drafts.models import Clause, Draft, DraftImport, DraftKind, DraftVersion, ImportStatus
from commentsvc.drafts.numbering_checks import check_numbering
from commentsvc.drafts.outline_pages import OutlinePager
from commentsvc.drafts.splitting import Limits
from commentsvc.jobs.operations import Subject
from commentsvc.jobs.views import start_upload
from commentsvc.search.text import Query

bp = Blueprint("drafts", __name__, url_prefix="/drafts")

CORRECTIONS = "<any(merge,split,kind):action>"


# --- loading with the ownership check ----------------------------------------------------------------------------


def _own_draft(draft_id: int) -> Draft:
    draft = db.session.get(Draft, draft_id)
    if draft is None or draft.drafting_unit_id != current_user.drafting_unit_id:
        abort(404)
    return draft


def _own_version(draft_id: int, number: int) -> DraftVersion:
    draft = _own_draft(draft_id)
    return next((version for version in draft.versions if version.number == number), None) or abort(404)


def _own_import(token: str) -> DraftImport:
    """The uploader's own pending import; another member's, or one already saved or discarded, is refused saying so."""
    pending = db.session.scalar(sa.select(DraftImport).where(DraftImport.token == token))
    if pending is None or pending.drafting_unit_id != current_user.drafting_unit_id:
        abort(404)
    operations.check_import_usable(pending, current_user)
    return pending


# --- lists --------------------------------------------------------------------------------------------------------


LIST_PAGE_SIZE = 25
LIST_STATES = {"unsent": "Chưa gửi lấy ý kiến", "sent": "Đã gửi lấy ý kiến"}
LIST_SORTS = {
    "created": "Ngày tạo (mới nhất trước)",
    "created_asc": "Ngày tạo (cũ nhất trước)",
    "title": "Tên dự thảo (A–Z)",
}
LIST_ORDERS = {"created": (Draft.created_at.desc(), Draft.id.desc()), "created_asc": (Draft.created_at, Draft.id)}


@bp.route("/")
@drafter_required
def index():
    args, unit_id = request.args, current_user.drafting_unit_id
    chosen = {
        "state": listing.choice(args, "state", {key: key for key in LIST_STATES}, "Trạng thái"),
        "kind": listing.choice(args, "kind", {kind.value: kind for kind in DraftKind}, "Loại dự thảo"),
        "year": listing.year(args),
        "sort": listing.choice(args, "sort", {key: key for key in LIST_SORTS}, "Cách sắp xếp"),
        "q": args.get("q", "").strip(),
    }
    sent = _sent_draft_ids(unit_id)
    found = _listed(unit_id, sent, **chosen)
    page = listing.Page.of(args.get("page"), LIST_PAGE_SIZE, len(found))
    shown = page.slice(found)
    return render_template(
        "drafts/index.html",
        drafts=shown,
        page=page,
        whole=db.session.scalar(sa.select(sa.func.count()).where(Draft.drafting_unit_id == unit_id)),
        chosen=chosen,
        kept=listing.kept(**chosen),
        sent=sent,
        years=sorted({to_local(day).year for day in _created(unit_id)}, reverse=True),
        states=list(LIST_STATES.items()),
        states_by_key=LIST_STATES,
        kinds=list(DraftKind),
        sorts=list(LIST_SORTS.items()),
        pending=_pending_imports(),
        clause_counts=_clause_counts([draft.latest_version.id for draft in shown if draft.versions]),
    )


def _pending_imports() -> list[DraftImport]:
    """The current member's uploads still waiting to be accepted or discarded."""
    query = sa.select(DraftImport).where(
        DraftImport.user_id == current_user.id, DraftImport.status == ImportStatus.PENDING
    )
    return list(db.session.scalars(query.order_by(DraftImport.id)))


def _listed(unit_id: int, sent: set[int], *, state, kind, year, sort, q) -> list[Draft]:
    """The unit's drafts matching the list's filters, in its order."""
    query = (
        sa.select(Draft)
        .where(Draft.drafting_unit_id == unit_id)
        .options(selectinload(Draft.versions))
        .order_by(*LIST_ORDERS.get(sort or "created", LIST_ORDERS["created"]))
    )
    if kind is not None:
        query = query.where(Draft.kind == kind)
    if year is not None:
        query = query.where(Draft.created_at.between(*local_year_bounds(year)))
    title = Query.parse(q)
    found = [draft for draft in db.session.scalars(query) if title.found_in(draft.title)]
    if state is not None:
        found = [draft for draft in found if (draft.id in sent) == (state == "sent")]
    if sort == "title":
        found.sort(key=lambda draft: vietnamese_sort_key(draft.title))
    return found


def _sent_draft_ids(unit_id: int) -> set[int]:
    """The unit's drafts of which a version has been sent for comments (one query)."""
    return set(
        db.session.scalars(
            sa.select(DraftVersion.draft_id)
            .join(Consultation, Consultation.draft_version_id == DraftVersion.id)
            .where(Consultation.drafting_unit_id == unit_id, Consultation.status != ConsultationStatus.DRAFT)
        )
    )


def _created(unit_id: int):
    return db.session.scalars(sa.select(Draft.created_at).where(Draft.drafting_unit_id == unit_id))


def _clause_counts(version_ids: list[int]) -> dict[int, int]:
    """Clauses per version id, for these versions only, in one query."""
    query = (
        sa.select(Clause.version_id, sa.func.count(Clause.id))
        .where(Clause.version_id.in_(version_ids))
        .group_by(Clause.version_id)
    )
    return dict(db.session.execute(query).all()) if version_ids else {}


@bp.route("/<int:draft_id>")
@drafter_required
def draft(draft_id: int):
    the_draft = _own_draft(draft_id)
    in_use = {version.id: operations.consultation_using(version) for version in the_draft.versions}
    return render_template(
        "drafts/draft.html",
        draft=the_draft,
        in_use=in_use,
        clause_counts=_clause_counts([version.id for version in the_draft.versions]),
    )


@bp.route("/<int:draft_id>/versions/<int:number>")
@drafter_required
def version(draft_id: int, number: int):
    the_version = _own_version(draft_id, number)
    units = operations.clause_units(the_version)
    consultation = operations.consultation_using(the_version)
    is_sent = consultation is not None and consultation.status is not ConsultationStatus.DRAFT
    comments = dashboard.comment_counts(consultation) if is_sent else None
    pager = OutlinePager(units, _page_size(), request.args.get("page", 1, type=int))
    return render_template(
        "drafts/version.html",
        version=the_version,
        draft=the_version.draft,
        pager=pager,
        counts=_kind_counts(units),
        consultation=consultation,
        comments=comments,
        entry_links=_entry_links(comments, pager, the_version) if comments else {},
        kind_labels=UNIT_KIND_LABELS,
    )


def _entry_links(comments, pager: OutlinePager, version: DraftVersion) -> dict[int, str]:
    """The address of each counted outline entry in the version's outline (its page, #u-<position>), built here:
    a url_for per entry in the template cost more than the counting."""
    clause_ids = [entry.clause_id for entry in comments.by_entry]
    query = sa.select(Clause.id, Clause.position).where(Clause.id.in_(clause_ids))
    base = url_for("drafts.version", draft_id=version.draft_id, number=version.number)
    links = {}
    for clause_id, position in db.session.execute(query).tuples():
        page = pager.page_of(position)
        links[clause_id] = f"{base}?page={page}#u-{position}" if page > 1 else f"{base}#u-{position}"
    return links


@bp.route("/<int:draft_id>/versions/<int:number>/file")
@drafter_required
def download(draft_id: int, number: int):
    the_version = _own_version(draft_id, number)
    return Response(
        the_version.original_file,
        content_type=the_version.media_type,
        headers={"Content-Disposition": content_disposition(the_version.filename)},
    )


def _kind_counts(units: list[Unit]) -> list[tuple[str, int]]:
    """(Vietnamese kind name, count) in the order kinds nest, for the counts table."""
    counts = Counter(unit.kind for unit in units)
    return [(label, counts[kind]) for kind, label in UNIT_KIND_LABELS.items() if counts[kind]]


# --- upload into the preview ------------------------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@drafter_required
def new():
    form = NewDraftForm()
    if request.method == "GET":  # back from a job that refused the file: what was typed, from the address
        form.title.data = request.args.get("title", "")[:TITLE_MAX]
        if request.args.get("kind") in {kind.value for kind in DraftKind}:
            form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        if _is_large(form):
            params = {"title": form.title.data, "kind": form.kind.data, "draft_id": None}
            return _split_in_background(form, params)
        try:
            upload = _read(form)
        except UserError as error:
            return _upload_refused(form, error, draft=None)
        pending = operations.start_import(
            upload, title=form.title.data, kind=DraftKind(form.kind.data), user=current_user
        )
        db.session.commit()
        return redirect(url_for("drafts.preview", token=pending.token))
    return _upload_page(form, None)


@bp.route("/<int:draft_id>/versions/new", methods=["GET", "POST"])
@drafter_required
def new_version(draft_id: int):
    the_draft = _own_draft(draft_id)
    form = FileForm()
    if form.validate_on_submit():
        if _is_large(form):
            params = {"title": the_draft.title, "kind": the_draft.kind.value, "draft_id": the_draft.id}
            return _split_in_background(form, params)
        try:
            upload = _read(form)
        except UserError as error:
            return _upload_refused(form, error, draft=the_draft)
        pending = operations.start_import(
            upload, title=the_draft.title, kind=the_draft.kind, user=current_user, draft=the_draft
        )
        db.session.commit()
        return redirect(url_for("drafts.preview", token=pending.token))
    return _upload_page(form, the_draft)


def _is_large(form) -> bool:
    """A file larger than DIRECT_IMPORT_MAX_BYTES is split by the queue's worker, not in this request."""
    storage = form.file.data
    storage.stream.seek(0, 2)
    size = storage.stream.tell()
    storage.stream.seek(0)
    return size > current_app.config["DIRECT_IMPORT_MAX_BYTES"]


def _split_in_background(form, params: dict):
    storage = form.file.data
    params = {**params, "filename": storage.filename or ""}
    return start_upload("draft.import", Subject(current_user.drafting_unit_id), storage.read(), params)


def _read(form) -> operations.Upload:
    storage = form.file.data
    limits = Limits.from_config(current_app.config)
    return operations.read_upload(storage.read(), storage.filename or "", limits)


def _upload_page(form, the_draft: Draft | None):
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("drafts/upload.html", form=form, draft=the_draft, file_hint=FILE_HINT), status


def _upload_refused(form, error: UserError, draft: Draft | None):
    db.session.rollback()
    form.file.errors.append(error.message)
    return render_template("drafts/upload.html", form=form, draft=draft, file_hint=FILE_HINT), error.status


# --- the preview ----------------------------------------------------------------------------------------------


@bp.route("/imports/<token>")
@drafter_required
def preview(token: str):
    return _preview_page(_own_import(token), FileForm())


def _preview_page(pending: DraftImport, file_form: FileForm, status: int = 200):
    units = operations.stored_units(pending.units_json)
    page = render_template(
        "drafts/preview.html",
        pending=pending,
        draft=db.session.get(Draft, pending.draft_id) if pending.draft_id else None,
        pager=OutlinePager(units, _page_size(), request.args.get("page", 1, type=int)),
        counts=_kind_counts(units),
        tally=operations.stored_tally(pending),
        warnings=check_numbering(units),
        categories=CATEGORIES,
        file_form=file_form,
        kind_labels=UNIT_KIND_LABELS,
        file_hint=FILE_HINT,
    )
    return page, status


def _page_size() -> int:
    return int(current_app.config.get("DRAFT_PREVIEW_PAGE_SIZE", OutlinePager.size))


def _page_arg(units: list[Unit], position: int) -> int | None:
    """The outline page holding the unit at ``position`` after a correction (None for the first page)."""
    page = OutlinePager(units, _page_size()).page_of(min(position, len(units) - 1))
    return page if page > 1 else None


@bp.route("/imports/<token>/file", methods=["POST"])
@drafter_required
def replace_file(token: str):
    pending = _own_import(token)
    form = FileForm()
    if not form.validate_on_submit():
        return _preview_page(pending, form, 400)
    try:
        upload = _read(form)
    except UserError as error:
        form.file.errors.append(error.message)
        return _preview_page(pending, form, error.status)
    operations.replace_import_file(pending, upload, user=current_user)
    db.session.commit()
    flash(f"Đã thay bằng tệp {upload.filename}: {len(upload.units)} mục. Các chỉnh sửa trước đó đã được bỏ.", "success")
    return redirect(url_for("drafts.preview", token=pending.token))


@bp.route(f"/imports/<token>/units/<int:position>/{CORRECTIONS}", methods=["POST"])
@drafter_required
def correct(token: str, position: int, action: str):
    pending = _own_import(token)
    units = operations.correct_import(pending, _correction(action, position), user=current_user)
    db.session.commit()
    anchor = _anchor(position, units)
    return redirect(url_for("drafts.preview", token=pending.token, page=_page_arg(units, position), _anchor=anchor))


@bp.route("/imports/<token>/accept", methods=["POST"])
@drafter_required
def accept(token: str):
    pending = _own_import(token)
    _confirm()
    new_version = operations.accept_import(pending, user=current_user)
    db.session.commit()
    flash(
        f"Đã lưu phiên bản {new_version.number} của dự thảo “{new_version.draft.title}” "
        f"với {len(new_version.clauses)} mục.",
        "success",
    )
    return redirect(url_for("drafts.version", draft_id=new_version.draft_id, number=new_version.number))


@bp.route("/imports/<token>/discard", methods=["POST"])
@drafter_required
def discard(token: str):
    pending = _own_import(token)
    _confirm()
    draft_id = pending.draft_id
    operations.discard_import(pending, user=current_user)
    db.session.commit()
    flash("Đã hủy bản tải lên; không có gì được lưu.", "info")
    return redirect(url_for("drafts.draft", draft_id=draft_id) if draft_id else url_for("drafts.new"))


@bp.route(f"/<int:draft_id>/versions/<int:number>/units/<int:position>/{CORRECTIONS}", methods=["POST"])
@drafter_required
def correct_version(draft_id: int, number: int, position: int, action: str):
    the_version = _own_version(draft_id, number)
    units = operations.correct_version(the_version, _correction(action, position), user=current_user)
    db.session.commit()
    anchor = _anchor(position, units)
    page = _page_arg(units, position)
    return redirect(url_for("drafts.version", draft_id=draft_id, number=number, page=page, _anchor=anchor))


def _confirm() -> None:
    if not ConfirmForm().validate_on_submit():
        raise UserError("Biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại.")


def _correction(action: str, position: int) -> operations.Correction:
    form = {"merge": ConfirmForm, "split": SplitOffForm, "kind": ChangeKindForm}[action]()
    if not form.validate_on_submit():
        raise UserError(operations.MSG_BAD_CORRECTION)
    if action == "split":
        return operations.Correction(action, position, paragraph=form.paragraph.data)
    if action == "kind":
        return operations.Correction(action, position, kind=form.kind.data, label=(form.label.data or "").strip())
    return operations.Correction(action, position)


def _anchor(position: int, units: list[Unit]) -> str:
    """Back to the corrected unit; after merging the last unit, to the one it went into."""
    return f"u-{min(position, len(units) - 1)}"
