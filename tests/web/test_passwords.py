"""The password policy (NIST SP 800-63B): length, no common or breached password, none of the account's own names."""

from __future__ import annotations

import pytest

from commentsvc.accounts import passwords
from commentsvc.accounts.models import User
from commentsvc.core.errors import UserError
from tests.conftest import PASSWORD

COMMON = "Mật khẩu này nằm trong danh sách mật khẩu phổ biến"


def _create(client, agency, username: str, password: str, full_name: str = "Lê Văn Cường"):
    return client.post(
        "/admin/users/new",
        data={
            "username": username,
            "full_name": full_name,
            "email": "",
            "role": "agency",
            "agency_id": agency.id,
            "drafting_unit_id": 0,
            "is_active": "y",
            "password": password,
        },
    )


def test_common_passwords_are_refused(client, factory, login, db):
    agency = factory.agency(code="BTP", name="Bộ Tư pháp")
    login(factory.admin())
    for password in ("1234567890", "password12", "Password123", "qwertyuiop", "iloveyou12"):
        response = _create(client, agency, "canbo.btp", password)
        assert response.status_code == 400, password
        assert COMMON in response.get_data(as_text=True)
    for password, why in (
        ("canbo.btp2026", "tên đăng nhập"),  # the username itself
        ("BoTuPhap-2026!", "tên cơ quan"),  # the agency's name, diacritics and spaces aside
        ("levancuong1985", "họ tên"),
        ("aaaaaaaaaaaa", "quá ít ký tự khác nhau"),
    ):
        page = _create(client, agency, "canbo.btp", password).get_data(as_text=True)
        assert why in page, password
    assert db.session.query(User).filter_by(username="canbo.btp").count() == 0
    # No composition rules: a long lower-case passphrase is fine, as is the tests' own password.
    assert _create(client, agency, "canbo.btp", "ngay mai troi lai sang").status_code == 302
    assert _create(client, agency, "canbo.btp2", PASSWORD).status_code == 302


def test_a_new_password_follows_the_policy_too(client, factory, login):
    user = factory.member()
    login(user)
    form = {"current_password": PASSWORD, "new_password": "password123", "confirm": "password123"}
    response = client.post("/account/password", data=form)
    assert response.status_code == 400 and COMMON in response.get_data(as_text=True)
    mine = f"{user.username}-moi-nhe"
    response = client.post("/account/password", data={**form, "new_password": mine, "confirm": mine})
    assert response.status_code == 400 and "tên đăng nhập" in response.get_data(as_text=True)


def test_the_shipped_list_is_the_real_one():
    common = passwords.common_passwords()
    assert len(common) > 19_000 and {"123456", "password", "1234567890", "qwerty123"} <= common
    assert passwords.COMMON_PASSWORDS_FILE.with_suffix("").with_suffix(".LICENSE").exists()
    with pytest.raises(UserError):
        passwords.check_strength("Nguyễn Văn An 1980", personal=["nguyen van an"])
    passwords.check_strength("mot buoi sang dep troi", personal=["BTP", "an"])  # short names do not count
