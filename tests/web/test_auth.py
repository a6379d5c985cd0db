"""Login, logout, password change, throttling, CSRF and role checks through HTTP."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher

from commentsvc.accounts.models import LoginAttempt, User
from tests.conftest import PASSWORD

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


def test_anonymous_is_sent_to_login(client):
    response = client.get("/agencies/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_page_is_vietnamese_and_has_labels(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert re.search(r'<label for="username">Tên đăng nhập</label>', page)
    assert re.search(r'<label for="password">Mật khẩu</label>', page)


def test_login_then_home_then_logout(client, factory, login):
    user = factory.drafter()
    login(user)
    home = client.get("/")
    assert home.status_code == 200
    assert user.full_name in home.get_data(as_text=True)
    assert home.headers["Cache-Control"] == "no-store"
    client.post("/logout", data={})
    assert client.get("/").status_code == 302


def test_same_message_for_unknown_user_and_wrong_password(client, factory):
    user = factory.drafter()
    unknown = client.post("/login", data={"username": "khong-co-ai", "password": "sai-mat-khau-1234"})
    wrong = client.post("/login", data={"username": user.username, "password": "sai-mat-khau-1234"})
    assert unknown.status_code == wrong.status_code == 401
    assert WRONG in unknown.get_data(as_text=True)
    assert WRONG in wrong.get_data(as_text=True)


def test_over_long_password_is_refused_like_a_wrong_one(client, factory):
    user = factory.drafter()
    response = client.post("/login", data={"username": user.username, "password": "x" * 100_000})
    assert response.status_code == 401
    assert WRONG in response.get_data(as_text=True)


def test_passwords_are_argon2id_and_older_hashes_are_remade_at_login(client, factory, db):
    user = factory.drafter()
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    # An account hashed with argon2-cffi's heavier default (64 MiB, 3 passes, 4 lanes), as earlier versions did.
    user.password_hash = PasswordHasher().hash("mat-khau-thu-nghiem-1")
    db.session.commit()
    assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    wrong = client.post("/login", data={"username": user.username, "password": "sai-mat-khau-1234"})
    assert wrong.status_code == 401
    assert db.session.get(User, user.id).password_hash.startswith("$argon2id$v=19$m=65536,")  # not on a failure
    response = client.post("/login", data={"username": user.username, "password": "mat-khau-thu-nghiem-1"})
    assert response.status_code == 302
    db.session.expire_all()
    remade = db.session.get(User, user.id).password_hash
    assert remade.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    client.post("/logout", data={})
    again = client.post("/login", data={"username": user.username, "password": "mat-khau-thu-nghiem-1"})
    assert again.status_code == 302


def test_post_without_csrf_token_is_refused(client, factory, login):
    user = factory.drafter()
    response = client.post("/login", data={"username": user.username, "password": "mat-khau-thu-nghiem-1"}, csrf=False)
    assert response.status_code == 400
    assert "biểu mẫu không hợp lệ" in response.get_data(as_text=True)
    login(user)
    assert client.post("/logout", data={}, csrf=False).status_code == 400
    assert client.get("/").status_code == 200  # still logged in


def test_throttling_is_per_account_and_address(client, factory, db):
    victim = factory.drafter()
    for _ in range(5):
        client.post("/login", data={"username": victim.username, "password": "sai-mat-khau-1234"})
    blocked = client.post("/login", data={"username": victim.username, "password": "mat-khau-thu-nghiem-1"})
    assert blocked.status_code == 429
    assert "quá nhiều lần" in blocked.get_data(as_text=True)
    # The real user from another address is not locked out by the attacker.
    other = client.post(
        "/login",
        data={"username": victim.username, "password": "mat-khau-thu-nghiem-1"},
        environ_base={"REMOTE_ADDR": "10.1.2.3"},
    )
    assert other.status_code == 302
    # Another account from the attacker's address still works.
    bystander = factory.drafter()
    ok = client.post("/login", data={"username": bystander.username, "password": "mat-khau-thu-nghiem-1"})
    assert ok.status_code == 302
    assert db.session.query(LoginAttempt).count() == 5


def _try(client, username, password, address):
    return client.post(
        "/login", data={"username": username, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_attacker_cannot_lock_out_the_account_owner(app, client, factory, login, db):
    owner = factory.member()
    usual_browser = app.test_client()
    assert _try(usual_browser, owner.username, PASSWORD, "203.0.113.7").status_code == 302  # signed in before
    usual_browser.post("/logout", data={})
    attacker = app.test_client()
    for n in range(21):  # 21 addresses, 5 wrong guesses each
        for _ in range(5):
            assert _try(attacker, owner.username, "doan-mo-12345", f"198.51.100.{n}").status_code == 401
    # Each guessing address is refused now, even with the right password ...
    assert _try(attacker, owner.username, PASSWORD, "198.51.100.3").status_code == 429
    # ... but the owner signs in from a new address, and from the usual browser even behind a guessing address.
    assert _try(app.test_client(), owner.username, PASSWORD, "192.0.2.50").status_code == 302
    assert _try(usual_browser, owner.username, PASSWORD, "198.51.100.4").status_code == 302
    # A neighbour behind the same address as a guesser signs in to their own account.
    neighbour = factory.member()
    assert _try(app.test_client(), neighbour.username, PASSWORD, "198.51.100.3").status_code == 302

    # The administrator sees the guessing addresses on the account's page and can lift the block.
    admin = factory.admin()
    login(admin)
    # The list shows who is being guessed: 105 failures, less the 5 of the address the owner then signed in from.
    assert "100 lần" in client.get("/admin/users").get_data(as_text=True)
    page = client.get(f"/admin/users/{owner.id}").get_data(as_text=True)
    assert "198.51.100.3" in page and "đang bị chặn" in page
    assert client.post(f"/admin/users/{owner.id}/login-failures", data={}).status_code == 302
    assert db.session.query(LoginAttempt).filter_by(username=owner.username).count() == 0
    assert _try(attacker, owner.username, PASSWORD, "198.51.100.3").status_code == 302


def test_a_known_device_is_throttled_on_its_own_failures(app, client, factory):
    owner = factory.drafter()
    browser = app.test_client()
    assert _try(browser, owner.username, PASSWORD, "203.0.113.7").status_code == 302
    browser.post("/logout", data={})
    for _ in range(5):
        assert _try(browser, owner.username, "sai-mat-khau-1234", "203.0.113.8").status_code == 401
    assert _try(browser, owner.username, PASSWORD, "203.0.113.9").status_code == 429
    # A forged or foreign cookie is just an unknown browser.
    stranger = app.test_client()
    stranger.set_cookie("known_device", "forged.value", path="/login")
    assert _try(stranger, owner.username, PASSWORD, "203.0.113.10").status_code == 302


def test_change_password_renews_session_and_drops_others(app, client, factory, login):
    user = factory.drafter()
    login(user)
    other = app.test_client()
    login(user, the_client=other)
    response = client.post(
        "/account/password",
        data={
            "current_password": "mat-khau-thu-nghiem-1",
            "new_password": "mat-khau-moi-12345",
            "confirm": "mat-khau-moi-12345",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert other.get("/").status_code == 302  # the other session ended
    assert client.post("/login", data={"username": user.username, "password": "mat-khau-moi-12345"}).status_code in (
        302,
    )


def test_change_password_refuses_wrong_current(client, factory, login):
    login(factory.drafter())
    response = client.post(
        "/account/password",
        data={
            "current_password": "khong-dung-12345",
            "new_password": "mat-khau-moi-12345",
            "confirm": "mat-khau-moi-12345",
        },
    )
    assert response.status_code == 400
    assert "Mật khẩu hiện tại không đúng." in response.get_data(as_text=True)


def test_session_cookie_flags(client, factory):
    user = factory.drafter()
    response = client.post("/login", data={"username": user.username, "password": "mat-khau-thu-nghiem-1"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_open_redirect_after_login_is_refused(client, factory):
    user = factory.drafter()
    response = client.post(
        "/login?next=//evil.example/x", data={"username": user.username, "password": "mat-khau-thu-nghiem-1"}
    )
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target", ["/drafts%0d%0aSet-Cookie:%20x=1", "/drafts%0a", "/%09/evil.example", "/\\evil.example"]
)
def test_a_bad_next_target_is_ignored_after_login(client, factory, target):
    user = factory.drafter()
    response = client.post(f"/login?next={target}", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "x=1" not in str(response.headers)


def test_a_good_next_target_is_kept(client, factory):
    user = factory.drafter()
    response = client.post("/login?next=/drafts?page=2", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/drafts?page=2"
