"""Refused forms come back with what was typed and the reason beside its field, never a bare error page.

The mechanism is core/refusals.py: an operation's UserError (naming its field) during a POST shows the page holding the
form again. Each case below is one the drafting team or an agency met in a real walk-through.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

import lxml.html
import pytest
import sqlalchemy as sa

from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core.clock import now_utc, to_local
from commentsvc.responses.models import Comment, Reply
from tests.web.test_responses import clauses_of, comment

TODAY = to_local(now_utc()).date()
YESTERDAY = (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")
LETTER = {"letter_number": "45/BTP-PLDSKT", "letter_date": TODAY.isoformat(), "letter_signer": "Nguyễn Thị Hoa"}


@dataclass
class Case:
    """One refused submission: where it is posted, what was typed, which field must carry which message."""

    url: str
    data: dict
    status: int
    field: str | None  # None: the message is about the whole page (shown at its top)
    message: str
    kept: dict = field(default_factory=dict)  # field name -> value the page must still show
    files: dict = field(default_factory=dict)


def _past_deadline(factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    version = factory.draft_version(unit)
    typed = {
        "draft_version_id": str(version.id),
        "title": "Lấy ý kiến dự thảo Nghị định về dữ liệu mở",
        "round_number": "1",
        "deadline_date": YESTERDAY,
        "letter_number": "3256/BKHCN-CĐS",
        "letter_signer": "Nguyễn Văn An",
        "contact_name": "Trần Thị Bình",
        "reminder_days": "5,2",
    }
    return Case("/consultations/new", typed, 400, "deadline_date", "Hạn nhận ý kiến phải sau", typed)


def _no_agencies(factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    consultation = factory.consultation(unit=unit, agencies=[], status=ConsultationStatus.DRAFT)
    return Case(f"/consultations/{consultation.id}/open", {}, 400, None, "danh sách cơ quan được lấy ý kiến đang trống")


def _extension_into_the_past(factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    consultation = factory.consultation(unit=unit)
    recipient = consultation.recipients[0]
    typed = {"deadline_date": YESTERDAY, "deadline_time": "17:00"}
    url = f"/consultations/{consultation.id}/recipients/{recipient.id}/extend"
    return Case(url, typed, 400, "deadline_date", "Hạn gia hạn phải sau hạn hiện tại", typed)


def _extension_of_everybody_into_the_past(factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    consultation = factory.consultation(unit=unit)
    typed = {"deadline_date": YESTERDAY, "deadline_time": "09:30"}
    return Case(f"/consultations/{consultation.id}/extend", typed, 400, "deadline_date", "Hạn mới phải sau", typed)


def _letter_that_is_not_a_pdf(factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency, can_submit=True))
    typed = {"position": "agree_entirely", **LETTER}
    files = {"attachment": (io.BytesIO(b"Day khong phai PDF"), "gop-y.pdf")}
    url = f"/agency/consultations/{consultation.id}/submit"
    return Case(url, typed, 400, "attachment", "phải là PDF hoặc DOCX", typed, files)


def _paper_letter_that_is_not_a_pdf(factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    agency = factory.agency()
    consultation = factory.consultation(unit=unit, agencies=[agency])
    typed = {
        "recipient_id": str(consultation.recipients[0].id),
        "position": "agree_with_comments",
        **LETTER,
        "received_date": TODAY.isoformat(),
        "received_time": "00:00",
        "general": "Đề nghị làm rõ phạm vi dữ liệu mở.",
    }
    files = {"attachment": (io.BytesIO(b"GIF89a not a letter"), "scan.pdf")}
    url = f"/consultations/{consultation.id}/paper-replies/new"
    return Case(url, typed, 400, "attachment", "phải là PDF, DOCX, JPEG hoặc PNG", typed, files)


def _agree_entirely_with_comments(factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    client = login(factory.member(agency, can_submit=True))
    assert comment(client, consultation, clauses_of(db, consultation)[1].id, "Đề nghị sửa khoản 1.").status_code == 303
    typed = {"position": "agree_entirely", **LETTER}
    return Case(f"/agency/consultations/{consultation.id}/submit", typed, 409, "position", "Nhất trí hoàn toàn", typed)


def _request_letter_dated_after_sending(factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    consultation = factory.consultation(unit=unit)
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    typed = {"letter_number": "3256/BKHCN-CĐS", "letter_date": tomorrow, "letter_signer": "Nguyễn Văn An"}
    kept = {"letter_number": "3256/BKHCN-CĐS", "letter_signer": "Nguyễn Văn An"}
    return Case(f"/consultations/{consultation.id}/edit", typed, 400, "letter_date", "muộn hơn ngày gửi", kept)


def _username_taken(factory, login, db):
    agency = factory.agency()
    taken = factory.member(agency)
    login(factory.admin())
    typed = {
        "username": taken.username,
        "full_name": "Lê Văn Cường",
        "email": "cuong@example.com",
        "role": "agency",
        "agency_id": str(agency.id),
        "drafting_unit_id": "0",
        "password": "mat-khau-ban-dau-1",
    }
    kept = {name: typed[name] for name in ("username", "full_name", "email")}
    return Case("/admin/users/new", typed, 400, "username", "đã được dùng; hãy chọn tên khác", kept)


CASES = {
    "past deadline on a new consultation": _past_deadline,
    "sending to no agency": _no_agencies,
    "an extension into the past": _extension_into_the_past,
    "extending everybody into the past": _extension_of_everybody_into_the_past,
    "a reply letter that is not a PDF": _letter_that_is_not_a_pdf,
    "a paper reply's scan that is not a PDF": _paper_letter_that_is_not_a_pdf,
    "agreeing entirely while comments exist": _agree_entirely_with_comments,
    "a request letter dated after it was sent": _request_letter_dated_after_sending,
    "a user name already taken": _username_taken,
}


def field_value(page, name: str) -> str | list[str] | None:
    """What the browser would show in the field ``name``: a text's value, the checked radio, the selected option."""
    elements = page.xpath(f'//*[@name="{name}"]')
    assert elements, f"no field {name} on the page"
    first = elements[0]
    if first.tag == "select":
        return [option.get("value") for option in first.xpath(".//option[@selected]")][0]
    if first.tag == "textarea":
        return first.text_content().strip()
    if first.get("type") == "radio":
        checked = [element.get("value") for element in elements if element.get("checked") is not None]
        return checked[0] if checked else None
    return first.get("value")


def message_beside(page, name: str) -> str:
    """The error text inside the block (.field) that holds the field ``name``."""
    holder = page.xpath(f'//*[@name="{name}"]/ancestor::*[contains(concat(" ", @class, " "), " field ")][1]')
    assert holder, f"the field {name} is not inside a .field block"
    return " ".join(p.text_content() for p in holder[0].xpath('.//*[contains(@class, "error")]'))


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_invalid_forms_keep_the_typed_input(client, factory, login, db, case):
    case = case(factory, login, db)
    before = (db.session.scalar(sa.select(sa.func.count(Consultation.id))), _replies(db))

    response = client.post(case.url, data={**case.data, **case.files}, content_type="multipart/form-data")

    assert response.status_code == case.status
    html = response.get_data(as_text=True)
    page = lxml.html.fromstring(html)
    assert page.xpath("//form[@method='post']"), "the page with the form, not an error page"
    assert "Mã lỗi" not in html and "Xung đột dữ liệu" not in html
    if case.field is None:
        alerts = " ".join(p.text_content() for p in page.xpath('//*[@role="alert"]'))
        assert case.message in alerts
    else:
        assert case.message in message_beside(page, case.field)
    for name, value in case.kept.items():
        if name == "letter_date":
            continue  # a date field shows ISO or dd/mm/yyyy: checked below
        assert field_value(page, name) == value, name
    if "letter_date" in case.kept:
        assert field_value(page, "letter_date") in (TODAY.isoformat(), TODAY.strftime("%d/%m/%Y"))
    db.session.expire_all()
    assert (db.session.scalar(sa.select(sa.func.count(Consultation.id))), _replies(db)) == before


def _replies(db) -> tuple:
    submitted = db.session.scalars(sa.select(Reply.status)).all()
    return sorted(status.value for status in submitted), db.session.scalar(sa.select(sa.func.count(Comment.id)))


def test_a_refusal_about_the_page_is_shown_on_the_page_the_form_was_sent_from(client, factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    consultation = factory.consultation(unit=unit, agencies=[], status=ConsultationStatus.DRAFT)
    detail = f"http://localhost/consultations/{consultation.id}"
    response = client.post(f"/consultations/{consultation.id}/open", data={}, headers={"Referer": detail})
    assert response.status_code == 400
    page = lxml.html.fromstring(response.get_data(as_text=True))
    assert page.xpath("//h1")[0].text_content().strip() == consultation.title
    assert "Gửi xin ý kiến" in page.text_content()


def test_a_letter_dated_after_it_is_sent_is_refused_beside_its_date(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency, can_submit=True))
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    data = {"position": "agree_entirely", **LETTER, "letter_date": tomorrow}
    response = client.post(f"/agency/consultations/{consultation.id}/submit", data=data)
    assert response.status_code == 400
    page = lxml.html.fromstring(response.get_data(as_text=True))
    assert "muộn hơn ngày gửi" in message_beside(page, "letter_date")
    assert field_value(page, "letter_number") == LETTER["letter_number"]
    assert _replies(db) == ([], 0)


def test_a_request_letter_dated_after_sending_is_refused(client, factory, login, db):
    unit = factory.unit()
    login(factory.drafter(unit))
    consultation = factory.consultation(unit=unit, status=ConsultationStatus.DRAFT)
    consultation.letter_date = TODAY + timedelta(days=3)
    db.session.commit()
    response = client.post(f"/consultations/{consultation.id}/open", data={})
    assert response.status_code == 400
    assert "muộn hơn ngày gửi" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).status is ConsultationStatus.DRAFT
