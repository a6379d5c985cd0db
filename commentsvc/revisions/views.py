"""Round 2, for the drafting team: clause mapping between versions, comparison, carry-over, opening the next round.

Only drafters of the draft's unit reach these pages: other roles get 403 (decorator), other units' drafts and
consultations 404. The mapping is computed at the first visit when nothing (or something stale) is stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.consultations import queries
from commentsvc.consultations.models import Consultation
from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.uploads import content_disposition
from commentsvc.drafts.models import Clause, Draft, DraftVersion
from commentsvc.revisions import comparison, loading, operations, round2
from commentsvc.revisions.compare_docx import CompareTitle, compare_docx
from commentsvc.revisions.forms import DROPPED, LinkForm, NextRoundForm
from commentsvc.revisions.wordiff import render_html

bp = Blueprint("revisions", __name__, url_prefix="/drafts")

PAIR = "/<int:draft_id>/compare/<int:old>/<int:new>"
INLINE_FORMS_UP_TO = 150  # beyond this many new clauses, each row links to its own correction page
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- loading with the ownership check ----------------------------------------------------------------------------


def _own_draft(draft_id: int) -> Draft:
    draft = db.session.get(Draft, draft_id)
    if draft is None or draft.drafting_unit_id != current_user.drafting_unit_id:
        abort(404)
    return draft


def _own_pair(draft_id: int, old: int, new: int) -> tuple[DraftVersion, DraftVersion]:
    versions = {version.number: version for version in _own_draft(draft_id).versions}
    if old not in versions or new not in versions or old >= new:
        abort(404)
    return versions[old], versions[new]


def _own_consultation(consultation_id: int) -> Consultation:
    return queries.consultation_for_unit(consultation_id, current_user.drafting_unit_id) or abort(404)


def _links(old_version: DraftVersion, new_version: DraftVersion) -> list[comparison.LinkRow]:
    """The mapping rows; computing them on the first visit is a change worth keeping, so commit it."""
    rows = operations.link_rows(old_version, new_version, user=current_user)
    db.session.commit()
    return rows


# --- pages ---------------------------------------------------------------------------------------------------------


@bp.route("/<int:draft_id>/revisions")
@drafter_required
def index(draft_id: int):
    draft = _own_draft(draft_id)
    consultations = db.session.scalars(
        sa.select(Consultation)
        .join(DraftVersion, Consultation.draft_version_id == DraftVersion.id)
        .where(DraftVersion.draft_id == draft.id)
        .order_by(Consultation.id)
    ).all()
    return render_template("revisions/index.html", draft=draft, consultations=consultations)


@bp.route(f"{PAIR}/mapping")
@drafter_required
def mapping(draft_id: int, old: int, new: int):
    old_version, new_version = _own_pair(draft_id, old, new)
    rows = _links(old_version, new_version)
    choices = _choices(new_version)
    inline = len(choices) <= INLINE_FORMS_UP_TO
    return render_template(
        "revisions/mapping.html",
        draft=old_version.draft,
        old_version=old_version,
        new_version=new_version,
        rows=rows,
        anchored=_first_rows(rows),
        counts=_counts(rows),
        labels=comparison.RELATION_LABELS,
        form=LinkForm(choices) if inline else None,
        inline=inline,
    )


def _choices(version: DraftVersion) -> list[tuple[int, str]]:
    return [
        (clause.id, f"{clause.ref or clause.label or clause.kind} — {clause.text[:60]}") for clause in version.clauses
    ]


def _first_rows(rows: list[comparison.LinkRow]) -> set[int]:
    """The first row of each old clause carries its anchor (a split clause has several rows; ids are unique)."""
    first: dict[int, int] = {}
    for row in rows:
        if row.old is not None:
            first.setdefault(row.old.id, row.id)
    return set(first.values())


def _counts(rows: list[comparison.LinkRow]) -> list[tuple[str, int]]:
    counts = {relation: 0 for relation in comparison.RELATION_LABELS}
    for row in rows:
        counts[row.relation] += 1
    return [(comparison.RELATION_LABELS[relation], count) for relation, count in counts.items() if count]


@bp.route(f"{PAIR}/mapping/<int:clause_id>", methods=["GET", "POST"])
@drafter_required
def correct(draft_id: int, old: int, new: int, clause_id: int):
    old_version, new_version = _own_pair(draft_id, old, new)
    old_clause = db.session.get(Clause, clause_id)
    if old_clause is None or old_clause.version_id != old_version.id:
        abort(404)
    form = LinkForm(_choices(new_version))
    if form.validate_on_submit():
        chosen = form.new_clause_id.data
        new_clause = None if chosen == DROPPED else db.session.get(Clause, chosen)
        operations.correct_link(old_version, new_version, old_clause, new_clause, user=current_user)
        db.session.commit()
        flash(f"Đã sửa mục tương ứng của {old_clause.ref or old_clause.label}.", "success")
        return redirect(url_for(".mapping", draft_id=draft_id, old=old, new=new, _anchor=f"old-{old_clause.id}"))
    rows = [row for row in _links(old_version, new_version) if row.old is not None and row.old.id == old_clause.id]
    if not form.is_submitted() and rows and rows[0].new is not None:
        form.new_clause_id.data = rows[0].new.id
    status = 400 if form.errors else 200
    return render_template(
        "revisions/link_edit.html",
        draft=old_version.draft,
        old_version=old_version,
        new_version=new_version,
        clause=old_clause,
        rows=rows,
        labels=comparison.RELATION_LABELS,
        form=form,
    ), status


@bp.route(f"{PAIR}/mapping/recompute", methods=["POST"])
@drafter_required
def recompute(draft_id: int, old: int, new: int):
    old_version, new_version = _own_pair(draft_id, old, new)
    operations.map_and_store(old_version, new_version, user=current_user)
    db.session.commit()
    flash("Đã đối chiếu lại hai phiên bản; các chỉnh sửa bằng tay trước đó đã bị thay thế.", "success")
    return redirect(url_for(".mapping", draft_id=draft_id, old=old, new=new))


@bp.route(PAIR)
@drafter_required
def compare(draft_id: int, old: int, new: int):
    old_version, new_version = _own_pair(draft_id, old, new)
    changes = comparison.changes(_links(old_version, new_version))
    only_changed = request.args.get("only") == "changed"
    shown = comparison.only_changed(changes) if only_changed else changes
    return render_template(
        "revisions/compare.html",
        draft=old_version.draft,
        old_version=old_version,
        new_version=new_version,
        changes=shown,
        total=len(changes),
        changed=len(comparison.only_changed(changes)),
        only_changed=only_changed,
        labels=comparison.RELATION_LABELS,
        render_diff=render_html,
    )


@bp.route(f"{PAIR}/compare.docx")
@drafter_required
def compare_export(draft_id: int, old: int, new: int):
    old_version, new_version = _own_pair(draft_id, old, new)
    changes = comparison.changes(_links(old_version, new_version))
    if request.args.get("only") == "changed":
        changes = comparison.only_changed(changes)
    data = compare_docx(CompareTitle(old_version.draft.title, old, new), changes)
    filename = f"so-sanh-du-thao-{draft_id}_phien-ban-{old}-{new}.docx"
    return Response(data, content_type=DOCX, headers={"Content-Disposition": content_disposition(filename)})


# --- carry-over and the next round -------------------------------------------------------------------------------


def _later_round(consultation_id: int) -> Consultation:
    consultation = _own_consultation(consultation_id)
    return consultation if consultation.previous is not None else abort(404)


@bp.route("/rounds/<int:consultation_id>/carryover")
@drafter_required
def carryover(consultation_id: int):
    consultation = _later_round(consultation_id)
    rows = loading.carryover_rows(consultation.previous, consultation.draft_version, user=current_user)
    db.session.commit()
    return render_template(
        "revisions/carryover.html",
        consultation=consultation,
        previous=consultation.previous,
        title=loading.carryover_title(consultation.previous, consultation.draft_version),
        rows=rows,
    )


@bp.route("/rounds/<int:consultation_id>/carryover.<any(docx, xlsx):fmt>")
@drafter_required
def carryover_export(consultation_id: int, fmt: str):
    consultation = _later_round(consultation_id)
    export = loading.carryover_file(consultation, fmt, user=current_user)
    db.session.commit()
    return Response(
        export.data,
        content_type=export.media_type,
        headers={"Content-Disposition": content_disposition(export.filename)},
    )


@bp.route("/rounds/<int:consultation_id>/next", methods=["GET", "POST"])
@drafter_required
def next_round(consultation_id: int):
    previous = _own_consultation(consultation_id)
    versions = round2.revised_versions(previous)
    form = NextRoundForm(data=round2.next_round_defaults(previous))
    form.draft_version_id.choices = [(v.id, f"Phiên bản {v.number} ({v.filename})") for v in versions]
    if form.validate_on_submit():
        version = next((v for v in versions if v.id == form.draft_version_id.data), None)
        if version is None:
            raise UserError("Vui lòng chọn một phiên bản mới hơn của cùng dự thảo.")
        consultation = round2.open_next_round(
            previous,
            version=version,
            opens_at=form.opens_at(now_utc()),
            deadline_at=form.deadline_at,
            user=current_user,
            **form.settings(None),
        )
        db.session.commit()
        flash(
            f"Đã lưu bản nháp lần lấy ý kiến thứ {consultation.round_number} với "
            f"{len(consultation.recipients)} cơ quan. Kiểm tra rồi gửi.",
            "success",
        )
        return redirect(url_for("consultations.detail", consultation_id=consultation.id))
    status = 400 if form.errors else 200
    return render_template("revisions/next_round.html", form=form, previous=previous, versions=versions), status
