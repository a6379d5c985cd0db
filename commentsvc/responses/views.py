"""Replies, for agencies: the inbox, comments per clause, submission, receipt.

Every route loads the Recipient by (consultation id, the member's own agency) and a Comment by (id, that recipient's
reply): anything of another agency, or of an unsent consultation, is 404 whatever the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import orm

from commentsvc.consultations import queries, rules
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
from commentsvc.core import mail, security
from commentsvc.core.access import agency_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.uploads import download
from commentsvc.drafts.models import Clause
from commentsvc.responses import operations, reading, receipt
from commentsvc.responses.attachments import MAX_BYTES, MEDIA_TYPES, check_attachment
from commentsvc.responses.forms import CommentForm, DeleteCommentForm, SubmitReplyForm
from commentsvc.responses.letter_import import SignatureSettings, attached_letter_verdict
from commentsvc.responses.models import Comment, Reply, ReplyPosition
from commentsvc.revisions import operations as revision_operations
from commentsvc.synthesis import publication

bp = Blueprint("responses", __name__, url_prefix="/agency")
bp.add_app_template_global(reading.cells, "draft_cells")
bp.add_app_template_global(reading.paragraphs, "draft_paragraphs")
bp.add_app_template_global(reading.HEADING_LEVELS, "draft_heading_levels")
bp.add_app_template_global(reading.ROW_KINDS, "draft_row_kinds")

UNCHANGED = ("same", "renumbered")  # clause-link relations that leave the wording as it was


@dataclass(frozen=True)
class InboxRow:
    recipient: Recipient
    phase: rules.Phase
    state: rules.RecipientState
    state_label: str
    deadline: datetime
    remaining: object  # timedelta until the agency's own deadline; None once it may no longer reply on time


def _recipient(consultation_id: int) -> Recipient:
    recipient = queries.recipient_for_agency(consultation_id, current_user.agency_id)
    if recipient is None:
        abort(404)
    return recipient


def _comment(recipient: Recipient, comment_id: int) -> Comment:
    return operations.comment_of(recipient.reply, comment_id) or abort(404)


def _page(recipient: Recipient, anchor: str | None = None):
    return redirect(url_for("responses.consultation", consultation_id=recipient.consultation_id, _anchor=anchor), 303)


def _state(recipient: Recipient, window: rules.Window, now: datetime, count: int) -> tuple[rules.RecipientState, str]:
    reply = recipient.reply
    state = rules.recipient_state(
        window,
        now,
        is_submitted=reply is not None and reply.is_submitted,
        is_late=reply is not None and reply.is_late,
        has_draft_reply=reply is not None,
        comment_count=count,
        opened=recipient.first_opened_at is not None,
    )
    return state, rules.state_label(state, count)


def _comment_counts(recipients: list[Recipient]) -> dict[int, int]:
    reply_ids = [r.reply.id for r in recipients if r.reply is not None]
    if not reply_ids:
        return {}
    query = sa.select(Comment.reply_id, sa.func.count()).where(Comment.reply_id.in_(reply_ids))
    return dict(db.session.execute(query.group_by(Comment.reply_id)).tuples().all())


def inbox_rows(now: datetime) -> list[InboxRow]:
    recipients = db.session.scalars(
        sa.select(Recipient)
        .join(Consultation)
        .where(Recipient.agency_id == current_user.agency_id, Consultation.status != ConsultationStatus.DRAFT)
        .order_by(Consultation.deadline_at.desc(), Consultation.id.desc())
    ).all()
    counts = _comment_counts(recipients)
    stages = publication.lifecycles([recipient.consultation for recipient in recipients], now)
    rows = []
    for recipient in recipients:
        window = queries.window_for(recipient.consultation, recipient)
        count = counts.get(recipient.reply.id, 0) if recipient.reply else 0
        state, label = _state(recipient, window, now, count)
        deadline = rules.effective_deadline(window.deadline_at, window.extended_until)
        stage = stages[recipient.consultation_id]
        rows.append(InboxRow(recipient, stage, state, label, deadline, rules.time_left(window, now)))
    return rows


@bp.route("/")
@agency_required
def inbox():
    return render_template("responses/inbox.html", rows=inbox_rows(now_utc()))


@dataclass(frozen=True)
class Unsaved:
    """What the member typed but could not save, shown again beside the reason so nothing typed is lost."""

    clause_id: int | None
    comment_id: int | None
    text: str
    proposed_wording: str
    message: str


@bp.route("/consultations/<int:consultation_id>")
@agency_required
def consultation(consultation_id: int):
    recipient = _recipient(consultation_id)
    # A GET that writes: only the first opening, one conditional UPDATE, and never for a cross-site link.
    if not security.is_cross_site() and operations.mark_opened(recipient, current_user, now_utc()):
        db.session.commit()
    return _consultation_page(recipient)


def _by_clause(reply: Reply | None) -> dict[int | None, list[Comment]]:
    by_clause: dict[int | None, list[Comment]] = {}
    comments = (
        db.session.scalars(
            sa.select(Comment).where(Comment.reply_id == reply.id).options(orm.joinedload(Comment.updated_by))
        )
        if reply
        else []
    )
    for comment in comments:
        by_clause.setdefault(comment.clause_id, []).append(comment)
    return by_clause


def _clause_comments(recipient: Recipient, clause_id: int | None) -> list[Comment]:
    """The recipient's comments on one clause, read alone (a reply may hold hundreds on other clauses) and by query:
    ``recipient.reply`` may still be the None read before this request created the reply."""
    on_clause = Comment.clause_id.is_(None) if clause_id is None else Comment.clause_id == clause_id
    query = sa.select(Comment).join(Reply).where(Reply.recipient_id == recipient.id, on_clause).order_by(Comment.id)
    return list(db.session.scalars(query))


def _refusal(recipient: Recipient, now: datetime) -> str | None:
    reply = recipient.reply
    window = queries.window_for(recipient.consultation, recipient)
    return rules.refusal_reason(window, now, is_submitted=reply is not None and reply.is_submitted)


def _consultation_page(recipient: Recipient, unsaved: Unsaved | None = None, status: int = 200):
    now = now_utc()
    consultation = recipient.consultation
    window = queries.window_for(consultation, recipient)
    by_clause = _by_clause(recipient.reply)
    deadline = rules.effective_deadline(window.deadline_at, window.extended_until)
    page = render_template(
        "responses/consultation.html",
        consultation=consultation,
        recipient=recipient,
        reply=recipient.reply,
        by_clause=by_clause,
        unsaved=unsaved,
        refusal=_refusal(recipient, now),
        state_label=_state(recipient, window, now, sum(map(len, by_clause.values())))[1],
        deadline=deadline,
        remaining=rules.time_left(window, now),
        outcomes=_outcome_links(consultation),
        form_clause=_form_clause(unsaved),
        **_reading(consultation, by_clause),
    )
    return page, status


def _form_clause(unsaved: Unsaved | None) -> int | str | None:
    """Where the new-comment form is open: at the typed text not saved, else at the clause a "Góp ý" link asked
    for without JavaScript (?comment=<id> or "general")."""
    if unsaved is not None and unsaved.comment_id is None:
        return unsaved.clause_id or "general"
    asked = request.args.get("comment", "")
    return int(asked) if asked.isdigit() else ("general" if asked == "general" else None)


def _reading(consultation: Consultation, by_clause: dict[int | None, list[Comment]]) -> dict:
    """The document, its outline with our counts, and the filters: only clauses with our comments (mine=1), only
    clauses changed since the previous round (changed=1)."""
    clauses = _clause_rows(consultation.draft_version_id)
    counts = {clause_id: len(comments) for clause_id, comments in by_clause.items() if clause_id}
    changed = _changed_since_previous(consultation, clauses)
    show_mine = request.args.get("mine") == "1"
    show_changed = changed is not None and request.args.get("changed") == "1"
    shown = clauses
    if show_mine or show_changed:
        keep = set(counts) if show_mine else {c.id for c in clauses}
        if show_changed:
            keep &= changed
        shown = reading.with_context(clauses, keep)
    return {
        "outline": reading.outline(clauses, counts),
        "blocks": reading.blocks(shown),
        "changed": changed,
        "show_mine": show_mine,
        "show_changed": show_changed,
        "shown": len(shown),
        "total": len(clauses),
    }


def _clause_rows(version_id: int) -> list:
    """The draft's units as plain rows, not ORM objects: the page only reads them, and a decree has thousands."""
    columns = (Clause.id, Clause.kind, Clause.depth, Clause.parent_id, Clause.ref, Clause.text)
    query = sa.select(*columns).where(Clause.version_id == version_id).order_by(Clause.position)
    return list(db.session.execute(query))


def _changed_since_previous(consultation: Consultation, clauses: list) -> set[int] | None:
    """Ids of this round's clauses that are new or reworded since the previous round; None in a first round."""
    previous = consultation.previous
    if previous is None or previous.draft_version_id == consultation.draft_version_id:
        return None
    links = revision_operations.ensure_links(previous.draft_version, consultation.draft_version)
    unchanged = {link.new_clause_id for link in links if link.relation in UNCHANGED}
    return {clause.id for clause in clauses if clause.id not in unchanged}


def _outcome_links(consultation: Consultation) -> list[tuple[str, int]]:
    """Links to the pages telling the agency how its comments were handled, once the results are published: this
    round's, and the previous round's when this is a later round the agency was also consulted on."""
    links = []
    previous = consultation.previous
    if (
        previous is not None
        and queries.recipient_for_agency(previous.id, current_user.agency_id)
        and publication.latest(previous) is not None
    ):
        links.append(
            (f"Kết quả tiếp thu, giải trình ý kiến lần {consultation.previous.round_number}", consultation.previous_id)
        )
    if publication.latest(consultation) is not None:
        links.append(("Kết quả tiếp thu, giải trình ý kiến của cơ quan trong lần này", consultation.id))
    return links


def _wants_section() -> bool:
    """comments.js asks for the clause's section alone instead of a redirect to the whole page."""
    return request.headers.get("X-Requested-With") == "comments.js"


def _section(
    recipient: Recipient,
    clause_id: int | None,
    *,
    unsaved: Unsaved | None = None,
    notice: str | None = None,
    status: int = 200,
):
    clause = db.session.get(Clause, clause_id) if clause_id else None
    html = render_template(
        "responses/section.html",
        recipient=recipient,
        clause=clause,
        comments=_clause_comments(recipient, clause_id),
        editable=_refusal(recipient, now_utc()) is None,
        unsaved=unsaved,
        notice=notice,
    )
    return html, status


def _saved(recipient: Recipient, clause_id: int | None, message: str):
    """Commit and answer. The section for comments.js is rendered before the commit, while every row it shows is
    still loaded: after the commit they would all be read again (the deadline spike's comment save is this path)."""
    if _wants_section():
        response = _section(recipient, clause_id, notice=message)
        db.session.commit()
        return response
    db.session.commit()
    flash(message, "success")
    return _page(recipient, _anchor(clause_id))


def _not_saved(recipient: Recipient, unsaved: Unsaved, status: int):
    """The form again with the typed text and the reason: the section for comments.js, else the whole page."""
    db.session.rollback()
    if _wants_section():
        return _section(recipient, unsaved.clause_id, unsaved=unsaved, status=status)
    return _consultation_page(recipient, unsaved, status)


def _form_errors(form) -> str:
    return " ".join(e for errors in form.errors.values() for e in errors) or "Biểu mẫu không hợp lệ."


def _clause(recipient: Recipient, clause_id: str | None) -> Clause | None:
    """The clause named by the form, which must belong to the consulted draft version (else 404)."""
    if not clause_id:
        return None
    clause = db.session.get(Clause, int(clause_id)) if clause_id.isdigit() else None
    if clause is None or clause.version_id != recipient.consultation.draft_version_id:
        abort(404)
    return clause


def _anchor(clause_id: int | None) -> str:
    return f"c-{clause_id}" if clause_id else "c-general"


@bp.route("/consultations/<int:consultation_id>/comments", methods=["POST"])
@agency_required
def add_comment(consultation_id: int):
    recipient = _recipient(consultation_id)
    form = CommentForm()
    clause = _clause(recipient, form.clause_id.data)
    clause_id = clause.id if clause else None

    def unsaved(message: str) -> Unsaved:
        return Unsaved(clause_id, None, form.text.data or "", form.proposed_wording.data or "", message)

    if not form.validate_on_submit():
        return _not_saved(recipient, unsaved(_form_errors(form)), 400)
    try:
        operations.add_comment(
            recipient, clause, form.text.data, form.proposed_wording.data or "", user=current_user, now=now_utc()
        )
    except UserError as error:
        return _not_saved(recipient, unsaved(error.message), error.status)
    return _saved(recipient, clause_id, "Đã lưu ý kiến.")


def _conflict_page(recipient: Recipient, conflict: operations.CommentConflict, clause_id: int | None):
    db.session.rollback()
    current = conflict.current
    if current is not None:
        db.session.refresh(current)
    clause = db.session.get(Clause, clause_id) if clause_id else None
    page = render_template(
        "responses/conflict.html",
        recipient=recipient,
        current=current,
        clause=clause,
        text=conflict.text,
        proposed_wording=conflict.proposed_wording,
        message=conflict.message,
    )
    return page, 409


@bp.route("/consultations/<int:consultation_id>/comments/<int:comment_id>", methods=["POST"])
@agency_required
def edit_comment(consultation_id: int, comment_id: int):
    recipient = _recipient(consultation_id)
    comment = _comment(recipient, comment_id)
    clause_id = comment.clause_id
    form = CommentForm()

    def unsaved(message: str) -> Unsaved:
        return Unsaved(clause_id, comment.id, form.text.data or "", form.proposed_wording.data or "", message)

    if not form.validate_on_submit() or form.version.data is None:
        return _not_saved(recipient, unsaved(_form_errors(form)), 400)
    try:
        operations.update_comment(
            recipient,
            comment,
            form.text.data,
            form.proposed_wording.data or "",
            form.version.data,
            user=current_user,
            now=now_utc(),
        )
    except operations.CommentConflict as conflict:
        return _conflict_page(recipient, conflict, clause_id)
    except UserError as error:
        return _not_saved(recipient, unsaved(error.message), error.status)
    return _saved(recipient, clause_id, "Đã lưu thay đổi.")


@bp.route("/consultations/<int:consultation_id>/comments/<int:comment_id>/delete", methods=["POST"])
@agency_required
def delete_comment(consultation_id: int, comment_id: int):
    recipient = _recipient(consultation_id)
    comment = _comment(recipient, comment_id)
    clause_id = comment.clause_id
    form = DeleteCommentForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.delete_comment(recipient, comment, form.version.data, user=current_user, now=now_utc())
    except operations.CommentConflict as conflict:
        return _conflict_page(recipient, conflict, clause_id)
    db.session.commit()
    flash("Đã xóa ý kiến.", "success")
    return _page(recipient, _anchor(clause_id))


def sorted_comments(reply: Reply | None) -> list[Comment]:
    """General comments first, then in the draft's order."""
    comments = list(reply.comments) if reply else []
    return sorted(comments, key=lambda c: (c.clause is not None, c.clause.position if c.clause else 0, c.id))


def receipt_context(reply: Reply) -> dict:
    """What a receipt page shows of a submitted reply: the agency's own (receipt.html) and the team's entry of a paper
    reply (paper_show.html)."""
    return {
        "reply": reply,
        "receipt": receipt.build_receipt(reply),
        "receipt_lines": receipt.lines,
        "comments": sorted_comments(reply),
    }


def _last_reading(reply: Reply | None) -> datetime | None:
    """When this member, who may send, last read the summary; this reading becomes their last one."""
    if reply is None or not current_user.can_submit or request.method != "GET":
        return None
    previous = operations.record_reading(reply, current_user, now_utc())
    db.session.commit()
    return previous


def _summary(recipient: Recipient, form: SubmitReplyForm, status: int = 200):
    reply = recipient.reply
    comments = sorted_comments(reply)
    last = _last_reading(reply)
    changed = {c.id for c in comments if last is not None and c.updated_at > last}
    window = queries.window_for(recipient.consultation, recipient)
    now = now_utc()
    page = render_template(
        "responses/submit.html",
        consultation=recipient.consultation,
        recipient=recipient,
        comments=comments,
        form=form,
        refusal=rules.refusal_reason(window, now, is_submitted=reply is not None and reply.is_submitted),
        is_late=not rules.is_on_time(window, now),
        changed=changed,
        last_reading=last,
    )
    return page, status


def _receipt_redirect(recipient: Recipient):
    return redirect(url_for("responses.receipt_page", consultation_id=recipient.consultation_id), 303)


@bp.route("/consultations/<int:consultation_id>/ready", methods=["POST"])
@agency_required
def ready(consultation_id: int):
    recipient = _recipient(consultation_id)
    reply = operations.mark_ready(recipient, user=current_user, now=now_utc())
    db.session.commit()
    to = [leader.email for leader in operations.leaders(recipient)]
    try:
        mail.send_mail(to, _ready_subject(recipient), _ready_body(recipient, reply))
        flash(f"Đã trình lãnh đạo; thư báo đã gửi đến {len(to)} người có quyền gửi văn bản.", "success")
    except mail.MailError as error:
        flash(f"Đã trình lãnh đạo, nhưng chưa gửi được thư báo: {error}", "warning")
    return _page(recipient)


def _ready_subject(recipient: Recipient) -> str:
    return f"Trình lãnh đạo: văn bản góp ý {recipient.consultation.title}"


def _ready_body(recipient: Recipient, reply: Reply) -> str:
    link = current_app.config["BASE_URL"].rstrip("/") + url_for(
        "responses.submit_page", consultation_id=recipient.consultation_id, _external=False
    )
    return (
        f"{current_user.full_name} đã trình văn bản góp ý của {recipient.agency.name} về "
        f"{recipient.consultation.title} ({len(reply.comments)} ý kiến).\n\n"
        f"Xem nội dung, những gì thay đổi từ lần xem trước và gửi văn bản tại: {link}\n"
    )


@bp.route("/consultations/<int:consultation_id>/submit")
@agency_required
def submit_page(consultation_id: int):
    recipient = _recipient(consultation_id)
    if recipient.reply is not None and recipient.reply.is_submitted:
        return _receipt_redirect(recipient)
    form = SubmitReplyForm()
    if not form.is_submitted():  # else the choice refused a moment ago, shown again as it was typed
        count = operations.comment_count(recipient.reply)
        form.position.data = (ReplyPosition.AGREE_WITH_COMMENTS if count else ReplyPosition.AGREE_ENTIRELY).value
    return _summary(recipient, form)


@bp.route("/consultations/<int:consultation_id>/submit", methods=["POST"])
@agency_required
def submit(consultation_id: int):
    if not current_user.can_submit:
        abort(403)
    recipient = _recipient(consultation_id)
    if recipient.reply is not None and recipient.reply.is_submitted:
        flash("Văn bản góp ý của cơ quan đã được gửi trước đó; đây là phiếu xác nhận.", "info")
        return _receipt_redirect(recipient)
    form = SubmitReplyForm()
    if not form.validate_on_submit():
        return _summary(recipient, form, 400)
    letter = letter_from(form)
    # The attached letter is checked as one read by the letter reader is; refused unsigned if the operator says so.
    settings = SignatureSettings.from_config(current_app.config)
    letter = replace(letter, signature=attached_letter_verdict(letter.attachment, settings))
    done = operations.submit_reply(recipient, letter, user=current_user, now=now_utc())
    db.session.commit()
    if done:
        flash("Đã gửi văn bản góp ý. Cảm ơn cơ quan đã tham gia góp ý.", "success")
    else:
        flash("Văn bản góp ý của cơ quan đã được gửi trước đó; đây là phiếu xác nhận.", "info")
    return _receipt_redirect(recipient)


def checked_attachment(storage, *, allow_images: bool = False):
    """The uploaded letter checked by content (None when no file was chosen)."""
    if storage is None or not getattr(storage, "filename", ""):
        return None
    limit = current_app.config.get("REPLY_ATTACHMENT_MAX_BYTES", MAX_BYTES)
    data = storage.read(limit + 1)
    return check_attachment(data, storage.filename, allow_images=allow_images, max_bytes=limit)


def letter_from(form, *, allow_images: bool = False) -> operations.Letter:
    """The choice and letter of a submission form (the agency's or the team's paper entry)."""
    return operations.Letter(
        position=ReplyPosition(form.position.data),
        reason=form.reason.data or "",
        letter_number=form.letter_number.data,
        letter_date=form.letter_date.data,
        letter_signer=form.letter_signer.data,
        attachment=checked_attachment(form.attachment.data, allow_images=allow_images),
    )


def _submitted_reply(recipient: Recipient) -> Reply | None:
    reply = recipient.reply
    return reply if reply is not None and reply.is_submitted else None


@bp.route("/consultations/<int:consultation_id>/receipt")
@agency_required
def receipt_page(consultation_id: int):
    recipient = _recipient(consultation_id)
    reply = _submitted_reply(recipient)
    if reply is None:
        flash("Cơ quan chưa gửi văn bản góp ý.", "info")
        return _page(recipient)
    return render_template("responses/receipt.html", recipient=recipient, **receipt_context(reply))


@bp.route("/consultations/<int:consultation_id>/receipt.<any(txt, docx):kind>")
@agency_required
def receipt_download(consultation_id: int, kind: str):
    recipient = _recipient(consultation_id)
    reply = _submitted_reply(recipient) or abort(404)
    data = receipt.build_receipt(reply)
    name = f"phieu-xac-nhan-{recipient.agency.code}-{consultation_id}.{kind}"
    if kind == "txt":
        return download(receipt.to_text(data).encode("utf-8"), "text/plain; charset=utf-8", name)
    return download(receipt.to_docx(data), MEDIA_TYPES["docx"], name)


@bp.route("/consultations/<int:consultation_id>/letter")
@agency_required
def letter(consultation_id: int):
    recipient = _recipient(consultation_id)
    reply = recipient.reply
    if reply is None or not reply.attachment_name:
        abort(404)
    return download(reply.attachment, reply.attachment_type, reply.attachment_name)
