"""Publishing the synthesis to the agencies: the page that says what blocks it, and the head's confirmation.

Routes live on the synthesis blueprint (imported by views.py). Every member of the team sees the page; only a head
of the drafting unit (``User.can_publish``) gets the button, and the operation checks again.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from commentsvc.core.access import drafter_required
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import UserError
from commentsvc.core.refusals import current_refusal
from commentsvc.synthesis import publication
from commentsvc.synthesis.forms import PublishForm
from commentsvc.synthesis.loading import load_groups
from commentsvc.synthesis.views import bp, team_consultation


@bp.route("/<int:consultation_id>/publish", methods=["GET", "POST"])
@drafter_required
def publish(consultation_id: int):
    consultation = team_consultation(consultation_id)
    form = PublishForm()
    if form.validate_on_submit():
        published = publication.publish(consultation, now_utc(), by=current_user)
        db.session.commit()
        flash(f"Đã công bố kết quả tiếp thu, giải trình (lần công bố thứ {published.revision}).", "success")
        return redirect(url_for("synthesis.publish", consultation_id=consultation.id))
    if request.method == "POST" and current_refusal() is None:  # not a refusal shown again: a bad token
        raise UserError("Phiên làm việc đã hết hạn. Vui lòng tải lại trang rồi công bố.")
    groups = load_groups(consultation)
    return render_template(
        "synthesis/publish.html",
        consultation=consultation,
        form=form,
        refusal=publication.publish_refusal(consultation, now_utc(), groups),
        problems=publication.refusals(groups),
        revisions=publication.publications_of(consultation),
        changed=publication.has_unpublished_changes(consultation, groups),
        can_publish=current_user.can_publish,
    )
