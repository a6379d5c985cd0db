"""A cheap fingerprint of everything a synthesis export is made from (jobs/fingerprint.py does the hashing).

The fingerprint covers the rows of every table the synthesis reads (the consultation, its drafting unit, the draft
and its version's clauses, the recipients and their agencies, the submitted replies and their comments, the
dispositions), who counts as silent at ``now``, the previous round's part when there is one, the export's options
and the code and templates that make the file. A row read but irrelevant to the file (an agency opening the
consultation, say) only costs a render that finds its parts already stored.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from commentsvc.accounts.models import DraftingUnit
from commentsvc.agencies.models import Agency
from commentsvc.consultations import rules
from commentsvc.consultations.models import Consultation, Recipient
from commentsvc.consultations.queries import window_for
from commentsvc.drafts.models import Clause, Draft, DraftVersion
from commentsvc.jobs.fingerprint import columns, fingerprint
from commentsvc.responses.models import Comment, Reply, ReplyStatus
from commentsvc.synthesis.models import Disposition


def source_fingerprint(consultation: Consultation, now: datetime, *extra: str) -> str:
    """The fingerprint of what the synthesis of ``consultation`` shows at ``now``; ``extra`` adds the export's
    options (format, date, what is left out, layout settings)."""
    submitted = (
        sa.select(Reply.id)
        .join(Recipient, Reply.recipient_id == Recipient.id)
        .where(Recipient.consultation_id == consultation.id, Reply.status == ReplyStatus.SUBMITTED)
    )
    queries = {
        "consultation": sa.select(*columns(Consultation)).where(Consultation.id == consultation.id),
        "unit": sa.select(*columns(DraftingUnit)).where(DraftingUnit.id == consultation.drafting_unit_id),
        "version": sa.select(*columns(DraftVersion)).where(DraftVersion.id == consultation.draft_version_id),
        "draft": sa.select(*columns(Draft))
        .join(DraftVersion, DraftVersion.draft_id == Draft.id)
        .where(DraftVersion.id == consultation.draft_version_id),
        "clauses": sa.select(*columns(Clause))
        .where(Clause.version_id == consultation.draft_version_id)
        .order_by(Clause.id),
        "recipients": sa.select(*columns(Recipient), *columns(Agency))
        .join(Agency, Recipient.agency_id == Agency.id)
        .where(Recipient.consultation_id == consultation.id)
        .order_by(Recipient.id),
        "replies": sa.select(*columns(Reply)).where(Reply.id.in_(submitted)).order_by(Reply.id),
        "comments": sa.select(*columns(Comment)).where(Comment.reply_id.in_(submitted)).order_by(Comment.id),
        "dispositions": sa.select(*columns(Disposition))
        .where(Disposition.consultation_id == consultation.id)
        .order_by(Disposition.id),
    }
    # Who is silent, and whether agencies may still reply, depend on the clock as well as on the rows.
    windows = [window_for(consultation, recipient) for recipient in consultation.recipients]
    outcomes = [rules.silence_outcome(window, now, is_submitted=False) for window in windows]
    return fingerprint(queries, (rules.is_collecting(windows, now), *outcomes), *extra)
