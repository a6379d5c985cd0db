"""Round 2, for an agency that commented in round 1: what was decided on each of ITS comments, and the new text.

Only members of a recipient agency reach the page (403 for other roles, 404 for a consultation the agency was
not consulted on), only once that round has ended, and they see their own agency's comments only. The new text
comes from the next round once it has been sent to agencies; before that, the decisions alone are shown.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from commentsvc.consultations import queries, rules
from commentsvc.core.access import agency_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict
from commentsvc.revisions import carryover, loading

bp = Blueprint("revisions_agency", __name__, url_prefix="/agency/revisions")

ENDED = (rules.Phase.ENDED, rules.Phase.CLOSED)


@bp.route("/<int:consultation_id>")
@agency_required
def carryover_page(consultation_id: int):
    recipient = queries.recipient_for_agency(consultation_id, current_user.agency_id) or abort(404)
    previous = recipient.consultation
    if rules.phase(queries.window_for(previous), now_utc()) not in ENDED:
        raise Conflict("Đợt lấy ý kiến chưa kết thúc: kết quả tiếp thu, giải trình chưa được công bố.")
    later = loading.next_round(previous, sent_only=True)
    version = later.draft_version if later is not None else None
    rows = carryover.for_agency(loading.carryover_rows(previous, version), recipient.agency_id)
    db.session.commit()  # the clause mapping may have been computed just now
    return render_template(
        "revisions/agency_carryover.html",
        previous=previous,
        later=later,
        agency=recipient.agency,
        title=loading.carryover_title(previous, version),
        rows=rows,
    )
