"""Open the next round (lần 2) of a consultation on a revised version of its draft.

By default it keeps the previous round's recipients (still active agencies), contact person and settings; the
team chooses the revised version and a new deadline. The consultation is created as a draft through the
consultations' own verb, so its rules and audit apply; the clause mapping is computed at once.
"""

from __future__ import annotations

from datetime import datetime

from commentsvc.consultations import operations as consultations
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core import audit
from commentsvc.core.errors import Conflict, UserError
from commentsvc.drafts.models import DraftVersion
from commentsvc.revisions import operations

# The settings a new round copies unless the team changes them (the letter is a new one: not copied).
CARRIED_SETTINGS = (
    "title",
    "contact_name",
    "contact_phone",
    "contact_email",
    "silence_is_agreement",
    "accepts_late",
    "reminder_days",
)


def next_round_defaults(previous: Consultation) -> dict:
    """The previous round's settings, as keyword arguments of :func:`open_next_round`."""
    return {name: getattr(previous, name) for name in CARRIED_SETTINGS}


def revised_versions(previous: Consultation) -> list[DraftVersion]:
    """Versions of the same draft after the one consulted on, newest first."""
    old = previous.draft_version
    return sorted((v for v in old.draft.versions if v.number > old.number), key=lambda v: -v.number)


def open_next_round(
    previous: Consultation,
    *,
    version: DraftVersion,
    opens_at: datetime,
    deadline_at: datetime,
    user=None,
    **settings,
) -> Consultation:
    """A draft consultation: round_number + 1, previous = ``previous``, same recipients; ``settings`` override."""
    _check(previous, version)
    chosen = next_round_defaults(previous) | settings
    agencies = [recipient.agency for recipient in previous.recipients if recipient.agency.is_active]
    consultation = consultations.create_consultation(
        unit=previous.drafting_unit,
        version=version,
        opens_at=opens_at,
        deadline_at=deadline_at,
        user=user,
        round_number=previous.round_number + 1,
        previous=previous,
        agencies=agencies,
        **chosen,
    )
    operations.ensure_links(previous.draft_version, version, user=user)
    audit.record(
        "revisions.next_round",
        consultation,
        user=user,
        previous_id=previous.id,
        old_version=previous.draft_version.number,
        new_version=version.number,
    )
    return consultation


def _check(previous: Consultation, version: DraftVersion) -> None:
    if previous.status is ConsultationStatus.DRAFT:
        raise Conflict("Đợt lấy ý kiến này chưa được gửi nên chưa thể mở lần lấy ý kiến tiếp theo.")
    old = previous.draft_version
    if version.draft_id != old.draft_id or version.number <= old.number:
        raise UserError("Vui lòng chọn một phiên bản mới hơn của cùng dự thảo.")
