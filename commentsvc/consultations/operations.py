"""Verbs on a consultation's lifecycle: create, edit, choose recipients, open, extend, close, reopen.

Each verb checks what the team may do in the consultation's current status, changes the rows, writes one audit entry
and flushes; the caller commits. ``now`` is passed in, so the same verbs serve views, commands and the demo.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa

from commentsvc.accounts.models import DraftingUnit
from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.consultations import closing, rules
from commentsvc.consultations.models import (
    Consultation,
    ConsultationStatus,
    Recipient,
    RecipientList,
    RecipientListMember,
)
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict, UserError
from commentsvc.core.letters import check_letter_date
from commentsvc.core.text import nfc, vietnamese_sort_key
from commentsvc.drafts.models import DraftVersion
from commentsvc.responses.models import Reply

# Settings the team may still change once agencies have received the letter.
LETTER_AND_CONTACT = (
    "letter_number",
    "letter_date",
    "letter_signer",
    "contact_name",
    "contact_phone",
    "contact_email",
)
# Settings fixed when the consultation is sent (the deadline moves only through an extension).
DEADLINE_BEFORE_OPENING = "Hạn nhận ý kiến phải sau thời điểm bắt đầu nhận ý kiến (hạn đã nhập đã qua hoặc quá sớm)."
DRAFT_ONLY = ("draft_version", "title", "round_number", "opens_at", "deadline_at") + (
    "silence_is_agreement",
    "accepts_late",
    "reminder_days",
)


def create_consultation(
    *,
    unit,
    version: DraftVersion,
    opens_at: datetime,
    deadline_at: datetime,
    user=None,
    title: str = "",
    round_number: int = 1,
    previous: Consultation | None = None,
    letter_number: str = "",
    letter_date: date | None = None,
    letter_signer: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    silence_is_agreement: bool = True,
    accepts_late: bool = True,
    reminder_days: str = "3,1",
    agencies: Iterable[Agency] = (),
) -> Consultation:
    """A consultation saved as a draft (not sent); the title defaults to the draft's."""
    if version.draft.drafting_unit_id != unit.id:
        raise UserError("Phiên bản dự thảo không thuộc đơn vị của bạn.", 404)
    if previous is not None and previous.drafting_unit_id != unit.id:
        raise UserError("Đợt lấy ý kiến trước không thuộc đơn vị của bạn.", 404)
    consultation = Consultation(
        drafting_unit_id=unit.id,
        previous=previous,
        status=ConsultationStatus.DRAFT,
        created_by_id=getattr(user, "id", None),
    )
    _apply(
        consultation,
        draft_version=version,
        title=title,
        round_number=round_number,
        opens_at=opens_at,
        deadline_at=deadline_at,
        silence_is_agreement=silence_is_agreement,
        accepts_late=accepts_late,
        reminder_days=reminder_days,
        letter_number=letter_number,
        letter_date=letter_date,
        letter_signer=letter_signer,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    db.session.add(consultation)
    db.session.flush()
    added = _add_agencies(consultation, agencies)
    audit.record("consultation.create", consultation, user=user, version_id=version.id, recipients=len(added))
    return consultation


def update_consultation(consultation: Consultation, *, user=None, **settings) -> Consultation:
    """Change settings: all of them while a draft; once sent, only the letter and the contact person."""
    unknown = set(settings) - set(LETTER_AND_CONTACT) - set(DRAFT_ONLY)
    if unknown:
        raise TypeError(f"unknown consultation settings: {sorted(unknown)}")
    if consultation.status is not ConsultationStatus.DRAFT:
        frozen = sorted(name for name in settings if name in DRAFT_ONLY)
        if frozen:
            raise Conflict("Đợt lấy ý kiến đã gửi: chỉ sửa được số, ngày, người ký văn bản và người liên hệ.")
        if "letter_date" in settings:  # the letter went out when the consultation was sent
            check_letter_date(settings["letter_date"], consultation.opens_at)
    version = settings.get("draft_version")
    if version is not None and version.draft.drafting_unit_id != consultation.drafting_unit_id:
        raise UserError("Phiên bản dự thảo không thuộc đơn vị của bạn.", 404)
    _apply(consultation, **settings)
    db.session.flush()
    audit.record("consultation.update", consultation, user=user, fields=sorted(settings))
    return consultation


def _apply(consultation: Consultation, **settings) -> None:
    for name, value in settings.items():
        if isinstance(value, str):
            value = nfc(value.strip())
        if name == "reminder_days":
            value = rules.normalised_reminder_days(value)
        setattr(consultation, name, value)
    if "title" in settings and not consultation.title:
        consultation.title = consultation.draft_version.draft.title
    if "round_number" in settings and not 1 <= consultation.round_number <= 99:
        raise UserError("Lần lấy ý kiến phải từ 1 đến 99.", field="round_number")
    if "deadline_at" in settings and consultation.deadline_at <= consultation.opens_at:
        raise UserError(DEADLINE_BEFORE_OPENING, field="deadline_date")


# --- recipients ---------------------------------------------------------------------------------------------------


def add_groups(consultation: Consultation, groups: Iterable[AgencyGroup], *, user=None) -> list[Recipient]:
    """Add every active agency of ``groups`` that is not a recipient yet, except the drafting ministry itself."""
    groups = list(groups)
    if not groups:
        return []
    agencies = db.session.scalars(
        sa.select(Agency).where(
            Agency.is_active.is_(True),
            Agency.group.in_(groups),
            Agency.code != drafting_ministry_code(consultation.drafting_unit_id),
        )
    )
    return add_agencies(consultation, agencies, user=user, groups=[group.value for group in groups])


def drafting_ministry_code(unit_id: int) -> str:
    """The directory code of the ministry the drafting unit belongs to: never asked for its own comments by
    default (a group or "chọn cả nhóm" leaves it out; it can still be ticked by hand)."""
    unit = db.session.get(DraftingUnit, unit_id)
    return unit.parent_code if unit is not None else ""


def save_recipient_list(unit_id: int, name: str, agencies: Iterable[Agency], *, user=None) -> RecipientList:
    """Keep ``agencies`` under ``name`` for the unit's next consultations; a list of the same name is replaced."""
    name = " ".join(nfc(name or "").split())
    if not name:
        raise UserError("Vui lòng đặt tên cho danh sách.", field="list_name")
    if len(name) > 200:
        raise UserError("Tên danh sách tối đa 200 ký tự.", field="list_name")
    agencies = list(agencies)
    if not agencies:
        raise UserError("Danh sách cơ quan đang trống: hãy thêm cơ quan trước khi lưu.")
    saved = db.session.scalar(
        sa.select(RecipientList).where(RecipientList.drafting_unit_id == unit_id, RecipientList.name == name)
    )
    if saved is None:
        saved = RecipientList(drafting_unit_id=unit_id, name=name, created_by_id=getattr(user, "id", None))
        db.session.add(saved)
    saved.members = [RecipientListMember(agency_id=agency.id) for agency in agencies]
    db.session.flush()
    audit.record("recipient_list.save", saved, user=user, name=name, agencies=[a.code for a in agencies])
    return saved


def recipient_lists(unit_id: int) -> list[RecipientList]:
    lists = db.session.scalars(sa.select(RecipientList).where(RecipientList.drafting_unit_id == unit_id)).all()
    return sorted(lists, key=lambda saved: vietnamese_sort_key(saved.name))


def recipient_list(unit_id: int, list_id: int | None) -> RecipientList | None:
    """The unit's saved list (None for another unit's)."""
    saved = db.session.get(RecipientList, list_id) if list_id else None
    return saved if saved is not None and saved.drafting_unit_id == unit_id else None


def add_agencies(consultation: Consultation, agencies: Iterable[Agency], *, user=None, **details) -> list[Recipient]:
    """Add single agencies (active ones only); agencies already there are left as they are. Allowed until closed."""
    _refuse_when_closed(consultation)
    agencies = list(agencies)
    inactive = [agency.name for agency in agencies if not agency.is_active]
    if inactive:
        raise UserError("Không thể gửi xin ý kiến cơ quan đã ngừng hoạt động: " + ", ".join(inactive) + ".")
    added = _add_agencies(consultation, agencies)
    db.session.flush()
    if added:
        codes = [recipient.agency.code for recipient in added]
        audit.record("consultation.add_recipients", consultation, user=user, agencies=codes, **details)
    return added


def _add_agencies(consultation: Consultation, agencies: Iterable[Agency]) -> list[Recipient]:
    present = {recipient.agency_id for recipient in consultation.recipients}
    added = []
    for agency in agencies:
        if agency.id not in present:
            present.add(agency.id)
            recipient = Recipient(agency=agency)
            consultation.recipients.append(recipient)  # through the collection, so the session cascade adds it
            added.append(recipient)
    return added


def remove_recipient(consultation: Consultation, recipient: Recipient, *, user=None) -> None:
    """Take an agency off the list; refused once it has a reply (even one it is still drafting)."""
    _refuse_when_closed(consultation)
    has_reply = db.session.scalar(sa.select(Reply.id).where(Reply.recipient_id == recipient.id)) is not None
    if has_reply:
        raise Conflict(f"{recipient.agency.name} đã có văn bản góp ý; không thể bỏ cơ quan này khỏi danh sách.")
    code = recipient.agency.code
    consultation.recipients.remove(recipient)
    db.session.flush()
    audit.record("consultation.remove_recipient", consultation, user=user, agency=code)


def _refuse_when_closed(consultation: Consultation) -> None:
    if consultation.status is ConsultationStatus.CLOSED:
        raise Conflict("Đợt lấy ý kiến đã kết thúc; mở lại trước khi thay đổi danh sách cơ quan.")


# --- lifecycle ----------------------------------------------------------------------------------------------------


def open_consultation(consultation: Consultation, now: datetime, *, user=None) -> Consultation:
    """Send it: from now on agencies see it (from ``opens_at``) and its draft version is immutable."""
    if consultation.status is not ConsultationStatus.DRAFT:
        raise Conflict("Đợt lấy ý kiến này đã được gửi.")
    if not consultation.recipients:
        raise UserError(
            "Chưa gửi được: danh sách cơ quan được lấy ý kiến đang trống. "
            "Hãy thêm cơ quan (cả nhóm hoặc từng cơ quan) ở mục dưới rồi bấm «Gửi xin ý kiến» lại."
        )
    consultation.opens_at = max(consultation.opens_at, now)
    if consultation.deadline_at <= consultation.opens_at:
        raise UserError(DEADLINE_BEFORE_OPENING + " Hãy sửa hạn (Sửa thông tin) rồi gửi lại.", field="deadline_date")
    check_letter_date(consultation.letter_date, consultation.opens_at, then=" (Sửa thông tin) rồi gửi lại")
    consultation.status = ConsultationStatus.OPEN
    db.session.flush()
    audit.record(
        "consultation.open",
        consultation,
        user=user,
        recipients=len(consultation.recipients),
        opens_at=consultation.opens_at.isoformat(),
        deadline_at=consultation.deadline_at.isoformat(),
    )
    return consultation


def extend_recipient(
    consultation: Consultation, recipient: Recipient, until: datetime, now: datetime, *, user=None
) -> Recipient:
    """Give one agency until ``until``: later than its current deadline and in the future."""
    require_open(consultation)
    current = rules.effective_deadline(consultation.deadline_at, recipient.extended_until)
    if until <= current or until <= now:
        raise UserError(
            "Hạn gia hạn phải sau hạn hiện tại của cơ quan và sau thời điểm hiện tại.", field="deadline_date"
        )
    previous = recipient.extended_until
    recipient.extended_until = until
    db.session.flush()
    audit.record(
        "consultation.extend_recipient",
        consultation,
        user=user,
        agency=recipient.agency.code,
        previous=previous.isoformat() if previous else None,
        until=until.isoformat(),
    )
    _give_time_again(consultation, [recipient], user)
    return recipient


def extend_all(consultation: Consultation, deadline_at: datetime, now: datetime, *, user=None) -> Consultation:
    """Move the deadline of everybody later (agencies' own later extensions stay)."""
    require_open(consultation)
    if deadline_at <= consultation.deadline_at or deadline_at <= now:
        raise UserError("Hạn mới phải sau hạn hiện tại và sau thời điểm hiện tại.", field="deadline_date")
    previous = consultation.deadline_at
    consultation.deadline_at = deadline_at
    db.session.flush()
    audit.record(
        "consultation.extend", consultation, user=user, previous=previous.isoformat(), until=deadline_at.isoformat()
    )
    _give_time_again(consultation, list(consultation.recipients), user)
    return consultation


def close_consultation(consultation: Consultation, now: datetime, *, user=None) -> Consultation:
    """Close it (early, or to record the end after the deadline): nothing more is accepted."""
    require_open(consultation)
    consultation.status = ConsultationStatus.CLOSED
    consultation.closed_at = now
    db.session.flush()
    early = now < consultation.deadline_at
    audit.record("consultation.close", consultation, user=user, early=early, closed_at=now.isoformat())
    closing.record_silence(consultation, now, user)
    return consultation


def reopen_consultation(
    consultation: Consultation, now: datetime, *, deadline_at: datetime | None = None, user=None
) -> Consultation:
    """Open a closed consultation again; a new future deadline is required when the old one has passed."""
    if consultation.status is not ConsultationStatus.CLOSED:
        raise Conflict("Chỉ mở lại được đợt lấy ý kiến đã kết thúc.")
    if deadline_at is None and consultation.deadline_at <= now:
        raise UserError("Hạn cũ đã qua: vui lòng nhập hạn nhận ý kiến mới.", field="deadline_date")
    if deadline_at is not None and (deadline_at <= now or deadline_at < consultation.deadline_at):
        raise UserError("Hạn mới phải sau thời điểm hiện tại và không sớm hơn hạn cũ.", field="deadline_date")
    previous = consultation.deadline_at
    consultation.status = ConsultationStatus.OPEN
    consultation.closed_at = None
    consultation.deadline_at = deadline_at or consultation.deadline_at
    db.session.flush()
    audit.record(
        "consultation.reopen",
        consultation,
        user=user,
        previous=previous.isoformat(),
        deadline_at=consultation.deadline_at.isoformat(),
    )
    closing.undo_silence(consultation, list(consultation.recipients), user)
    return consultation


def _give_time_again(consultation: Consultation, recipients: list[Recipient], user) -> None:
    """An extension into the future undoes the recorded closing: silence no longer holds, close-due runs again."""
    consultation.closed_at = None
    closing.undo_silence(consultation, recipients, user)


def require_open(consultation: Consultation) -> None:
    if consultation.status is ConsultationStatus.DRAFT:
        raise Conflict("Đợt lấy ý kiến chưa được gửi.")
    if consultation.status is ConsultationStatus.CLOSED:
        raise Conflict("Đợt lấy ý kiến đã kết thúc; hãy mở lại trước.")
