"""Round 2, for an agency that commented in round 1: what was decided on each of ITS comments, and the new text.

Only members of a recipient agency reach the page (403 for other roles, 404 for a consultation the agency was
not consulted on), only once the head of the drafting unit has published the results, and they see their own agency's
comments only, with the answers of the latest published revision (never the team's working answers). The new text
comes from the next round once it has been sent to agencies; before that, the decisions alone are shown.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, render_template
from flask_login import current_user

from commentsvc.consultations import queries
from commentsvc.core.access import agency_required
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict
from commentsvc.revisions import carryover, loading
from commentsvc.synthesis import publication

bp = Blueprint("revisions_agency", __name__, url_prefix="/agency/revisions")

NOT_PUBLISHED = "Chưa có kết quả công bố"  # e.g. a late reply taken in after the last publication


@bp.route("/<int:consultation_id>")
@agency_required
def carryover_page(consultation_id: int):
    recipient = queries.recipient_for_agency(consultation_id, current_user.agency_id) or abort(404)
    previous = recipient.consultation
    published = publication.latest(previous)
    if published is None:
        raise Conflict(
            "Kết quả tiếp thu, giải trình chưa được công bố: cơ quan chủ trì soạn thảo đang xử lý ý kiến. "
            "Vui lòng quay lại sau khi lãnh đạo đơn vị soạn thảo công bố."
        )
    later = loading.next_round(previous, sent_only=True)
    version = later.draft_version if later is not None else None
    rows = carryover.for_agency(loading.carryover_rows(previous, version), recipient.agency_id)
    rows = [_as_published(row, published) for row in rows]
    db.session.commit()  # the clause mapping may have been computed just now
    return render_template(
        "revisions/agency_carryover.html",
        previous=previous,
        later=later,
        agency=recipient.agency,
        title=loading.carryover_title(previous, version),
        rows=rows,
        published=published,
    )


def _as_published(row: carryover.CarryRow, published) -> carryover.CarryRow:
    """The row with the answer as published (frozen), never the team's current working answer."""
    answer = publication.published_answer(published, row.comment_id)
    decision, explanation = answer if answer is not None else (NOT_PUBLISHED, "")
    return replace(row, decision=decision, explanation=explanation)
