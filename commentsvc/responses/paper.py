"""Replies that came on paper or by e-mail, entered by the drafting team on the agency's behalf.

Such a reply counts like any other: submitted at the date it was RECEIVED, on time or late against the agency's own
deadline at that moment. It supersedes whatever the agency had left unsent online (the signed letter is the reply);
the team never sees those drafts, they are deleted and only their number goes into the audit entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from commentsvc.consultations import queries, rules
from commentsvc.consultations.models import Recipient
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict, UserError
from commentsvc.core.letters import check_letter_date
from commentsvc.core.text import nfc
from commentsvc.responses import operations
from commentsvc.responses.models import Comment, Reply

_PARAGRAPHS = re.compile(r"\n\s*\n")
_HEAD = 160  # a paragraph names its clause near its start: "Tại khoản 2 Điều 5, đề nghị …"


@dataclass(frozen=True)
class PaperComment:
    clause_id: int | None
    text: str
    proposed_wording: str = ""


def _mentions(head: str, ref: str) -> bool:
    # "Điều 1" must not match "Điều 10" nor "Điều 1a"
    return re.search(r"(?<!\w)" + re.escape(ref.lower()) + r"(?!\w)", head) is not None


def split_pasted(text: str, clauses) -> list[PaperComment]:
    """Paragraphs of a pasted letter, each linked to the most specific clause it cites near its start (else general)."""
    refs = sorted(((c.ref, c.id) for c in clauses if c.ref), key=lambda item: len(item[0]), reverse=True)
    comments = []
    for paragraph in _PARAGRAPHS.split(nfc(text or "")):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        head = paragraph[:_HEAD].lower()
        clause_id = next((clause_id for ref, clause_id in refs if _mentions(head, ref)), None)
        comments.append(PaperComment(clause_id, paragraph))
    return comments


def recipients_without_reply(consultation) -> list[Recipient]:
    """Recipients that have not submitted a reply, in Vietnamese alphabetical order of their agency."""
    pending = [r for r in consultation.recipients if not queries.has_submitted_reply(r)]
    return sorted(pending, key=lambda recipient: recipient.agency.sort_key)


def _discard_drafts(reply: Reply) -> int:
    result = db.session.execute(
        sa.delete(Comment).where(Comment.reply_id == reply.id).execution_options(synchronize_session=False)
    )
    return result.rowcount


def record_paper_reply(
    recipient: Recipient,
    letter: operations.Letter,
    comments: list[PaperComment],
    *,
    received_at: datetime,
    user,
    now: datetime,
) -> Reply:
    """Record the agency's letter as its submitted reply (entered_by_team), on time or late by ``received_at``."""
    if received_at > now:
        raise UserError("Thời điểm nhận văn bản không thể ở tương lai.", field="received_date")
    check_letter_date(letter.letter_date, received_at)
    operations.check_position(letter.position, len(comments), letter.reason)
    window = queries.window_for(recipient.consultation, recipient)
    is_late = not rules.is_on_time(window, received_at)
    reply = operations.ensure_reply(recipient)
    values = operations.letter_values(letter) | {
        "entered_by_team": True,
        "received_at": received_at,
        "submitted_at": received_at,
        "submitted_by_id": user.id,
        "is_late": is_late,
    }
    if not operations.claim_submission(reply, values):
        raise Conflict("Cơ quan này đã có văn bản góp ý được ghi nhận; không thể nhập thêm.")
    discarded = _discard_drafts(reply)
    for comment in comments:
        db.session.add(
            Comment(
                reply_id=reply.id,
                clause_id=comment.clause_id,
                text=comment.text,
                proposed_wording=comment.proposed_wording,
                created_by_id=user.id,
            )
        )
    silence = operations.clear_silence(recipient)
    db.session.flush()
    db.session.refresh(reply)
    audit.record(
        "reply.paper",
        reply,
        user=user,
        agency=recipient.agency,
        position=letter.position.value,
        received_at=received_at.isoformat(),
        is_late=is_late,
        comments=len(comments),
        letter_number=values["letter_number"],
        discarded_draft_comments=discarded,
        cleared_silence=silence,
    )
    return reply


# --- correcting a paper reply after saving ---------------------------------------------------------------------------

#: What the history of corrections calls each audited change (None: shown through another one).
CORRECTION_LABELS = {
    "received_at": "thời điểm nhận",
    "submitted_at": None,
    "is_late": "đúng hạn, gửi muộn",
    "position": "ý kiến chung",
    "reason": "lý do không nhất trí",
    "letter_number": "số văn bản",
    "letter_date": "ngày văn bản",
    "letter_signer": "người ký",
    "attachment_name": "tệp đính kèm",
    "attachment_type": None,
    "comments_changed": "nội dung ý kiến",
    "comments_removed": "bỏ ý kiến",
    "comments_added": "thêm ý kiến",
}


def correct_paper_reply(
    reply: Reply,
    letter: operations.Letter,
    texts: dict[int, str],
    added: list[PaperComment],
    *,
    received_at: datetime,
    user,
    now: datetime,
) -> dict:
    """Correct what the team typed from a paper reply: its letter, when it arrived, its comments (``texts``: a
    comment's id -> its corrected text, empty to remove it; ``added``: comments forgotten the first time).
    Returns what changed, before and after, as audited ({} when nothing did)."""
    if not reply.entered_by_team:
        raise Conflict("Văn bản này do cơ quan gửi trực tuyến: chỉ văn bản do tổ soạn thảo nhập mới sửa được ở đây.")
    if received_at > now:
        raise UserError("Thời điểm nhận văn bản không thể ở tương lai.", field="received_date")
    check_letter_date(letter.letter_date, received_at)
    corrected = {comment.id: nfc(texts.get(comment.id, comment.text).strip()) for comment in reply.comments}
    operations.check_position(letter.position, sum(map(bool, corrected.values())) + len(added), letter.reason)
    window = queries.window_for(reply.recipient.consultation, reply.recipient)
    values = operations.letter_values(letter) | {
        "received_at": received_at,
        "submitted_at": received_at,
        "is_late": not rules.is_on_time(window, received_at),
    }
    changes = _apply_values(reply, values) | _correct_comments(reply, corrected, added, user, now)
    if changes:
        db.session.flush()
        audit.record("reply.paper_correct", reply, user=user, agency=reply.recipient.agency, changes=changes)
    return changes


def _apply_values(reply: Reply, values: dict) -> dict:
    changes = {}
    for name, value in values.items():
        before = getattr(reply, name)
        if before != value:
            shown = name if name != "attachment" else None  # the bytes are not audited; their name is
            if shown:
                changes[name] = [_plain(before), _plain(value)]
            setattr(reply, name, value)
    return changes


def _correct_comments(reply: Reply, corrected: dict[int, str], added: list[PaperComment], user, now) -> dict:
    changes: dict[str, list] = {}
    for comment in list(reply.comments):
        text = corrected[comment.id]
        if not text:
            changes.setdefault("comments_removed", []).append([comment.id, comment.text[:200]])
            reply.comments.remove(comment)
        elif text != comment.text:
            changes.setdefault("comments_changed", []).append([comment.id, comment.text[:200], text[:200]])
            comment.text, comment.version = text, comment.version + 1
            comment.updated_by_id, comment.updated_at = user.id, now
    for comment in added:
        reply.comments.append(Comment(clause_id=comment.clause_id, text=comment.text, created_by_id=user.id))
        changes.setdefault("comments_added", []).append(comment.text[:200])
    return changes


def _plain(value):
    """A value as the audit log keeps it (JSON)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return getattr(value, "value", value)
