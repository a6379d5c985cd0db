"""An uploaded reply letter, read and kept for review, then recorded as the reply (operations: flush, never commit).

:func:`start_reading` checks the upload like every attachment, reads the letter (:mod:`letter_reader`), checks a PDF's
signature (:mod:`signatures`) and keeps all of it in a :class:`LetterReading` row. The review page edits
:class:`ReviewItem` lists (:func:`apply_edits`: merge, split, move to general, delete); :func:`record_for_team` records
them exactly as a paper reply (:func:`paper.record_paper_reply`), with the letter as the reply's letter file.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date, datetime

import sqlalchemy as sa

from commentsvc.agencies.models import Agency
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.drafts.model import Table
from commentsvc.responses import paper
from commentsvc.responses.attachments import CheckedFile, check_attachment
from commentsvc.responses.letter_errors import LetterError
from commentsvc.responses.letter_reader import AGREE, COMMENTS, DISAGREE, read_blocks
from commentsvc.responses.letter_refs import clauses_from_rows
from commentsvc.responses.letter_text import letter_blocks
from commentsvc.responses.models import LetterReading, ReplyPosition
from commentsvc.responses.operations import Letter
from commentsvc.responses.signatures import (
    UNREADABLE,
    VALID,
    SignatureError,
    SignatureVerdict,
    load_trust_roots,
    verify_letter_isolated,
)

POSITIONS = {AGREE: ReplyPosition.AGREE_ENTIRELY, COMMENTS: ReplyPosition.AGREE_WITH_COMMENTS}
POSITIONS[DISAGREE] = ReplyPosition.DISAGREE
MSG_USED = "Công văn này đã được ghi nhận vào văn bản góp ý; không thể ghi nhận lần nữa."
MSG_UNSIGNED_REFUSED = (
    "Hệ thống chỉ nhận công văn có chữ ký số hợp lệ của nguồn cấp tin cậy (theo cấu hình của quản trị viên). "
    "Kết quả kiểm tra công văn này: {verdict}."
)


@dataclass
class ReviewItem:
    """One comment on the review page: its clause (None: general), text and proposed wording."""

    clause_id: int | None
    text: str
    proposed_wording: str = ""
    note: str = ""  # e.g. the other clauses the letter named for this comment


@dataclass(frozen=True)
class SignatureSettings:
    trust_roots: str = ""
    check_revocation: bool = False
    required: bool = False

    @classmethod
    def from_config(cls, config) -> SignatureSettings:
        return cls(
            config.get("SIGNATURE_TRUST_ROOTS", ""),
            config.get("SIGNATURE_CHECK_REVOCATION", False),
            config.get("REQUIRE_SIGNED_LETTERS", False),
        )


def check_signature(checked: CheckedFile, settings: SignatureSettings) -> SignatureVerdict:
    """The verdict on a letter file; a Word file carries no PAdES signature ("không có chữ ký số")."""
    if checked.kind != "pdf":
        return SignatureVerdict("unsigned")
    try:
        roots = load_trust_roots(settings.trust_roots)
        return verify_letter_isolated(checked.data, roots, check_revocation=settings.check_revocation)
    except SignatureError as error:
        return SignatureVerdict(UNREADABLE, detail=str(error))


def _blocks_record(blocks) -> list[dict]:
    return [{"table": block.rows} if isinstance(block, Table) else {"p": block} for block in blocks]


def _reading_record(reading, clause_ids: list[int], blocks) -> dict:
    letter = asdict(reading.letter)
    letter["date"] = reading.letter.date.isoformat() if reading.letter.date else ""
    return {
        "position": reading.position,
        "letter": letter,
        "items": [
            {
                "clause_ids": [clause_ids[i] for i in item.clauses],
                "refs": item.refs,
                "text": item.text,
                "proposed_wording": item.proposed_wording,
            }
            for item in reading.items
        ],
        "general": [asdict(comment) for comment in reading.general],
        "unresolved": reading.unresolved,
        "blocks": _blocks_record(blocks),
    }


def start_reading(recipient, data: bytes, filename: str, *, user, settings: SignatureSettings, by_agency=False):
    """Check, read and keep an uploaded letter for review; UserError (Vietnamese, 4xx) when it cannot be read."""
    checked = check_attachment(data, filename)
    try:
        blocks = letter_blocks(checked.data)
        rows = recipient.consultation.draft_version.clauses
        directory = db.session.scalars(sa.select(Agency.name)).all()
        reading = read_blocks(blocks, clauses_from_rows(rows), directory)
    except LetterError as error:
        raise UserError(str(error), field="letter") from error
    verdict = check_signature(checked, settings)
    row = LetterReading(
        recipient=recipient,
        user_id=user.id,
        by_agency=by_agency,
        filename=checked.name,
        media_type=checked.media_type,
        data=checked.data,
        reading_json=json.dumps(_reading_record(reading, [row.id for row in rows], blocks), ensure_ascii=False),
        signature_json=json.dumps(_verdict_record(verdict), ensure_ascii=False),
    )
    db.session.add(row)
    db.session.flush()
    audit.record("letter.read", row, user=user, agency=recipient.agency, file=checked.name, signature=verdict.status)
    return row


def _verdict_record(verdict: SignatureVerdict) -> dict:
    return asdict(verdict) | {"signed_at": verdict.signed_at.isoformat() if verdict.signed_at else None}


def verdict_of(row: LetterReading) -> SignatureVerdict:
    values = json.loads(row.signature_json or "{}") or {"status": "unsigned"}
    when = values.get("signed_at")
    return SignatureVerdict(**(values | {"signed_at": datetime.fromisoformat(when) if when else None}))


def record_of(row: LetterReading) -> dict:
    return json.loads(row.reading_json)


def initial_items(record: dict, ref_of: dict[int, str]) -> list[ReviewItem]:
    """The letter's comments as review items: its clause comments first (the first clause named), then general ones."""
    items = []
    for item in record["items"]:
        ids = item["clause_ids"]
        others = [ref_of.get(i, "") for i in ids[1:]]
        note = f"Công văn cũng nêu: {', '.join(others)}. " if others else ""
        note += "Tách ý kiến nếu cần gắn với từng điều, khoản." if others else ""
        items.append(ReviewItem(ids[0] if ids else None, item["text"], item["proposed_wording"], note))
    items += [ReviewItem(None, comment["text"], comment.get("proposed_wording", "")) for comment in record["general"]]
    return items


_PARAGRAPHS = re.compile(r"\n\s*\n|\n")


def apply_edits(items: list[ReviewItem], actions: list[str]) -> tuple[list[ReviewItem], list[str]]:
    """Apply each item's action ("keep", "delete", "merge" into the one above, "split" at its line breaks, "general").

    Returns the new items and notes for the user (a split with nothing to split at, a merge with nothing above).
    """
    result: list[ReviewItem] = []
    notes: list[str] = []
    for number, (item, action) in enumerate(zip(items, actions, strict=True), 1):
        if action == "delete":
            continue
        if action == "general":
            item = ReviewItem(None, item.text, item.proposed_wording)
        if action == "merge" and result:
            above = result[-1]
            wording = "\n".join(part for part in (above.proposed_wording, item.proposed_wording) if part)
            result[-1] = ReviewItem(above.clause_id, f"{above.text}\n{item.text}".strip(), wording, above.note)
            continue
        if action == "merge":
            notes.append(f"Ý kiến {number} không có ý kiến nào phía trên để gộp.")
        if action == "split":
            parts = [part.strip() for part in _PARAGRAPHS.split(item.text) if part.strip()]
            if len(parts) > 1:
                result.append(ReviewItem(item.clause_id, parts[0], "", item.note))
                result += [ReviewItem(item.clause_id, part) for part in parts[1:-1]]
                result.append(ReviewItem(item.clause_id, parts[-1], item.proposed_wording))
                continue
            notes.append(f"Ý kiến {number} chỉ có một đoạn: xuống dòng ở chỗ cần tách rồi chọn «Tách» lần nữa.")
        result.append(item)
    return result, notes


def fill_letter_fields(form, record: dict) -> None:
    """Put what the letter says into a LetterFields form (number, date, "title - signer", position, a disagreement's
    reason)."""
    letter = record["letter"]
    form.letter_number.data = letter["number"]
    form.letter_date.data = date.fromisoformat(letter["date"]) if letter["date"] else None
    form.letter_signer.data = " - ".join(part for part in (letter["signer_title"], letter["signer"]) if part)[:120]
    position = POSITIONS.get(record["position"])
    form.position.data = position.value if position else None
    if position is ReplyPosition.DISAGREE:
        form.reason.data = "\n".join(comment["text"] for comment in record["general"])


def letter_of(row: LetterReading, *, position: ReplyPosition, reason: str, number: str, day: date, signer: str):
    """The reply's letter: the fields as confirmed on the review page, the uploaded file, its signature verdict."""
    attachment = CheckedFile(name=row.filename, kind=_kind(row.media_type), data=row.data)
    return Letter(position, reason, number, day, signer, attachment=attachment, signature=verdict_of(row))


def _kind(media_type: str) -> str:
    return "pdf" if media_type == "application/pdf" else "docx"


def check_usable(row: LetterReading, settings: SignatureSettings) -> None:
    if row.used_at is not None or row.data is None:
        raise UserError(MSG_USED, 409)
    require_signed(verdict_of(row), settings)


def require_signed(verdict: SignatureVerdict, settings: SignatureSettings) -> None:
    """Refused (422) when the operator accepts only validly signed letters and this one is not."""
    if settings.required and verdict.status != VALID:
        raise UserError(MSG_UNSIGNED_REFUSED.format(verdict=verdict.label.lower()), 422)


def attached_letter_verdict(checked: CheckedFile | None, settings: SignatureSettings) -> SignatureVerdict | None:
    """The verdict on a letter attached to a submission (None without a file), checked as a reply letter is; refused
    when the operator requires signed letters and it is not validly signed."""
    if checked is None:
        return None
    verdict = check_signature(checked, settings)
    require_signed(verdict, settings)
    return verdict


def record_for_team(row: LetterReading, letter: Letter, items: list[ReviewItem], *, received_at, user, now, settings):
    """Record the reviewed letter as the agency's paper reply, exactly as a paper reply is recorded."""
    check_usable(row, settings)
    comments = [paper.PaperComment(i.clause_id, i.text.strip(), i.proposed_wording.strip()) for i in items]
    comments = [comment for comment in comments if comment.text]
    reply = paper.record_paper_reply(row.recipient, letter, comments, received_at=received_at, user=user, now=now)
    _finish(row, now)
    return reply


def _finish(row: LetterReading, now: datetime) -> None:
    row.used_at = now
    row.data = None  # the file now lives on the reply
    db.session.flush()


@dataclass
class Comparison:
    """A letter's comment beside the agency's online comments on the same clause."""

    item: ReviewItem
    online: list  # the agency's own comments on that clause (or general ones)


def compare_with_online(items: list[ReviewItem], comments) -> tuple[list[Comparison], list]:
    """Each letter comment with the online comments on its clause, and the online comments on clauses the letter
    does not mention."""
    by_clause: dict = {}
    for comment in comments:
        by_clause.setdefault(comment.clause_id, []).append(comment)
    compared = [Comparison(item, by_clause.get(item.clause_id, [])) for item in items]
    mentioned = {item.clause_id for item in items}
    missing = [comment for comment in comments if comment.clause_id not in mentioned]
    return compared, missing


def submit_for_agency(row: LetterReading, letter: Letter, added: list[ReviewItem], *, user, now, settings) -> bool:
    """The agency submits its reply with this letter as the letter file, after adding the letter's comments it chose."""
    from commentsvc.drafts.models import Clause
    from commentsvc.responses import operations

    check_usable(row, settings)
    recipient = row.recipient
    for item in added:
        clause = db.session.get(Clause, item.clause_id) if item.clause_id is not None else None
        operations.add_comment(recipient, clause, item.text, item.proposed_wording, user=user, now=now)
    done = operations.submit_reply(recipient, letter, user=user, now=now)
    if done:
        _finish(row, now)
    return done
