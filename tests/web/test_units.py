"""Drafting units (đơn vị soạn thảo): the administrator's pages, the CLI, and the letters that print the unit."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import docx
import pytest
import sqlalchemy as sa

from commentsvc.accounts.models import DraftingUnit, Role, User
from commentsvc.config import ROOT
from commentsvc.core.audit import AuditEntry

SIGNER_TITLE = "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG"


def _unit_form(**overrides) -> dict:
    """What the unit form posts; a browser sends a textarea's line breaks as CRLF."""
    data = {
        "code": "CĐS",
        "name": "Cục Chuyển đổi số quốc gia",
        "parent_code": "BKHCN",
        "parent_name": "Bộ Khoa học và Công nghệ",
        "place": "Hà Nội",
        "signer_title": "KT. CỤC TRƯỞNG\r\nPHÓ CỤC TRƯỞNG",
        "signer_name": "Nguyễn Văn An",
        "is_active": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _unit(db, code: str) -> DraftingUnit:
    db.session.expire_all()
    return db.session.scalar(sa.select(DraftingUnit).where(DraftingUnit.code == code))


def _audit(db, action: str, unit: DraftingUnit) -> list[AuditEntry]:
    return db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == action, AuditEntry.object_id == unit.id)
    ).all()


def test_admin_creates_and_edits_a_unit_whose_drafter_logs_in(client, factory, login, db):
    admin = factory.admin()
    login(admin)
    assert "Đơn vị soạn thảo" in client.get("/admin/users").get_data(as_text=True)
    assert client.get("/admin/units/new").status_code == 200

    created = client.post("/admin/units/new", data=_unit_form(code=" cđs ", signer_name="Nguyễn  Văn An "))
    assert created.status_code == 302
    unit = _unit(db, "CĐS")
    assert (unit.name, unit.parent_code, unit.parent_name, unit.place) == (
        "Cục Chuyển đổi số quốc gia",
        "BKHCN",
        "Bộ Khoa học và Công nghệ",
        "Hà Nội",
    )
    assert unit.signer_title == SIGNER_TITLE and unit.signer_name == "Nguyễn Văn An" and unit.is_active
    [entry] = _audit(db, "unit.create", unit)
    assert entry.user_id == admin.id and entry.details_dict["code"] == "CĐS"

    # The user form offers the new unit, with its ministry; "Thêm thành viên" comes with it chosen.
    form_page = client.get(f"/admin/users/new?role=drafter&drafting_unit_id={unit.id}").get_data(as_text=True)
    assert (
        f'<option selected value="{unit.id}">Cục Chuyển đổi số quốc gia — Bộ Khoa học và Công nghệ (CĐS)' in form_page
    )
    user_created = client.post(
        "/admin/users/new",
        data={
            "username": "tosoan",
            "full_name": "Trần Thị Bình",
            "role": "drafter",
            "drafting_unit_id": unit.id,
            "agency_id": 0,
            "is_active": "y",
            "password": "mat-khau-ban-dau-1",
        },
    )
    assert user_created.status_code == 302
    assert db.session.scalar(sa.select(User).where(User.username == "tosoan")).drafting_unit_id == unit.id
    assert '<td data-members="CĐS">1</td>' in client.get("/admin/units/").get_data(as_text=True)

    edited = client.post(
        f"/admin/units/{unit.id}",
        data=_unit_form(name="Cục Chuyển đổi số", signer_title="CỤC TRƯỞNG", signer_name="Lê Thị Hoa"),
    )
    assert edited.status_code == 302
    unit = _unit(db, "CĐS")
    assert (unit.name, unit.signer_title, unit.signer_name) == ("Cục Chuyển đổi số", "CỤC TRƯỞNG", "Lê Thị Hoa")
    [update] = _audit(db, "unit.update", unit)
    assert update.details_dict["changes"]["signer_name"] == ["Nguyễn Văn An", "Lê Thị Hoa"]
    assert "place" not in update.details_dict["changes"]

    drafter = client.application.test_client()
    signed_in = drafter.post(
        "/login",
        data={"username": "tosoan", "password": "mat-khau-ban-dau-1", "csrf_token": drafter.csrf_token()},
    )
    assert signed_in.status_code == 302
    drafts = drafter.get("/drafts/")
    assert drafts.status_code == 200 and "Cục Chuyển đổi số" in drafts.get_data(as_text=True)


def test_duplicate_code_is_refused_and_the_form_kept(client, factory, login, db):
    existing = factory.unit(code="CĐS")
    other = factory.unit(code="VP")
    login(factory.admin())
    response = client.post("/admin/units/new", data=_unit_form(code="cđs", name="Vụ Pháp chế mới"))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Mã đơn vị “CĐS” đã được dùng cho một đơn vị khác." in html
    assert 'value="Vụ Pháp chế mới"' in html and "PHÓ CỤC TRƯỞNG" in html
    assert factory.count(DraftingUnit) == 2

    taken = client.post(f"/admin/units/{other.id}", data=_unit_form(code="CĐS", name="Văn phòng"))
    assert taken.status_code == 409 and "đã được dùng" in taken.get_data(as_text=True)
    assert _unit(db, "VP").name == other.name and _unit(db, "CĐS").name == existing.name


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "C S!"}, "Mã không hợp lệ"),
        ({"parent_code": ""}, "Vui lòng nhập mã cơ quan chủ quản."),
        ({"name": "  "}, "Vui lòng nhập tên đơn vị."),
        ({"signer_name": "A" * 121}, "Tối đa 120 ký tự."),
    ],
)
def test_bad_fields_get_400_with_the_values_kept(client, factory, login, overrides, message):
    login(factory.admin())
    response = client.post("/admin/units/new", data=_unit_form(**overrides))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'value="Bộ Khoa học và Công nghệ"' in html
    assert factory.count(DraftingUnit) == 0


def test_post_without_csrf_is_refused(client, factory, login):
    login(factory.admin())
    assert client.post("/admin/units/new", data=_unit_form(), csrf=False).status_code == 400
    assert factory.count(DraftingUnit) == 0


@pytest.mark.parametrize("role", [Role.AGENCY, Role.DRAFTER])
def test_non_admins_get_403(client, factory, login, role):
    unit = factory.unit()
    login(factory.user(role))
    before = factory.count(DraftingUnit)
    for path in ("/admin/units/", "/admin/units/new", f"/admin/units/{unit.id}"):
        assert client.get(path).status_code == 403
    for path in ("/admin/units/new", f"/admin/units/{unit.id}"):
        assert client.post(path, data=_unit_form(code="MOI")).status_code == 403
    assert factory.count(DraftingUnit) == before


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/units/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_deactivated_unit_takes_no_new_members(client, factory, login, db, runner):
    unit = factory.unit(code="CU")
    member = factory.drafter(unit)
    login(factory.admin())
    assert client.post(f"/admin/units/{unit.id}", data=_unit_form(code="CU", is_active=None)).status_code == 302
    assert not _unit(db, "CU").is_active
    listing = client.get("/admin/units/").get_data(as_text=True)
    assert "Ngừng hoạt động" in listing and '<td data-members="CU">1</td>' in listing
    assert f'<option value="{unit.id}">' not in client.get("/admin/users/new").get_data(as_text=True)
    refused = runner.invoke(
        args=[
            "users",
            "create",
            "moi",
            "--full-name",
            "Mới",
            "--role",
            "drafter",
            "--unit",
            "CU",
            "--password-stdin",
        ],
        input="mot-mat-khau-dai-du\n",
    )
    assert refused.exit_code != 0 and "đã ngừng hoạt động" in refused.output
    # The present member is still offered its unit and can be edited.
    edit_page = client.get(f"/admin/users/{member.id}").get_data(as_text=True)
    assert f'<option selected value="{unit.id}">' in edit_page and "ngừng hoạt động" in edit_page
    kept = client.post(
        f"/admin/users/{member.id}",
        data={
            "full_name": "Đã đổi tên",
            "role": "drafter",
            "drafting_unit_id": unit.id,
            "agency_id": 0,
            "is_active": "y",
        },
    )
    assert kept.status_code == 302
    db.session.refresh(member)
    assert member.full_name == "Đã đổi tên" and member.drafting_unit_id == unit.id and member.is_active_account


def test_cli_creates_and_lists_units(runner, db):
    result = runner.invoke(
        args=[
            "units",
            "create",
            "cđs",
            "--name",
            "Cục Chuyển đổi số quốc gia",
            "--parent-code",
            "BKHCN",
            "--parent-name",
            "Bộ Khoa học và Công nghệ",
            "--signer-title",
            r"KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
            "--signer-name",
            "Nguyễn Văn An",
        ]
    )
    assert result.exit_code == 0, result.output
    unit = _unit(db, "CĐS")
    assert unit.place == "Hà Nội" and unit.signer_title == SIGNER_TITLE and unit.signer_name == "Nguyễn Văn An"
    assert len(_audit(db, "unit.create", unit)) == 1

    again = runner.invoke(args=["units", "create", "CĐS", "--name", "X", "--parent-code", "B", "--parent-name", "Y"])
    assert again.exit_code != 0 and "Mã đơn vị “CĐS” đã được dùng" in again.output
    bad = runner.invoke(args=["units", "create", "C Đ", "--name", "X", "--parent-code", "B", "--parent-name", "Y"])
    assert bad.exit_code != 0 and "Mã đơn vị “C Đ” không hợp lệ" in bad.output

    member = runner.invoke(
        args=["users", "create", "tosoan", "--full-name", "Trần Thị Bình", "--role", "drafter", "--unit", "CĐS"],
        input="mat-khau-ban-dau-1\nmat-khau-ban-dau-1\n",
    )
    assert member.exit_code == 0, member.output
    listing = runner.invoke(args=["units", "list"])
    assert listing.exit_code == 0
    assert listing.output.splitlines() == ["CĐS\tCục Chuyển đổi số quốc gia\tBKHCN\t1 tài khoản"]


@pytest.mark.slow
def test_fresh_database_gets_a_unit_and_its_drafter_through_database_url(tmp_path):
    """The production path the audit found broken: a new database, a unit, a drafter in it."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'moi.sqlite3'}"}

    def flask(*args: str, stdin: str = "") -> str:
        command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
        done = subprocess.run(
            command, cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    flask("init-db")
    flask(
        "units",
        "create",
        "VPCP-TH",
        "--name",
        "Vụ Tổng hợp",
        "--parent-code",
        "VPCP",
        "--parent-name",
        "Văn phòng Chính phủ",
    )
    flask(
        "users",
        "create",
        "tosoan",
        "--full-name",
        "Tổ soạn thảo",
        "--role",
        "drafter",
        "--unit",
        "VPCP-TH",
        "--password-stdin",
        stdin="mat-khau-ban-dau-1\n",
    )
    assert "VPCP-TH\tVụ Tổng hợp\tVPCP\t1 tài khoản" in flask("units", "list")


def test_reminder_letter_prints_the_edited_signer(client, factory, login):
    unit = factory.unit(code="CĐS")
    consultation = factory.consultation(unit=unit)
    drafter = factory.drafter(unit)
    login(factory.admin())
    response = client.post(
        f"/admin/units/{unit.id}",
        data=_unit_form(place="Đà Nẵng", signer_title="TL. BỘ TRƯỞNG\r\nCỤC TRƯỞNG", signer_name="Lê Thị Hoa"),
    )
    assert response.status_code == 302
    team = login(drafter, the_client=client.application.test_client())
    letter = team.get(f"/consultations/{consultation.id}/reminder-letter.docx")
    assert letter.status_code == 200
    document = docx.Document(io.BytesIO(letter.data))
    closing = [paragraph.text for cell in document.tables[1].rows[0].cells for paragraph in cell.paragraphs]
    assert closing[-1] == "Lê Thị Hoa"
    assert "TL. BỘ TRƯỞNG" in closing and "CỤC TRƯỞNG" in closing and "Nguyễn Văn An" not in closing
    heading = [paragraph.text for cell in document.tables[0].rows[0].cells for paragraph in cell.paragraphs]
    assert any(line.startswith("Đà Nẵng, ngày") for line in heading)
