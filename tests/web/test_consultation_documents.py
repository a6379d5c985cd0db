"""The team attaches the documents sent with the draft; every agency consulted downloads them and the draft's file."""

from __future__ import annotations

import io

import lxml.html
import sqlalchemy as sa

from commentsvc.consultations.models import ConsultationDocument, ConsultationStatus
from commentsvc.core.audit import AuditEntry
from tests.web.test_forms_keep_input import field_value, message_beside
from tests.web.test_reply_letters import PDF
from tests.web.test_responses_submit import docx_bytes


def attach(client, consultation, kind: str, title: str, data: bytes, name: str):
    return client.post(
        f"/consultations/{consultation.id}/documents",
        data={"kind": kind, "title": title, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_agencies_download_the_draft_and_the_documents_sent_with_it(app, client, factory, login, db):
    justice, other = factory.agency(name="Bộ Tư pháp"), factory.agency()
    consultation = factory.consultation(agencies=[justice], status=ConsultationStatus.DRAFT)
    version = consultation.draft_version
    version.original_file, version.filename, version.media_type = b"%PDF-1.4 du thao", "du-thao.pdf", "application/pdf"
    db.session.commit()
    login(factory.drafter(consultation.drafting_unit))
    assert (
        attach(client, consultation, "submission", "Tờ trình số 15/TTr-BKHCN", PDF, "to-trinh.pdf").status_code == 303
    )
    report = docx_bytes("Báo cáo đánh giá tác động")
    assert attach(client, consultation, "impact_report", "", report, "bao cao.docx").status_code == 303

    refused = attach(client, consultation, "other", "Bảng so sánh", b"not a pdf", "bang.pdf")
    assert refused.status_code == 400
    page = lxml.html.fromstring(refused.get_data(as_text=True))
    assert "Chỉ nhận tệp PDF hoặc Word" in message_beside(page, "file")
    assert field_value(page, "title") == "Bảng so sánh" and field_value(page, "kind") == "other"
    assert db.session.scalar(sa.select(sa.func.count(ConsultationDocument.id))) == 2
    assert db.session.query(AuditEntry).filter_by(action="consultation.document_attach").count() == 2

    member = login(factory.member(justice), the_client=app.test_client())
    assert member.get(f"/agency/consultations/{consultation.id}/draft").status_code == 404  # not sent yet
    consultation.status = ConsultationStatus.OPEN
    db.session.commit()
    agency_page = lxml.html.fromstring(member.get(f"/agency/consultations/{consultation.id}").get_data(as_text=True))
    links = {a.text_content().strip(): a.get("href") for a in agency_page.xpath('//ul[@class="documents"]//a')}
    assert set(links) == {
        f"Dự thảo: {version.draft.title}",
        "Tờ trình: Tờ trình số 15/TTr-BKHCN",
        "Báo cáo đánh giá tác động",
    }
    draft = member.get(links[f"Dự thảo: {version.draft.title}"])
    assert draft.status_code == 200 and draft.data == b"%PDF-1.4 du thao"
    assert "du-thao.pdf" in draft.headers["Content-Disposition"]
    submission = member.get(links["Tờ trình: Tờ trình số 15/TTr-BKHCN"])
    assert submission.data == PDF and submission.mimetype == "application/pdf"
    assert member.get(links["Báo cáo đánh giá tác động"]).data == report

    outsider = login(factory.member(other), the_client=app.test_client())
    for href in links.values():
        assert outsider.get(href).status_code == 404


def test_documents_are_removed_with_an_audit_entry_and_frozen_once_closed(client, factory, login, db):
    consultation = factory.consultation()
    login(factory.drafter(consultation.drafting_unit))
    attach(client, consultation, "submission", "", PDF, "to-trinh.pdf")
    document = db.session.scalars(sa.select(ConsultationDocument)).one()
    assert document.title == "Tờ trình" and document.filename == "to-trinh.pdf"
    url = f"/consultations/{consultation.id}/documents/{document.id}"
    assert client.get(url).data == PDF
    assert client.post(f"{url}/remove", data={}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(ConsultationDocument.id))) == 0
    assert db.session.query(AuditEntry).filter_by(action="consultation.document_remove").count() == 1

    consultation.status = ConsultationStatus.CLOSED
    db.session.commit()
    closed = attach(client, consultation, "submission", "", PDF, "to-trinh.pdf")
    assert closed.status_code == 409 and "Đợt lấy ý kiến đã kết thúc" in closed.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ConsultationDocument.id))) == 0
