"""The administrator's pages: refused to everybody else, and what they do."""

from __future__ import annotations

import pytest

from commentsvc.accounts.models import Role, User
from commentsvc.core.audit import AuditEntry

ADMIN_PAGES = ["/admin/users", "/admin/users/new", "/admin/audit", "/agencies/new", "/agencies/import"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
@pytest.mark.parametrize("role", [Role.AGENCY, Role.DRAFTER])
def test_non_admins_get_403(client, factory, login, path, role):
    login(factory.user(role))
    assert client.get(path).status_code == 403
    if path != "/admin/users" and path != "/admin/audit":
        assert client.post(path, data={}).status_code == 403


def test_admin_creates_an_agency_member_who_can_log_in(client, factory, login, db):
    agency = factory.agency(code="BTP", name="Bộ Tư pháp")
    login(factory.admin())
    response = client.post(
        "/admin/users/new",
        data={
            "username": "Canbo.BTP",
            "full_name": "Lê Văn Cường",
            "email": "c@example.com",
            "role": "agency",
            "agency_id": agency.id,
            "drafting_unit_id": 0,
            "can_submit": "y",
            "is_active": "y",
            "password": "mat-khau-ban-dau-1",
        },
    )
    assert response.status_code == 302
    user = db.session.query(User).filter_by(username="canbo.btp").one()
    assert user.agency_id == agency.id and user.can_submit and user.role is Role.AGENCY
    assert db.session.query(AuditEntry).filter_by(action="user.create", object_id=user.id).count() == 1
    fresh = client.application.test_client()
    assert (
        fresh.post(
            "/login",
            data={
                "username": "canbo.btp",
                "password": "mat-khau-ban-dau-1",
                "csrf_token": fresh.csrf_token(),
            },
        ).status_code
        == 302
    )


def test_agency_member_needs_an_agency(client, factory, login, db):
    login(factory.admin())
    response = client.post(
        "/admin/users/new",
        data={
            "username": "x",
            "full_name": "X",
            "role": "agency",
            "agency_id": 0,
            "drafting_unit_id": 0,
            "password": "mat-khau-ban-dau-1",
        },
    )
    assert response.status_code == 400
    assert "Cán bộ cơ quan phải thuộc một cơ quan." in response.get_data(as_text=True)


def test_admin_resets_a_password(client, factory, login, db):
    member = factory.member()
    login(factory.admin())
    response = client.post(f"/admin/users/{member.id}/password", data={"new_password": "mat-khau-moi-98765"})
    assert response.status_code == 302
    fresh = client.application.test_client()
    assert (
        fresh.post(
            "/login",
            data={
                "username": member.username,
                "password": "mat-khau-moi-98765",
                "csrf_token": fresh.csrf_token(),
            },
        ).status_code
        == 302
    )


def test_short_password_is_refused(client, factory, login):
    member = factory.member()
    login(factory.admin())
    response = client.post(f"/admin/users/{member.id}/password", data={"new_password": "ngan"})
    assert response.status_code == 400


def test_deactivated_account_is_logged_out(app, client, factory, login):
    member = factory.member()
    member_client = app.test_client()
    login(member, the_client=member_client)
    login(factory.admin())
    response = client.post(
        f"/admin/users/{member.id}",
        data={
            "full_name": member.full_name,
            "email": "",
            "role": "agency",
            "agency_id": member.agency_id,
            "drafting_unit_id": 0,
        },
    )
    assert response.status_code == 302
    assert member_client.get("/").status_code == 302


def test_audit_log_lists_actions(client, factory, login):
    login(factory.admin())
    factory.member()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "user.create" in page
