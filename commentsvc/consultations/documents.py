"""Documents sent with a consultation's draft (tờ trình, báo cáo đánh giá tác động…): attach and remove them.

Verbs in the style of operations.py: they change the database and write the audit entry, never commit. Agencies read
them (and the draft's own file) from their consultation page; see document_views.py.
"""

from __future__ import annotations

from commentsvc.consultations.models import Consultation, ConsultationDocument, ConsultationStatus, DocumentKind
from commentsvc.core import audit
from commentsvc.core.db import db
from commentsvc.core.errors import Conflict
from commentsvc.core.text import nfc
from commentsvc.core.uploads import CheckedFile

CLOSED = "Đợt lấy ý kiến đã kết thúc: tài liệu gửi kèm không thay đổi được nữa. Mở lại đợt lấy ý kiến nếu cần."


def attach_document(
    consultation: Consultation, kind: DocumentKind, title: str, upload: CheckedFile, *, user
) -> ConsultationDocument:
    """Attach a checked PDF or .docx; its title defaults to its kind ("Tờ trình")."""
    _refuse_when_closed(consultation)
    document = ConsultationDocument(
        kind=kind,
        title=nfc(title.strip()) or kind.label,
        filename=upload.name,
        media_type=upload.media_type,
        size=upload.size,
        data=upload.data,
        uploaded_by_id=user.id,
    )
    consultation.documents.append(document)
    db.session.flush()
    audit.record(
        "consultation.document_attach", consultation, user=user, document_id=document.id, kind=kind.value,
        title=document.title, filename=document.filename, size=document.size,
    )  # fmt: skip
    return document


def remove_document(consultation: Consultation, document: ConsultationDocument, *, user) -> None:
    _refuse_when_closed(consultation)
    audit.record(
        "consultation.document_remove", consultation, user=user, document_id=document.id, title=document.title,
        filename=document.filename,
    )  # fmt: skip
    consultation.documents.remove(document)
    db.session.flush()


def document_of(consultation: Consultation, document_id: int) -> ConsultationDocument | None:
    return next((document for document in consultation.documents if document.id == document_id), None)


def _refuse_when_closed(consultation: Consultation) -> None:
    if consultation.status is ConsultationStatus.CLOSED:
        raise Conflict(CLOSED)
