"""Verbs of the synthesis: group comments, split and merge groups, decide, mark late replies used.

Each verb changes the database, writes its audit entry and flushes; the caller commits. Groups the team
decided, or split or merged by hand, are never touched by automatic regrouping: an answer is not lost because
someone moved the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.core.audit import record
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict, UserError
from commentsvc.core.text import nfc
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.synthesis import grouping
from commentsvc.synthesis.compiler import CommentIn
from commentsvc.synthesis.loading import dispositions_of, submitted_replies
from commentsvc.synthesis.models import Decision, Disposition

MAX_EXPLANATION = 20_000
STALE_MESSAGE = (
    "Nhóm ý kiến này vừa được người khác cập nhật (phiên bản {current}, bạn đang sửa phiên bản {given}). "
    "Vui lòng tải lại trang để xem nội dung mới rồi xử lý lại."
)


@dataclass(frozen=True)
class RegroupResult:
    created: int
    removed: int
    kept: int


def _is_fixed(disposition: Disposition) -> bool:
    """Groups regrouping must keep: made by hand, or already answered."""
    return disposition.is_manual_group or disposition.decision is not None or bool(disposition.explanation)


def submitted_comments(consultation: Consultation) -> list[tuple[Comment, Reply]]:
    return [(comment, reply) for reply in submitted_replies(consultation) for comment in reply.comments]


def ungrouped_count(consultation: Consultation) -> int:
    """Submitted comments not in a group yet, counted by the database (the dispositions page asks on every visit)."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Comment)
        .join(Reply, Reply.id == Comment.reply_id)
        .join(Recipient, Recipient.id == Reply.recipient_id)
        .where(
            Recipient.consultation_id == consultation.id,
            Reply.status == ReplyStatus.SUBMITTED,
            Comment.disposition_id.is_(None),
        )
    )


def regroup(consultation: Consultation, *, by=None, threshold: int | None = None) -> RegroupResult:
    """Group the comments outside fixed groups again with the consultation's threshold (or a new one)."""
    if threshold is not None:
        if not 0 <= threshold <= 100:
            raise UserError("Ngưỡng gộp ý kiến phải từ 0 đến 100.")
        consultation.group_threshold = threshold
    dispositions = {d.id: d for d in dispositions_of(consultation)}
    fixed = {d.id for d in dispositions.values() if _is_fixed(d)}
    free = [(c, r) for c, r in submitted_comments(consultation) if c.disposition_id not in fixed]
    free.sort(key=lambda pair: (pair[1].recipient.agency.sort_key, pair[0].id))
    by_id = {comment.id: comment for comment, _ in free}
    inputs = [CommentIn(c.id, r.recipient.agency_id, c.clause_id, c.text) for c, r in free]
    old_sets = _comment_sets(dispositions, by_id, fixed)
    created, reused = 0, set()
    for group in grouping.group_similar(inputs, consultation.group_threshold):
        ids = frozenset(item.id for item in group)
        disposition_id = old_sets.get(ids)
        if disposition_id is None:
            disposition = _new_disposition(consultation, group[0].clause_id, manual=False)
            created += 1
            for comment_id in sorted(ids):
                by_id[comment_id].disposition = disposition
        else:
            reused.add(disposition_id)
    removed = _drop_unused(dispositions, fixed | reused)
    db.session.flush()
    result = RegroupResult(created=created, removed=removed, kept=len(fixed) + len(reused))
    record("synthesis.regroup", consultation, user=by, threshold=consultation.group_threshold, **result.__dict__)
    return result


def _comment_sets(dispositions: dict[int, Disposition], free: dict[int, Comment], fixed: set[int]) -> dict:
    sets: dict[int, set[int]] = {}
    for comment in free.values():
        if comment.disposition_id is not None and comment.disposition_id not in fixed:
            sets.setdefault(comment.disposition_id, set()).add(comment.id)
    return {frozenset(ids): disposition_id for disposition_id, ids in sets.items()}


def _drop_unused(dispositions: dict[int, Disposition], keep: set[int]) -> int:
    # Deleting a group releases the comments still in it (their disposition_id becomes NULL).
    dropped = [disposition for disposition_id, disposition in dispositions.items() if disposition_id not in keep]
    for disposition in dropped:
        db.session.delete(disposition)
    return len(dropped)


def _new_disposition(consultation: Consultation, clause_id: int | None, *, manual: bool) -> Disposition:
    disposition = Disposition(consultation_id=consultation.id, clause_id=clause_id, is_manual_group=manual)
    db.session.add(disposition)
    return disposition


def split_comment(disposition: Disposition, comment: Comment, *, by=None) -> Disposition:
    """Take ``comment`` out of its group into a group of its own; both groups become manual."""
    if comment.disposition_id != disposition.id:
        raise UserError("Ý kiến này không thuộc nhóm đã chọn.", 404)
    if len(disposition.comments) < 2:
        raise UserError("Nhóm chỉ có một ý kiến, không thể tách thêm.")
    consultation = db.session.get(Consultation, disposition.consultation_id)
    alone = _new_disposition(consultation, comment.clause_id, manual=True)
    comment.disposition = alone
    disposition.is_manual_group = True
    disposition.version += 1
    db.session.flush()
    record("disposition.split", disposition, user=by, comment_id=comment.id, new_disposition_id=alone.id)
    return alone


def merge_groups(target: Disposition, other: Disposition, *, by=None) -> Disposition:
    """Answer ``other``'s comments together with ``target``'s; the merged group is manual."""
    if target.id == other.id or target.consultation_id != other.consultation_id:
        raise UserError("Không thể gộp nhóm ý kiến với chính nó hoặc với nhóm của đợt khác.")
    if target.clause_id != other.clause_id:
        raise UserError("Chỉ gộp được các nhóm ý kiến về cùng một điều khoản.")
    if _answer(target) and _answer(other) and _answer(target) != _answer(other):
        raise Conflict(
            "Hai nhóm đã có kết quả xử lý khác nhau. Vui lòng thống nhất kết quả (hoặc xóa một kết quả) trước khi gộp."
        )
    if not _answer(target):
        target.decision, target.explanation = other.decision, other.explanation
        target.decided_by_id, target.decided_at = other.decided_by_id, other.decided_at
    moved = [comment.id for comment in other.comments]
    for comment in list(other.comments):
        comment.disposition = target
    target.is_manual_group = True
    target.version += 1
    db.session.flush()
    db.session.delete(other)
    db.session.flush()
    record("disposition.merge", target, user=by, merged_disposition_id=other.id, comment_ids=moved)
    return target


def _answer(disposition: Disposition) -> tuple | None:
    if disposition.decision is None and not disposition.explanation:
        return None
    return (disposition.decision, disposition.explanation)


def clean_explanation(text: str | None) -> str:
    text = nfc((text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > MAX_EXPLANATION:
        raise UserError(f"Nội dung giải trình quá dài (tối đa {MAX_EXPLANATION} ký tự).")
    return text


def decide(
    disposition: Disposition,
    decision: Decision | None,
    explanation: str,
    version: int,
    *,
    by=None,
    now: datetime,
    source: str = "web",
) -> bool:
    """Record the team's answer if ``version`` is still current; False when nothing changed."""
    if version != disposition.version:
        raise Conflict(STALE_MESSAGE.format(current=disposition.version, given=version))
    explanation = clean_explanation(explanation)
    if decision is Decision.EXPLAINED and not explanation:
        raise UserError("“Giải trình” cần có nội dung: vui lòng ghi lý do không tiếp thu ý kiến.", field="explanation")
    if decision == disposition.decision and explanation == disposition.explanation:
        return False
    previous = {"decision": disposition.decision, "explanation": disposition.explanation}
    disposition.decision, disposition.explanation = decision, explanation
    disposition.version += 1
    disposition.decided_by_id = getattr(by, "id", None)
    disposition.decided_at = now
    db.session.flush()
    record(
        "disposition.decide",
        disposition,
        user=by,
        source=source,
        decision=decision,
        explanation=explanation,
        previous=previous,
        version=disposition.version,
    )
    return True


def set_reply_used(reply: Reply, is_used: bool, *, by=None) -> None:
    """The team keeps or leaves out a late reply; on-time replies are always used."""
    if not reply.is_late:
        raise UserError("Chỉ văn bản trả lời quá hạn mới có thể đánh dấu không sử dụng.")
    if reply.is_used == is_used:
        return
    reply.is_used = is_used
    db.session.flush()
    record("reply.late_used" if is_used else "reply.late_unused", reply, user=by, agency=reply.recipient.agency)


@dataclass(frozen=True)
class ImportedAnswer:
    """One confirmed line of a dispositions sheet: the answer and the version it was planned against."""

    disposition_id: int
    version: int
    decision: Decision | None
    explanation: str


def apply_import(consultation: Consultation, answers: list[ImportedAnswer], *, by=None, now: datetime) -> int:
    """Apply every answer or none: a group changed since the preview refuses the whole import."""
    if not answers:
        raise UserError("Không có thay đổi nào để cập nhật.")
    for answer in answers:
        disposition = db.session.get(Disposition, answer.disposition_id)
        if disposition is None or disposition.consultation_id != consultation.id:
            raise Conflict(
                f"Nhóm ý kiến mã {answer.disposition_id} không còn tồn tại. Không có thay đổi nào được ghi; "
                "vui lòng tải bảng tính lên lại."
            )
        decide(disposition, answer.decision, answer.explanation, answer.version, by=by, now=now, source="xlsx")
    record("synthesis.import_dispositions", consultation, user=by, count=len(answers))
    return len(answers)


def decide_many(
    dispositions: list[Disposition], decision: Decision | None, explanation: str, *, by=None, now: datetime
) -> int:
    """One answer for every group chosen on the page (a bulk action); how many groups it changed."""
    return sum(
        decide(disposition, decision, explanation, disposition.version, by=by, now=now, source="bulk")
        for disposition in dispositions
    )


def assign(dispositions: list[Disposition], member, *, by=None) -> int:
    """Give the groups to one team member (None: to nobody); how many changed hands."""
    member_id = getattr(member, "id", None)
    changed = [d for d in dispositions if d.assigned_to_id != member_id]
    for disposition in changed:
        disposition.assigned_to_id = member_id
    db.session.flush()
    if changed:
        record(
            "disposition.assign", changed[0], user=by, assigned_to_id=member_id, disposition_ids=[d.id for d in changed]
        )
    return len(changed)


def set_note(disposition: Disposition, note: str | None, *, by=None) -> bool:
    """The team's internal note on a group (kept out of every export)."""
    note = clean_explanation(note)
    if note == disposition.note:
        return False
    disposition.note = note
    db.session.flush()
    record("disposition.note", disposition, user=by)
    return True
