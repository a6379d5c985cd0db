"""Publishing the synthesis (công bố kết quả tiếp thu, giải trình), and the consultation's stage in its whole life.

Decisions are the team's own until a head of the drafting unit (lãnh đạo đơn vị soạn thảo, ``User.can_publish``)
publishes them. Publishing is refused while a comment in the synthesis is undecided, or a "Giải trình" / "Tiếp thu
một phần" does not say why (:func:`refusals`). A publication freezes every comment's answer as it is then; a later
change is published as a new revision and both are kept. Agencies read the latest revision, never the live answers.
Verbs flush and audit, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from commentsvc.consultations import rules
from commentsvc.consultations.models import Consultation
from commentsvc.consultations.queries import window_for
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict
from commentsvc.synthesis.loading import Group, load_groups
from commentsvc.synthesis.models import DECISION_LABELS, NEEDS_EXPLANATION, Decision, Disposition, Publication

# --- the lifecycle ------------------------------------------------------------------------------------------------


def lifecycle_of(consultation: Consultation, now: datetime) -> rules.Phase:
    """rules.lifecycle from the database: whether the team has decided anything and whether it has published."""
    return lifecycles([consultation], now)[consultation.id]


def lifecycles(consultations: Iterable[Consultation], now: datetime) -> dict[int, rules.Phase]:
    """The stage of each consultation, in two grouped queries whatever their number."""
    consultations = list(consultations)
    ids = [consultation.id for consultation in consultations]
    decided = dict(
        db.session.execute(
            sa.select(Disposition.consultation_id, sa.func.count())
            .where(Disposition.consultation_id.in_(ids), Disposition.decision.is_not(None))
            .group_by(Disposition.consultation_id)
        )
        .tuples()
        .all()
    )
    published = set(
        db.session.scalars(sa.select(Publication.consultation_id).where(Publication.consultation_id.in_(ids)))
    )
    return {
        c.id: rules.lifecycle(window_for(c), now, decided=decided.get(c.id, 0), is_published=c.id in published)
        for c in consultations
    }


# --- what blocks publishing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """One group of comments that keeps the synthesis from being published, and why (Vietnamese)."""

    disposition_id: int | None
    where: str  # the clause's citation, or "Ý kiến chung"
    agencies: str
    reason: str


UNDECIDED = "Chưa xử lý"
NO_EXPLANATION = "“{label}” chưa có nội dung giải trình"


def answer_problem(decision: Decision | None, explanation: str) -> str | None:
    """Why one answer cannot be published (Vietnamese), or None. Pure."""
    if decision is None:
        return UNDECIDED
    if decision in NEEDS_EXPLANATION and not explanation.strip():
        return NO_EXPLANATION.format(label=DECISION_LABELS[decision])
    return None


def refusals(groups: Iterable[Group]) -> list[Refusal]:
    """The used groups whose answer cannot be published (a late reply left out is not in the synthesis)."""
    found = []
    for group in groups:
        if not group.is_used:
            continue
        disposition = group.disposition
        decision = disposition.decision if disposition else None
        problem = answer_problem(decision, disposition.explanation if disposition else "")
        if problem:
            where = (group.clause.ref or group.clause.label) if group.clause is not None else "Ý kiến chung"
            agencies = ", ".join(agency.name for agency in group.agencies)
            found.append(Refusal(disposition.id if disposition else None, where, agencies, problem))
    return found


def publish_refusal(consultation: Consultation, now: datetime, groups: list[Group]) -> str | None:
    """Why the synthesis cannot be published now (Vietnamese), or None."""
    if rules.phase(window_for(consultation), now) not in (rules.Phase.ENDED, rules.Phase.CLOSED):
        return "Đợt lấy ý kiến chưa kết thúc: chưa thể công bố kết quả tiếp thu, giải trình."
    if rules.is_collecting((window_for(consultation, r) for r in consultation.recipients), now):
        return "Còn cơ quan đang trong thời hạn góp ý (đã gia hạn): chưa thể công bố."
    if not any(group.is_used for group in groups):
        return "Chưa có ý kiến góp ý nào để công bố."
    problems = refusals(groups)
    if problems:
        return f"Còn {len(problems)} nhóm ý kiến chưa xử lý hoặc chưa có nội dung giải trình: chưa thể công bố."
    return None


# --- publishing ---------------------------------------------------------------------------------------------------


def answers_now(groups: Iterable[Group]) -> dict[str, list[str]]:
    """{comment id: [decision, explanation]} of every used comment, as a publication stores them (JSON keys)."""
    answers = {}
    for group in groups:
        if not group.is_used or group.disposition is None or group.disposition.decision is None:
            continue
        for item in group.comments:
            if item.is_used:
                answer = [group.disposition.decision.value, group.disposition.explanation]
                answers[str(item.comment.id)] = answer
    return answers


def publications_of(consultation: Consultation) -> list[Publication]:
    """Every published revision, latest first."""
    query = sa.select(Publication).where(Publication.consultation_id == consultation.id)
    return list(db.session.scalars(query.order_by(Publication.revision.desc())))


def latest(consultation: Consultation) -> Publication | None:
    revisions = publications_of(consultation)
    return revisions[0] if revisions else None


def has_unpublished_changes(consultation: Consultation, groups: list[Group] | None = None) -> bool:
    """Whether the answers now differ from the latest published revision (or nothing is published yet)."""
    published = latest(consultation)
    current = answers_now(groups if groups is not None else load_groups(consultation))
    return published is None or published.answers != current


def publish(consultation: Consultation, now: datetime, *, by) -> Publication:
    """Publish the answers as they are now, as a new revision; refused while anything blocks it."""
    if not getattr(by, "can_publish", False):
        raise Conflict("Chỉ lãnh đạo đơn vị soạn thảo mới được phê duyệt và công bố kết quả tiếp thu, giải trình.")
    groups = load_groups(consultation)
    refusal = publish_refusal(consultation, now, groups)
    if refusal:
        raise Conflict(refusal)
    previous = latest(consultation)
    answers = answers_now(groups)
    if previous is not None and previous.answers == answers:
        raise Conflict(f"Kết quả không thay đổi so với lần công bố thứ {previous.revision}: không cần công bố lại.")
    publication = Publication(
        consultation_id=consultation.id,
        revision=(previous.revision + 1) if previous else 1,
        published_at=now,
        published_by_id=by.id,
        answers=answers,
    )
    db.session.add(publication)
    db.session.flush()
    audit.record("synthesis.publish", consultation, user=by, revision=publication.revision, comments=len(answers))
    return publication


def published_answer(publication: Publication | None, comment_id: int) -> tuple[str, str] | None:
    """(decision label, explanation) of a comment in a publication; None when it was not published."""
    if publication is None:
        return None
    answer = publication.answers.get(str(comment_id))
    if answer is None:
        return None
    return DECISION_LABELS[Decision(answer[0])], answer[1]
