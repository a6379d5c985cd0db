"""Login, logout, password change, throttling, CSRF and role checks through HTTP."""

from __future__ import annotations

import re

from argon2 import PasswordHasher

from commentsvc.accounts.models import LoginAttempt, User

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
