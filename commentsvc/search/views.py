"""The search pages: the team's, across one consultation it sent; an agency's, across what was sent to it."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import Blueprint, render_template, request
from flask_login import current_user

from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.consultations.models import Recipient
from commentsvc.core.access import agency_required, drafter_required
from commentsvc.core.db import db
from commentsvc.drafts.models import Clause
from commentsvc.search import queries
from commentsvc.search.text import Query, highlight
from commentsvc.synthesis.models import DECISION_LABELS, Decision
from commentsvc.synthesis.views import team_consultation

bp = Blueprint("search", __name__)

PAGE_SIZE = 30
OUTLINE_KINDS = ("part", "chapter", "section", "subsection", "article", "heading")


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def _filters(consultation) -> queries.Filters:
    """The filters of the query string; values naming nothing of this consultation are ignored."""
    args = request.args
    clause = db.session.get(Clause, args.get("clause", 0, type=int) or 0)
    group = args.get("group", "")
    decision = args.get("decision", "")
    return queries.Filters(
        kind=args.get("kind") if args.get("kind") in queries.KINDS else None,
        agency_id=args.get("agency", type=int),
        group=AgencyGroup(group) if group in AgencyGroup._value2member_map_ else None,
        clause=clause if clause is not None and clause.version_id == consultation.draft_version_id else None,
        decision=decision if decision in Decision._value2member_map_ or decision == queries.UNDECIDED else None,
    )


def _choices(consultation) -> dict:
    agencies = db.session.scalars(
        sa.select(Agency)
        .join(Recipient, Recipient.agency_id == Agency.id)
        .where(Recipient.consultation_id == consultation.id)
    ).all()
    outline = db.session.scalars(
        sa.select(Clause)
        .where(Clause.version_id == consultation.draft_version_id, Clause.kind.in_(OUTLINE_KINDS))
        .order_by(Clause.position)
    ).all()
    return {
        "agencies": sorted(agencies, key=lambda agency: agency.sort_key),
        "groups": list(AgencyGroup),
        "outline": outline,
        "decisions": [*DECISION_LABELS.items(), (queries.UNDECIDED, "Chưa xử lý")],
        "kinds": queries.KINDS,
    }


def _results_page(template: str, search, **context):
    """Run ``search(query, limit=, offset=)`` for the page asked for and render its hits in ``template``."""
    query = Query.parse(request.args.get("q", ""))
    page_number = _page_number()
    found = search(query, limit=PAGE_SIZE, offset=(page_number - 1) * PAGE_SIZE)
    return render_template(
        template,
        q=request.args.get("q", ""),
        query=query,
        found=found,
        rows=queries.load(found.hits),
        page_number=page_number,
        page_size=PAGE_SIZE,
        highlight=highlight,
        **context,
    )


@bp.route("/consultations/<int:consultation_id>/search")
@drafter_required
def team(consultation_id: int):
    consultation = team_consultation(consultation_id)
    filters = _filters(consultation)
    return _results_page(
        "search/team.html",
        partial(queries.team_search, consultation, filters=filters),
        consultation=consultation,
        filters=filters,
        **_choices(consultation),
    )


@bp.route("/agency/search")
@agency_required
def agency():
    return _results_page("search/agency.html", partial(queries.agency_search, current_user.agency_id))
