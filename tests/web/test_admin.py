"""The administrator's pages: refused to everybody else, and what they do."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from commentsvc.accounts.models import Role, User
from commentsvc.core import audit
from commentsvc.core.audit import AuditEntry
from commentsvc.core.views import AUDIT_PAGE_SIZE
from commentsvc.responses.models import Comment
from tests.web.test_responses import comment, url

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
    member = factory.member()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Tạo tài khoản" in page and f"Tên đăng nhập: {member.username}" in page
    assert '{"' not in page  # labels, not JSON


def test_the_audit_log_never_shows_unsent_comment_text(app, client, factory, login, db):
    agency = factory.agency()
    consultation = factory.consultation(agencies=[agency])
    member = factory.member(agency)
    agency_client = app.test_client()
    login(member, the_client=agency_client)
    secret = "Ý kiến nháp chưa gửi: không ai ngoài cơ quan được đọc"
    comment(agency_client, consultation, None, secret)
    saved = db.session.scalar(sa.select(Comment))
    comment_id = saved.id
    agency_client.post(url(consultation, f"/comments/{saved.id}"), data={"text": secret + " (sửa)", "version": 1})
    assert (
        agency_client.post(url(consultation, f"/comments/{comment_id}/delete"), data={"version": 2}).status_code == 303
    )
    deleted = db.session.query(AuditEntry).filter_by(action="reply.comment_delete").one()
    assert "nháp" not in deleted.details and deleted.object_id == comment_id
    # An entry written before this rule still holds text: the page leaves it out too.
    db.session.add(
        AuditEntry(
            action="reply.comment_delete",
            object_type="Comment",
            object_id=comment_id,
            details=f'{{"text": "{secret}"}}',
        )
    )
    db.session.commit()
    login(factory.admin())
    page = client.get("/admin/audit?action=reply.").get_data(as_text=True)
    assert "Xóa ý kiến (chưa gửi)" in page and "Thêm ý kiến (chưa gửi)" in page and f"Ý kiến số {comment_id}" in page
    assert "nháp" not in page


def test_the_audit_log_pages(client, factory, login, db):
    admin = factory.admin()
    unit = factory.unit()
    for number in range(AUDIT_PAGE_SIZE + 5):
        audit.record("unit.update", unit, user=admin, code=f"M{number}")
    db.session.commit()
    login(admin)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "trang 1/2" in first and "M104" in first and "M3<" not in first and 'rel="next"' in first
    last = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "M3<" in last and 'rel="prev"' in last
    assert client.get("/admin/audit?page=99999999999999999999999").status_code == 200  # the last page
