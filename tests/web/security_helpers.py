"""Helpers for the security sweep: one scene of real objects owned by agency A and its drafting unit, sign-in
without the password form, and a snapshot of every row of every table.

Users share one precomputed argon2 hash: hashing costs ~0.2 s, and the sweep builds the scene hundreds of times.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from commentsvc.accounts.models import Role, User
from commentsvc.accounts.passwords import hash_password
from commentsvc.consultations import operations as consultations
from commentsvc.consultations.models import ConsultationDocument, DocumentKind
from commentsvc.core.clock import now_utc
from commentsvc.drafts import operations as drafts
from commentsvc.drafts.models import DraftKind
from commentsvc.extensions import db as the_db
from commentsvc.jobs.models import Job
from commentsvc.reports import operations as reports
from commentsvc.reports.layout import Column, ColumnType, FormLayout, Row
from commentsvc.reports.periods import Period
from commentsvc.responses import paper
from commentsvc.responses.attachments import CheckedFile
from commentsvc.responses.models import Comment, LetterReading, ReplyPosition
from commentsvc.responses.operations import Letter
from commentsvc.revisions import round2
from commentsvc.synthesis import operations as synthesis
from commentsvc.synthesis.loading import load_groups
from commentsvc.synthesis.models import Decision, Disposition, Publication
from commentsvc.synthesis.publication import answers_now
from tests.conftest import PASSWORD
from tests.web.revisions_helpers import clause, two_versions

# Every role the sweep signs in as; "anonymous" sends no session at all.
ROLES = ("anonymous", "agency_a", "agency_b", "agency_outsider", "drafter_other", "drafter_owner", "admin")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PENDING_TEXT = "Điều 1. Phạm vi điều chỉnh\n\n1. Thông tư này quy định chế độ báo cáo.\n".encode()

_shared_hash: str | None = None


def _password_hash() -> str:
    global _shared_hash
    if _shared_hash is None:
        _shared_hash = hash_password(PASSWORD)
    return _shared_hash


@dataclass
class Scene:
    """Ids of the objects the URLs point at, and the user of each role (None for anonymous)."""

    ids: dict[str, int] = field(default_factory=dict)
    users: dict[str, User | None] = field(default_factory=dict)


def _user(db, role: Role, name: str, *, unit=None, agency=None, can_submit: bool = False) -> User:
    user = User(
        username=name,
        full_name=f"Người dùng {name}",
        email=f"{name}@example.com",
        password_hash=_password_hash(),
        role=role,
        drafting_unit=unit,
        agency=agency,
        can_submit=can_submit,
    )
    db.session.add(user)
    db.session.flush()
    return user


def build_scene(factory, db) -> Scene:
    """Agency A and the owning unit's objects: a draft in versions 1 and 2; round 1 closed with A's submitted reply
    (comments and a PDF letter), a paper reply of another agency and decided dispositions; round 2 open for A and B
    with A's unsent comments; and a pending import of the unit."""
    owner_unit, other_unit = factory.unit(), factory.unit()
    agency_a, agency_b = factory.agency(name="Bộ Tư pháp"), factory.agency(name="Bộ Y tế")
    outsider, paper_agency = factory.agency(name="Bộ Công an"), factory.agency(name="Bộ Tài chính")
    users = {
        "anonymous": None,
        "agency_a": _user(db, Role.AGENCY, "sweep-a", agency=agency_a, can_submit=True),
        "agency_b": _user(db, Role.AGENCY, "sweep-b", agency=agency_b, can_submit=True),
        "agency_outsider": _user(db, Role.AGENCY, "sweep-c", agency=outsider, can_submit=True),
        "drafter_other": _user(db, Role.DRAFTER, "sweep-other", unit=other_unit),
        "drafter_owner": _user(db, Role.DRAFTER, "sweep-owner", unit=owner_unit),
        "admin": _user(db, Role.ADMIN, "sweep-admin"),
    }
    db.session.commit()
    team = users["drafter_owner"]
    old, new = two_versions(factory, db, unit=owner_unit)
    now = now_utc()

    first = factory.consultation(
        version=old,
        unit=owner_unit,
        agencies=[agency_a, agency_b, paper_agency],
        opens_at=now - timedelta(days=20),
        deadline_at=now - timedelta(days=2),
        accepts_late=True,
    )
    submitted = factory.reply(
        first,
        agency_a,
        comments=[
            (clause(db, old, "khoản 1 Điều 1").id, "Đề nghị làm rõ phạm vi dữ liệu mở."),
            (None, "Đề nghị rà soát tổng thể dự thảo."),
        ],
    )
    submitted.attachment_name, submitted.attachment_type, submitted.attachment = (
        "cong-van-btp.pdf",
        "application/pdf",
        PDF,
    )
    submitted.letter_date, submitted.letter_signer = date(2026, 1, 5), "Nguyễn Văn Bình"
    paper_recipient = next(r for r in first.recipients if r.agency_id == paper_agency.id)
    paper_reply = paper.record_paper_reply(
        paper_recipient,
        Letter(
            ReplyPosition.AGREE_WITH_COMMENTS,
            letter_number="15/BTC-PC",
            letter_date=date(2026, 1, 6),
            letter_signer="Lê Thị Hoa",
            attachment=CheckedFile("cong-van-btc.pdf", "pdf", PDF),
        ),
        [paper.PaperComment(clause(db, old, "Điều 2").id, "Đề nghị bổ sung khái niệm.")],
        received_at=now - timedelta(days=3),
        user=team,
        now=now,
    )
    consultations.close_consultation(first, now, user=team)
    db.session.commit()
    synthesis.regroup(first, by=team)
    disposition = db.session.scalar(
        sa.select(Disposition).where(Disposition.consultation_id == first.id).order_by(Disposition.id)
    )
    synthesis.decide(disposition, Decision.ACCEPTED, "Đã tiếp thu.", disposition.version, by=team, now=now)
    # Published as it stood (the agencies' results page needs a publication; the sweep does not need the refusals).
    db.session.add(Publication(consultation_id=first.id, answers=answers_now(load_groups(first)), published_at=now))
    db.session.commit()
    grouped = db.session.scalar(sa.select(Comment.id).where(Comment.disposition_id == disposition.id))

    second = round2.open_next_round(first, version=new, opens_at=now, deadline_at=now + timedelta(days=14), user=team)
    consultations.open_consultation(second, now, user=team)
    db.session.commit()
    unsent = factory.reply(
        second,
        agency_a,
        comments=[(clause(db, new, "khoản 1 Điều 2").id, "Đề nghị làm rõ nguyên tắc miễn phí.")],
        submitted=False,
    )
    readings = _letter_readings(db, first, second, agency_a, agency_b, team, users["agency_a"])
    upload = drafts.read_upload(PENDING_TEXT, "thong-tu.txt")
    pending = drafts.start_import(upload, title="Dự thảo Thông tư báo cáo", kind=DraftKind.CIRCULAR, user=team)
    document = ConsultationDocument(
        kind=DocumentKind.SUBMISSION, title="Tờ trình", filename="to-trinh.pdf", media_type="application/pdf",
        size=9, data=b"%PDF-1.4\n", uploaded_by_id=team.id,
    )  # fmt: skip
    first.documents.append(document)
    job = Job(
        kind="synthesis.pdf",
        key="sweep",
        params={"on": now.date().isoformat()},
        consultation_id=first.id,
        drafting_unit_id=owner_unit.id,
        user_id=team.id,
    )
    db.session.add(job)
    db.session.commit()

    report, report_form = _report_request(owner_unit, agency_a, agency_b, users["agency_a"], team, now)
    ids = {
        "report_request": report.id,
        "report_form": report_form.id,
        "report_recipient_a": next(r.id for r in report.recipients if r.agency_id == agency_a.id),
        "agency_a": agency_a.id,
        "user_a": users["agency_a"].id,
        "owner_unit": owner_unit.id,
        "round1": first.id,
        "round2": second.id,
        "recipient_a_round1": next(r.id for r in first.recipients if r.agency_id == agency_a.id),
        "reply_a_round1": submitted.id,
        "paper_reply": paper_reply.id,
        "comment_a_round2": unsent.comments[0].id,
        "disposition": disposition.id,
        "comment_in_disposition": grouped,
        "draft": old.draft_id,
        "clause_v1": clause(db, old, "khoản 1 Điều 1").id,
        "import": pending.token,
        "document": document.id,
        **readings,
        "job": job.id,  # queued: its page and status answer, its download leads back to the page
    }
    return Scene(ids=ids, users=users)


def _report_request(unit, agency_a, agency_b, member_a, team, now):
    """An open report request with form 01 to agencies A and B; A has typed figures it has not submitted."""
    report = reports.create_request(
        unit=unit,
        title="Báo cáo số liệu",
        period=Period("quarter", 2026, 3),
        opens_at=now,
        deadline_at=now + timedelta(days=7),
    )
    layout = FormLayout((Column("n", "Số lượng", ColumnType.INTEGER),), (Row("r1", "Thủ tục hành chính"),))
    form = reports.add_form(report, code="01", title="Biểu mẫu bộ", layout=layout, user=team)
    reports.add_agencies(report, [agency_a, agency_b], user=team)
    reports.open_request(report, now, user=team)
    recipient = next(r for r in report.recipients if r.agency_id == agency_a.id)
    reports.save_cells(recipient, form, {("r1", "n"): "12"}, user=member_a, now=now)
    the_db.session.commit()
    return report, form


def _letter_readings(db, first, second, agency_a, agency_b, team, member_a) -> dict:
    """A letter read for the team (agency B's, round 1) and one agency A read for itself (round 2), not yet used."""
    import json

    record = {
        "position": "unclear",
        "letter": {"number": "", "date": "", "agency": "", "signer": "", "signer_title": "", "answers": ""},
        "items": [],
        "general": [{"text": "Đề nghị rà soát tổng thể.", "proposed_wording": ""}],
        "unresolved": [],
        "blocks": [{"p": "Đề nghị rà soát tổng thể."}],
    }
    rows = {}
    for key, consultation, agency, user, by_agency in (
        ("letter_team", first, agency_b, team, False),
        ("letter_agency", second, agency_a, member_a, True),
    ):
        recipient = next(r for r in consultation.recipients if r.agency_id == agency.id)
        row = LetterReading(
            recipient=recipient,
            user_id=user.id,
            by_agency=by_agency,
            filename="cong-van.pdf",
            media_type="application/pdf",
            data=PDF,
            reading_json=json.dumps(record, ensure_ascii=False),
        )
        db.session.add(row)
        db.session.flush()
        rows[key] = row.token
    db.session.commit()
    return rows


def add_admin(app, username: str, full_name: str) -> str:
    """An administrator in an app of its own, committed; its login id (no password form: no argon2 cost)."""
    with app.app_context():
        admin = User(username=username, full_name=full_name, password_hash="x", role=Role.ADMIN)
        the_db.session.add(admin)
        the_db.session.commit()
        admin_id = admin.get_id()
        the_db.session.remove()
    return admin_id


def sign_in(client, user: User | None) -> None:
    """Put ``user`` in the client's session as Flask-Login's login_user does (the password form is test_auth's)."""
    if user is None:
        return
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def snapshot(db) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row, for every table in the metadata."""
    db.session.expire_all()
    state = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            rows = connection.execute(sa.select(table).order_by(*order)).all()
            digest = hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()
            state[table.name] = (len(rows), digest)
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


# --- response headers ---------------------------------------------------------------------------------------------

SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def header_problems(response, *, https: bool = False, signed_in: bool = False) -> list[str]:
    """What is wrong with the security headers of ``response`` (an empty list when nothing is)."""
    headers, problems = response.headers, []
    csp = csp_directives(headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    if scripts is None:
        problems.append("CSP has neither script-src nor default-src")
    elif {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"} & set(scripts):
        problems.append(f"CSP lets scripts run from {scripts}")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"CSP frame-ancestors is {csp.get('frame-ancestors')}")
    if csp.get("object-src") != ["'none'"]:
        problems.append(f"CSP object-src is {csp.get('object-src')}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if headers.get("Referrer-Policy") not in SAFE_REFERRER_POLICIES:
        problems.append(f"Referrer-Policy is {headers.get('Referrer-Policy')!r}")
    hsts = headers.get("Strict-Transport-Security")
    if https and not (hsts and _max_age(hsts) >= 31_536_000):
        problems.append(f"HTTPS without a year of HSTS: {hsts!r}")
    if not https and hsts:
        problems.append("HSTS sent over plain HTTP")
    if signed_in and "no-store" not in headers.get("Cache-Control", ""):
        problems.append(f"a signed-in page without Cache-Control: no-store ({headers.get('Cache-Control')!r})")
    return problems


def _max_age(hsts: str) -> int:
    for part in hsts.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age" and value.isdigit():
            return int(value)
    return 0
