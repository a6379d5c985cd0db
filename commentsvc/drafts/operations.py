"""Verbs on drafts: import a file into the preview, correct the split, accept it as a version, discard it.

They change the database and write the audit entry; the view commits. The split itself is the pure
:mod:`commentsvc.drafts.splitting`; its Vietnamese messages reach the user unchanged as :class:`UserError`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from commentsvc.accounts.models import User
from commentsvc.consultations.models import Consultation
from commentsvc.core import audit
from commentsvc.core.clock import format_local, now_utc
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict, NotAllowed, UserError
from commentsvc.core.uploads import safe_filename
from commentsvc.drafts import corrections
from commentsvc.drafts.accounting import Tally
from commentsvc.drafts.model import Unit
from commentsvc.drafts.models import Clause, Draft, DraftImport, DraftKind, DraftVersion, ImportStatus
from commentsvc.drafts.splitting import Limits, SplitError, detect_format, split_document, units_to_json

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_SUFFIXES = {"md": "text/markdown; charset=utf-8", "txt": "text/plain; charset=utf-8"}
MSG_BAD_CORRECTION = "Không thể sửa như vậy: mục hoặc đoạn được chọn không còn trong văn bản. Vui lòng tải lại trang."


@dataclass(frozen=True)
class Upload:
    """An uploaded draft that split cleanly: its bytes, a safe name matching its content, its units, and where
    all of its text went (None for a version rebuilt from an accepted import)."""

    data: bytes
    filename: str
    media_type: str
    checksum: str
    units: list[Unit]
    tally: Tally | None = None


def read_upload(data: bytes, filename: str, limits: Limits | None = None) -> Upload:
    """Split ``data`` or raise :class:`UserError` with the splitter's message; nothing is stored."""
    try:
        split = split_document(data, filename, limits)
    except SplitError as error:
        raise UserError(str(error), 400) from error
    name, media_type = _name_and_type(data, filename)
    return Upload(data, name, media_type, hashlib.sha256(data).hexdigest(), split.units, split.tally)


def stored_tally(pending: DraftImport) -> Tally | None:
    """Where the import's text went, as measured when its file was split (None for older imports)."""
    return Tally.from_json(json.loads(pending.split_summary)) if pending.split_summary else None


def _name_and_type(data: bytes, filename: str) -> tuple[str, str]:
    """The extension follows the content: a .docx sent as "x.txt" is downloaded as "x.docx"."""
    name = safe_filename(filename)
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, suffix.lower()) if dot else (name, "")
    if detect_format(data) == "docx":
        return f"{stem}.docx", DOCX_TYPE
    suffix = suffix if suffix in TEXT_SUFFIXES else "txt"
    return f"{stem}.{suffix}", TEXT_SUFFIXES[suffix]


# --- units as stored in the preview (DraftImport.units_json) and as Clause rows --------------------------------


def units_to_store(units: list[Unit]) -> str:
    """JSON of the units, with each unit's own paragraphs so that a later "split off" can find them."""
    rows = units_to_json(units)
    for row, unit in zip(rows, units, strict=True):
        row["paragraphs"] = list(unit.paragraphs)
    return json.dumps(rows, ensure_ascii=False)


def stored_units(units_json: str) -> list[Unit]:
    return [
        Unit(
            kind=row["kind"],
            label=row["label"],
            paragraphs=list(row["paragraphs"]),
            ref=row["ref"],
            depth=row["depth"],
            parent=row["parent"],
            position=row["position"],
        )
        for row in json.loads(units_json)
    ]


def clause_units(version: DraftVersion) -> list[Unit]:
    """The units of an accepted version, read back from its Clause rows (paragraphs never contain newlines).

    Read as plain rows: a draft of thousands of clauses loaded as objects was most of the outline page's time.
    """
    rows = db.session.execute(
        sa.select(
            Clause.id,
            Clause.kind,
            Clause.label,
            Clause.text,
            Clause.ref,
            Clause.depth,
            Clause.parent_id,
            Clause.position,
        )
        .where(Clause.version_id == version.id)
        .order_by(Clause.position)
    ).all()
    index_of = {row.id: row.position for row in rows}
    return [
        Unit(
            kind=row.kind,
            label=row.label,
            paragraphs=row.text.split("\n"),
            ref=row.ref,
            depth=row.depth,
            parent=index_of.get(row.parent_id),
            position=row.position,
        )
        for row in rows
    ]


def _add_clauses(version: DraftVersion, units: list[Unit]) -> None:
    """Insert the units in order, then link each to the Clause row of its parent unit."""
    rows = [
        Clause(
            version=version,
            position=index,
            kind=unit.kind,
            label=unit.label[:64],
            ref=unit.ref[:255],
            depth=unit.depth,
            text=unit.text,
        )
        for index, unit in enumerate(units)
    ]
    db.session.add_all(rows)
    db.session.flush()
    for row, unit in zip(rows, units, strict=True):
        row.parent_id = rows[unit.parent].id if unit.parent is not None else None
    db.session.flush()


# --- the preview ---------------------------------------------------------------------------------------------


def start_import(upload: Upload, *, title: str, kind: DraftKind, user, draft: Draft | None = None) -> DraftImport:
    """Keep an upload in the preview: a new draft (``draft`` None) or the next version of ``draft``."""
    pending = DraftImport(
        user_id=user.id,
        drafting_unit_id=draft.drafting_unit_id if draft else user.drafting_unit_id,
        draft_id=draft.id if draft else None,
        title=draft.title if draft else title.strip(),
        kind=draft.kind if draft else kind,
    )
    _fill(pending, upload)
    db.session.add(pending)
    db.session.flush()
    audit.record("draft.import", pending, user=user, filename=upload.filename, units=len(upload.units))
    return pending


def replace_import_file(pending: DraftImport, upload: Upload, *, user) -> DraftImport:
    """A fixed file replaces the one in the preview, and with it every correction made so far."""
    _fill(pending, upload)
    audit.record("draft.import_replace", pending, user=user, filename=upload.filename, units=len(upload.units))
    return pending


def _fill(pending: DraftImport, upload: Upload) -> None:
    pending.filename = upload.filename
    pending.media_type = upload.media_type
    pending.checksum = upload.checksum
    pending.original_file = upload.data
    pending.units_json = units_to_store(upload.units)
    pending.split_summary = json.dumps(upload.tally.to_json(), ensure_ascii=False) if upload.tally else None


@dataclass(frozen=True)
class Correction:
    """One correction of the split, made on the unit at ``position``: merge, split or kind."""

    action: str
    position: int
    paragraph: int = 0
    kind: str = ""
    label: str | None = None

    def apply(self, units: list[Unit]) -> list[Unit]:
        try:
            if self.action == "merge":
                return corrections.merge_into_previous(units, self.position)
            if self.action == "split":
                return corrections.split_off(units, self.position, self.paragraph)
            if self.action == "kind":
                return corrections.change_kind(units, self.position, self.kind, self.label or None)
        except (IndexError, ValueError) as error:
            raise UserError(MSG_BAD_CORRECTION, 400) from error
        raise UserError(MSG_BAD_CORRECTION, 400)

    def details(self) -> dict:
        return {"correction": self.action, "position": self.position, "paragraph": self.paragraph, "kind": self.kind}


def correct_import(pending: DraftImport, correction: Correction, *, user) -> list[Unit]:
    units = correction.apply(stored_units(pending.units_json))
    pending.units_json = units_to_store(units)
    audit.record("draft.import_correct", pending, user=user, **correction.details())
    return units


def check_import_usable(pending: DraftImport, user) -> None:
    """Only its uploader works on a preview, and only while it waits: else a Vietnamese refusal saying why."""
    if pending.user_id != user.id:
        uploader = db.session.get(User, pending.user_id)
        raise NotAllowed(
            f"Bản xem trước “{pending.title}” do {uploader.full_name} tải lên lúc {format_local(pending.created_at)}; "
            "chỉ người tải lên mới xem, sửa và lưu được. Nếu cần, hãy tự tải tệp lên."
        )
    if pending.status is ImportStatus.SAVED:
        version = db.session.get(DraftVersion, pending.version_id) if pending.version_id else None
        saved_as = f"phiên bản {version.number} của dự thảo “{version.draft.title}”" if version else "một phiên bản"
        raise UserError(
            f"Bản xem trước này đã được lưu thành {saved_as} lúc {format_local(pending.finished_at)}; "
            "không còn gì để lưu ở đây. Mở dự thảo từ trang «Dự thảo».",
            410,
        )
    if pending.status is ImportStatus.DISCARDED:
        raise UserError(
            f"Bản xem trước “{pending.title}” đã được hủy lúc {format_local(pending.finished_at)}; "
            "không có gì được lưu. Hãy tải tệp lên lại nếu cần.",
            410,
        )


def _finish(pending: DraftImport, status: ImportStatus, version: DraftVersion | None = None) -> None:
    """Keep the row to answer its old address, without the file and the split it no longer needs."""
    pending.status = status
    pending.version_id = version.id if version else None
    pending.finished_at = now_utc()
    pending.original_file = b""
    pending.units_json = "[]"
    pending.split_summary = None
    db.session.flush()


def discard_import(pending: DraftImport, *, user) -> None:
    audit.record("draft.import_discard", pending, user=user, filename=pending.filename)
    _finish(pending, ImportStatus.DISCARDED)


def accept_import(pending: DraftImport, *, user) -> DraftVersion:
    """The previewed split becomes the next version (version 1 of a new draft when the import started one)."""
    claimed = db.session.execute(
        sa.update(DraftImport)
        .where(DraftImport.id == pending.id, DraftImport.status == ImportStatus.PENDING)
        .values(status=ImportStatus.SAVED)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # a second tab, or a double click, saved it a moment ago
        raise Conflict("Bản xem trước này vừa được lưu hoặc hủy ở một thẻ khác; tải lại trang «Dự thảo» để xem.")
    draft = db.session.get(Draft, pending.draft_id) if pending.draft_id else None
    if draft is None:
        draft = Draft(
            title=pending.title, kind=pending.kind, drafting_unit_id=pending.drafting_unit_id, created_by_id=user.id
        )
        db.session.add(draft)
    upload = Upload(
        pending.original_file, pending.filename, pending.media_type, pending.checksum, stored_units(pending.units_json)
    )
    version = add_version(draft, upload, user=user)
    _finish(pending, ImportStatus.SAVED, version)
    return version


def add_version(draft: Draft, upload: Upload, *, user=None) -> DraftVersion:
    """Store ``upload`` as the next version of ``draft`` with its clauses in order."""
    db.session.flush()
    latest = db.session.scalar(sa.select(sa.func.max(DraftVersion.number)).where(DraftVersion.draft_id == draft.id))
    version = DraftVersion(
        draft=draft,
        number=(latest or 0) + 1,
        filename=upload.filename,
        media_type=upload.media_type,
        checksum=upload.checksum,
        original_file=upload.data,
        created_by_id=getattr(user, "id", None),
    )
    try:
        db.session.add(version)
        db.session.flush()
    except IntegrityError as error:  # two members accepted a version of the same draft at once
        raise Conflict("Một phiên bản khác của dự thảo vừa được tạo cùng lúc; vui lòng thử lại.") from error
    _add_clauses(version, upload.units)
    audit.record("draft.version_create", version, user=user, number=version.number, clauses=len(upload.units))
    return version


# --- accepted versions ---------------------------------------------------------------------------------------


def consultation_using(version: DraftVersion) -> Consultation | None:
    return db.session.scalar(sa.select(Consultation).where(Consultation.draft_version_id == version.id).limit(1))


def ensure_mutable(version: DraftVersion) -> None:
    """Refuse (409) any change to a version a consultation has been opened on: agencies cite its clauses."""
    consultation = consultation_using(version)
    if consultation is not None:
        raise Conflict(
            f"Phiên bản {version.number} đã được dùng cho đợt lấy ý kiến “{consultation.title}” nên không thể "
            "thay đổi. Muốn sửa nội dung, hãy tải lên một phiên bản mới."
        )


def correct_version(version: DraftVersion, correction: Correction, *, user) -> list[Unit]:
    """Correct the split of a version nobody has been consulted on yet: its clauses are rebuilt."""
    ensure_mutable(version)
    units = correction.apply(clause_units(version))
    # One statement each, so the self-references between clauses never block the delete.
    db.session.execute(sa.update(Clause).where(Clause.version_id == version.id).values(parent_id=None))
    db.session.execute(sa.delete(Clause).where(Clause.version_id == version.id))
    db.session.expire(version, ["clauses"])
    _add_clauses(version, units)
    db.session.expire(version, ["clauses"])
    audit.record("draft.version_correct", version, user=user, **correction.details())
    return units


def import_sample(data: bytes, filename: str, *, title: str, kind: DraftKind, unit) -> DraftVersion | None:
    """Version 1 of a new draft of ``unit`` from a file, unless the unit already has a version with that content."""
    checksum = hashlib.sha256(data).hexdigest()
    exists = db.session.scalar(
        sa.select(DraftVersion.id)
        .join(Draft)
        .where(Draft.drafting_unit_id == unit.id, DraftVersion.checksum == checksum)
        .limit(1)
    )
    if exists is not None:
        return None
    upload = read_upload(data, filename)
    draft = Draft(title=title, kind=kind, drafting_unit_id=unit.id)
    db.session.add(draft)
    return add_version(draft, upload)
