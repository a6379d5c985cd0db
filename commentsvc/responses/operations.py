"""Verbs on an agency's reply (văn bản góp ý): comments per clause, submission. They flush, audit, never commit.

Concurrency: two members of one agency (or two tabs) may act at once. Every change first takes the reply row with a
conditional ``UPDATE replies ... WHERE status = 'drafting'`` (a row lock on PostgreSQL, the write lock on SQLite), so a
comment saved while the reply is being submitted is refused rather than slipped into a submitted reply, and a submit is
itself one conditional UPDATE: of two submits exactly one changes the row. Comments carry a ``version``; a save with an
older one changes nothing and reports both texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from commentsvc.consultations import queries, rules
from commentsvc.consultations.models import Recipient
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict, NotAllowed, UserError
from commentsvc.core.letters import check_letter_date
from commentsvc.core.text import nfc
from commentsvc.responses.attachments import CheckedFile
from commentsvc.responses.models import Comment, Reply, ReplyPosition, ReplyReading, ReplyStatus
from commentsvc.responses.signatures import SignatureVerdict

MSG_ALREADY_SUBMITTED = "Cơ quan đã gửi văn bản góp ý; nội dung không thể sửa nữa."
MSG_CHANGED = "Ý kiến này vừa được người khác sửa"


class CommentConflict(Conflict):
    """A save or delete carrying an older version: nothing was written. ``current`` is None when it was deleted."""

    def __init__(self, current: Comment | None, text: str, proposed_wording: str) -> None:
        message = MSG_CHANGED if current is not None else "Ý kiến này vừa được người khác xóa."
        super().__init__(message)
        self.current = current
        self.text = text
        self.proposed_wording = proposed_wording


@dataclass(frozen=True)
class Letter:
    """What the submitter chooses and the official reply letter's particulars."""

    position: ReplyPosition
    reason: str = ""
    letter_number: str = ""
    letter_date: date | None = None
    letter_signer: str = ""
    attachment: CheckedFile | None = None
    signature: SignatureVerdict | None = None  # the attached letter's digital signature, when it was checked


# --- reading -------------------------------------------------------------------------------------------------------


def comment_of(reply: Reply | None, comment_id: int) -> Comment | None:
    """The comment only if it belongs to ``reply`` (the caller's own agency's reply); None otherwise."""
    if reply is None:
        return None
    return db.session.scalar(sa.select(Comment).where(Comment.id == comment_id, Comment.reply_id == reply.id))


def comment_count(reply: Reply | None) -> int:
    if reply is None:
        return 0
    return db.session.scalar(sa.select(sa.func.count()).select_from(Comment).where(Comment.reply_id == reply.id))


def check_editable(recipient: Recipient, now: datetime) -> rules.Window:
    """The recipient's window, or NotAllowed with the rules' reason (submitted, not open, closed, late refused)."""
    window = queries.window_for(recipient.consultation, recipient)
    reply = recipient.reply
    reason = rules.refusal_reason(window, now, is_submitted=reply is not None and reply.is_submitted)
    if reason:
        raise NotAllowed(reason)
    return window


# --- opening, comments ----------------------------------------------------------------------------------------------


def mark_opened(recipient: Recipient, user, now: datetime) -> bool:
    """Record the first opening (only the first: a conditional UPDATE, so two tabs keep the earliest)."""
    if recipient.first_opened_at is not None:
        return False
    result = db.session.execute(
        sa.update(Recipient)
        .where(Recipient.id == recipient.id, Recipient.first_opened_at.is_(None))
        .values(first_opened_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:
        recipient.first_opened_at = now
        audit.record("recipient.open", recipient, user=user, agency=recipient.agency)
    return bool(result.rowcount)


def ensure_reply(recipient: Recipient) -> Reply:
    """The recipient's reply, created DRAFTING if absent; INSERT … ON CONFLICT DO NOTHING keeps one under races."""
    if recipient.reply is not None:  # replies are never deleted, so an existing one is the one
        return recipient.reply
    statement = _insert(Reply).values(recipient_id=recipient.id).on_conflict_do_nothing(index_elements=["recipient_id"])
    db.session.execute(statement)
    reply = db.session.scalar(
        sa.select(Reply).where(Reply.recipient_id == recipient.id).execution_options(populate_existing=True)
    )
    return reply


def _insert(model):
    """INSERT … ON CONFLICT of the database in use (both dialects spell it alike)."""
    dialect = db.session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"unsupported database {dialect}")
    return insert(model)


def _hold_drafting(reply: Reply) -> None:
    """Take the reply row while it is still a draft; NotAllowed when a submission got there first."""
    result = db.session.execute(
        sa.update(Reply)
        .where(Reply.id == reply.id, Reply.status == ReplyStatus.DRAFTING)
        .values(status=ReplyStatus.DRAFTING)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise NotAllowed(MSG_ALREADY_SUBMITTED)


def add_comment(recipient: Recipient, clause, text: str, proposed_wording: str, *, user, now: datetime) -> Comment:
    """A new comment on ``clause`` (None: on the draft as a whole); the reply is created on the first one."""
    check_editable(recipient, now)
    reply = ensure_reply(recipient)
    _hold_drafting(reply)
    comment = Comment(
        reply_id=reply.id,
        clause_id=getattr(clause, "id", None),
        text=nfc(text.strip()),
        proposed_wording=nfc(proposed_wording.strip()),
        created_by_id=user.id,
        updated_by_id=user.id,
        created_at=now,
        updated_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    audit.record("reply.comment_add", comment, user=user, agency=recipient.agency, clause=_ref(clause))
    return comment


def update_comment(
    recipient: Recipient, comment: Comment, text: str, proposed_wording: str, version: int, *, user, now: datetime
) -> Comment:
    """Save new text if ``version`` is still current (atomic UPDATE … WHERE version = ?), else CommentConflict."""
    check_editable(recipient, now)
    _hold_drafting(comment.reply)
    result = db.session.execute(
        sa.update(Comment)
        .where(Comment.id == comment.id, Comment.reply_id == comment.reply_id, Comment.version == version)
        .values(
            text=nfc(text.strip()),
            proposed_wording=nfc(proposed_wording.strip()),
            version=Comment.version + 1,
            updated_by_id=user.id,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise CommentConflict(_reload(comment), text, proposed_wording)
    db.session.refresh(comment)
    audit.record("reply.comment_edit", comment, user=user, agency=recipient.agency, version=comment.version)
    return comment


def delete_comment(recipient: Recipient, comment: Comment, version: int, *, user, now: datetime) -> None:
    """Delete if nobody changed it since ``version`` was shown; otherwise CommentConflict (their text is kept)."""
    check_editable(recipient, now)
    _hold_drafting(comment.reply)
    comment_id, text, clause_id = comment.id, comment.text, comment.clause_id  # the text for the conflict page only
    result = db.session.execute(
        sa.delete(Comment)
        .where(Comment.id == comment_id, Comment.reply_id == comment.reply_id, Comment.version == version)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise CommentConflict(_reload(comment), text, comment.proposed_wording)
    db.session.expunge(comment)
    # Ids only: the audit log is read outside the agency, and an unsent comment was never the agency's word.
    audit.record("reply.comment_delete", comment, user=user, agency=recipient.agency, clause_id=clause_id)


def _reload(comment: Comment) -> Comment | None:
    return db.session.scalar(
        sa.select(Comment).where(Comment.id == comment.id).execution_options(populate_existing=True)
    )


def _ref(clause) -> str:
    return clause.ref if clause is not None else "Ý kiến chung"


# --- submission -----------------------------------------------------------------------------------------------------


def check_position(position: ReplyPosition, count: int, reason: str) -> None:
    """The choice must match the comments: none to agree entirely, at least one otherwise, a reason to disagree."""
    if position is ReplyPosition.AGREE_ENTIRELY and count:
        raise UserError(
            f"Cơ quan đang có {count} ý kiến góp ý. Để chọn «Nhất trí hoàn toàn», vui lòng xóa các ý kiến đó "
            "hoặc chọn «Nhất trí, có ý kiến góp ý».",
            409,
            field="position",
        )
    if position is ReplyPosition.AGREE_WITH_COMMENTS and not count:
        raise UserError("Chưa có ý kiến góp ý nào: hãy nhập ý kiến hoặc chọn «Nhất trí hoàn toàn».", field="position")
    if position is ReplyPosition.DISAGREE and not reason.strip():
        raise UserError("Vui lòng nêu lý do không nhất trí.", field="reason")


def claim_submission(reply: Reply, values: dict) -> bool:
    """The one conditional UPDATE that submits: True for the request that changed the row, False if already done."""
    result = db.session.execute(
        sa.update(Reply)
        .where(Reply.id == reply.id, Reply.status == ReplyStatus.DRAFTING)
        .values(status=ReplyStatus.SUBMITTED, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(reply)
    return True


def letter_values(letter: Letter) -> dict:
    values = {
        "position": letter.position,
        "reason": letter.reason.strip() if letter.position is ReplyPosition.DISAGREE else "",
        "letter_number": letter.letter_number.strip(),
        "letter_date": letter.letter_date,
        "letter_signer": letter.letter_signer.strip(),
    }
    return values | letter_file_values(letter.attachment, letter.signature)


def letter_file_values(attachment, signature: SignatureVerdict | None) -> dict:
    """The LetterColumns (core/model_mixins.py) of an attached letter file and its signature's verdict, for a
    reply or a report submission; nothing for what was not given."""
    values = {}
    if attachment is not None:
        values |= {
            "attachment_name": attachment.name,
            "attachment_type": attachment.media_type,
            "attachment": attachment.data,
        }
    if signature is not None:
        values |= {
            "signature_status": signature.status,
            "signature_signer": signature.signer[:255],
            "signature_organisation": signature.organisation[:255],
            "signature_signed_at": signature.signed_at,
        }
    return values


def clear_silence(recipient: Recipient) -> str | None:
    """A reply arrived: the recipient is no longer silent. Returns what it was, for the audit entry."""
    previous = recipient.silence_outcome
    recipient.silence_outcome = None
    recipient.silence_recorded_at = None
    return previous.value if previous is not None else None


def submit_reply(recipient: Recipient, letter: Letter, *, user, now: datetime) -> bool:
    """Submit the agency's reply once. False when it was already submitted (double click, second tab)."""
    if recipient.reply is not None and recipient.reply.is_submitted:
        return False
    window = check_editable(recipient, now)
    check_letter_date(letter.letter_date, now)
    is_late = not rules.is_on_time(window, now)
    reply = ensure_reply(recipient)
    values = letter_values(letter) | {"submitted_at": now, "submitted_by_id": user.id, "is_late": is_late}
    if not claim_submission(reply, values):
        return False
    count = comment_count(reply)  # counted after the claim: no comment can be added in between
    check_position(letter.position, count, letter.reason)
    silence = clear_silence(recipient)
    audit.record(
        "reply.submit",
        reply,
        user=user,
        agency=recipient.agency,
        position=letter.position.value,
        is_late=is_late,
        comments=count,
        letter_number=values["letter_number"],
        signature=values.get("signature_status"),
        cleared_silence=silence,
    )
    return True


def mark_ready(recipient: Recipient, *, user, now: datetime) -> Reply:
    """ "Trình lãnh đạo": the draft reply is ready for a member who may send it (marked again after later edits)."""
    try:
        check_editable(recipient, now)
    except NotAllowed as refused:  # the state of the consultation, not the member's rights, stands in the way
        raise Conflict(refused.message) from None
    reply = recipient.reply
    if reply is None or not reply.comments and reply.position is None:
        raise UserError("Cơ quan chưa có ý kiến nào để trình lãnh đạo.")
    reply.ready_at, reply.ready_by_id = now, user.id
    db.session.flush()
    audit.record("reply.ready", reply, user=user, agency=recipient.agency, comments=len(reply.comments))
    return reply


def record_reading(reply: Reply, user, now: datetime) -> datetime | None:
    """``user`` (a member who may send) reads the reply's summary now; returns their own previous reading, if any.
    Another leader's reading is theirs: it changes nothing of this one's."""
    mine = (ReplyReading.reply_id == reply.id, ReplyReading.user_id == user.id)
    previous = db.session.scalar(sa.select(ReplyReading.read_at).where(*mine))
    statement = _insert(ReplyReading).values(reply_id=reply.id, user_id=user.id, read_at=now)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["reply_id", "user_id"], set_={"read_at": statement.excluded.read_at}
        )
    )
    return previous


def leaders(recipient: Recipient) -> list:
    """The agency's active members who may send its reply, with an e-mail address."""
    from commentsvc.accounts.models import Role, User

    return list(
        db.session.scalars(
            sa.select(User).where(
                User.agency_id == recipient.agency_id,
                User.role == Role.AGENCY,
                User.can_submit.is_(True),
                User.is_active_account.is_(True),
                User.email != "",
            )
        )
    )
