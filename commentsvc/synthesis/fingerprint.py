"""A cheap fingerprint of everything a synthesis export is made from, read by SQL without compiling or laying out.

An export of an unchanged synthesis must be found among the stored files at once: hashing the laid-out HTML of a
10,000-comment PDF costs seconds, reading the rows it is made from (without the ORM, without the uploaded files'
bytes) a small part of one. The fingerprint covers the rows of every table the synthesis reads (the consultation,
its drafting unit, the draft and its version's clauses, the recipients and their agencies, the submitted replies
and their comments, the dispositions), who counts as silent at ``now``, the previous round's part when there is one,
the export's options and the code and templates that make the file. A row read but irrelevant to the file (an agency
opening the consultation, say) only costs a render that finds its parts already stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa

from commentsvc.accounts.models import DraftingUnit
from commentsvc.agencies.models import Agency
from commentsvc.consultations import rules
from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.consultations.queries import window_for
from commentsvc.core.db import db
from commentsvc.drafts.models import Clause, Draft, DraftVersion
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.synthesis.models import Disposition

PACKAGE = Path(__file__).resolve().parents[1]
TEMPLATES = PACKAGE.parent / "templates"


@cache
def code_version() -> str:
    """A hash of the application's code and templates: a new release never serves a file the old one made."""
    hasher = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*.py"), *TEMPLATES.rglob("*")]):
        if path.is_file():
            hasher.update(str(path.relative_to(PACKAGE.parent)).encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def _columns(model) -> list[sa.Column]:
    """Every column of ``model``'s table but the stored files' bytes."""
    return [column for column in model.__table__.columns if not isinstance(column.type, sa.LargeBinary)]


def _update(hasher, label: str, rows: Iterable) -> None:
    hasher.update(label.encode())
    for row in rows:
        hasher.update(repr(tuple(row)).encode("utf-8"))
        hasher.update(b"\n")


def source_fingerprint(consultation: Consultation, now: datetime, *extra: str) -> str:
    """The fingerprint of what the synthesis of ``consultation`` shows at ``now``; ``extra`` adds the export's
    options (format, date, what is left out, layout settings)."""
    hasher = hashlib.sha256()
    for text in (code_version(), *extra):
        hasher.update(text.encode("utf-8"))
        hasher.update(b"\0")
    submitted = (
        sa.select(Reply.id)
        .join(Recipient, Reply.recipient_id == Recipient.id)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
    )
    queries = {
        "consultation": sa.select(*_columns(Consultation)).where(Consultation.id == consultation.id),
        "unit": sa.select(*_columns(DraftingUnit)).where(DraftingUnit.id == consultation.drafting_unit_id),
        "version": sa.select(*_columns(DraftVersion)).where(DraftVersion.id == consultation.draft_version_id),
        "draft": sa.select(*_columns(Draft))
        .join(DraftVersion, DraftVersion.draft_id == Draft.id)
        .where(DraftVersion.id == consultation.draft_version_id),
        "clauses": sa.select(*_columns(Clause))
        .where(Clause.version_id == consultation.draft_version_id)
        .order_by(Clause.id),
        "recipients": sa.select(*_columns(Recipient), *_columns(Agency))
        .join(Agency, Recipient.agency_id == Agency.id)
        .where(Recipient.consultation_id == consultation.id)
        .order_by(Recipient.id),
        "replies": sa.select(*_columns(Reply)).where(Reply.id.in_(submitted)).order_by(Reply.id),
        "comments": sa.select(*_columns(Comment)).where(Comment.reply_id.in_(submitted)).order_by(Comment.id),
        "dispositions": sa.select(*_columns(Disposition))
        .where(Disposition.consultation_id == consultation.id)
        .order_by(Disposition.id),
    }
    for label, query in queries.items():
        _update(hasher, label, db.session.execute(query))
    # Who is silent, and whether agencies may still reply, depend on the clock as well as on the rows.
    windows = [window_for(consultation, recipient) for recipient in consultation.recipients]
    outcomes = [rules.silence_outcome(window, now, is_submitted=False) for window in windows]
    _update(hasher, "at now", [(rules.is_collecting(windows, now), *outcomes)])
    return hasher.hexdigest()
