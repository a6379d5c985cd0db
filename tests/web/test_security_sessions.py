"""Login sessions: renewed at login, ended by logout and password changes even when an old cookie is replayed,
ended after SESSION_IDLE_MINUTES without a request, and a Secure cookie in production.

The session is Flask's signed cookie, so "ending" one cannot rely on the browser forgetting it: a copy of the cookie
taken before is replayed from another client and must get the login page. (test_auth.py covers the form itself,
HttpOnly/SameSite, and a password change ending the sessions of other browsers.)
"""

from __future__ import annotations

import pytest
from itsdangerous.timed import TimestampSigner

from commentsvc import create_app
from commentsvc.extensions import db as the_db
from tests.conftest import PASSWORD
from tests.web.security_helpers import add_admin

NEW_PASSWORD = "mat-khau-moi-12345"


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def replay(app, cookie: str):
    """A fresh client that only has a copy of ``cookie``, as an attacker who copied it would."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def sent_to_login(response) -> bool:
    return response.status_code in (302, 303) and response.headers["Location"].startswith("/login")


@pytest.fixture
def user(factory):
    return factory.drafter()


# --- renewed at login ---------------------------------------------------------------------------------------------


def test_nothing_of_the_session_before_login_survives_it(client, login, user):
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "giá trị do kẻ tấn công cài sẵn"
        token_before = session["csrf_token"]
    before = session_cookie(client)
    login(user)
    assert session_cookie(client) != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("csrf_token") != token_before  # a new CSRF token is made for the new session
        assert session["_user_id"] == user.get_id()
    assert client.get_cookie("remember_token") is None  # no second, longer-lived way back in


def test_the_cookie_from_before_login_is_not_signed_in(app, client, login, user):
    client.get("/login")
    before = session_cookie(client)
    login(user)
    assert client.get("/").status_code == 200
    assert sent_to_login(replay(app, before).get("/"))


# --- ended at logout and on password changes ----------------------------------------------------------------------


def test_a_cookie_replayed_after_logout_gets_the_login_page(app, client, login, user):
    login(user)
    copied = session_cookie(client)
    assert replay(app, copied).get("/").status_code == 200  # the copy works while the session lives
    response = client.post("/logout", data={})
    assert sent_to_login(response)
    assert sent_to_login(replay(app, copied).get("/"))
    assert sent_to_login(replay(app, copied).get("/drafts/"))
    assert replay(app, copied).post("/account/password", data={}).status_code in (302, 400)  # never a signed-in 200


def test_logging_in_again_after_logout_works(client, login, user):
    login(user)
    client.post("/logout", data={})
    login(user)
    assert client.get("/").status_code == 200


def test_the_cookie_from_before_a_password_change_is_refused(app, client, login, user):
    login(user)
    copied = session_cookie(client)
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # the browser that changed it stays signed in, with a new cookie
    assert session_cookie(client) != copied
    assert sent_to_login(replay(app, copied).get("/"))


def test_an_administrators_reset_ends_the_users_sessions(app, client, login, factory, user):
    signed_in = login(user, the_client=app.test_client())
    login(factory.admin())
    response = client.post(f"/admin/users/{user.id}/password", data={"new_password": NEW_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert sent_to_login(signed_in.get("/"))


# --- idle timeout -------------------------------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """Moves the time the session cookie's signature is made and checked at (Flask's idle timeout)."""

    class Clock:
        offset = 0

        def advance(self, *, minutes: float) -> None:
            self.offset += int(minutes * 60)

    clock = Clock()
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda signer: real(signer) + clock.offset)
    return clock


def test_the_idle_timeout_is_the_configured_minutes(app):
    assert app.config["PERMANENT_SESSION_LIFETIME"] == 60 * 60  # SESSION_IDLE_MINUTES, default 60


def test_an_idle_session_is_sent_back_to_login(app, client, login, user, clock):
    login(user)
    clock.advance(minutes=59)
    assert client.get("/").status_code == 200
    clock.advance(minutes=61)
    response = client.get("/drafts/")
    assert sent_to_login(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Vui lòng đăng nhập để tiếp tục." in page


def test_activity_keeps_the_session_alive(client, login, user, clock):
    login(user)
    for _ in range(4):  # four hours of work, a request every 50 minutes
        clock.advance(minutes=50)
        assert client.get("/").status_code == 200


def test_a_copied_cookie_expires_on_the_server_even_if_a_client_keeps_it(app, client, login, user, clock):
    login(user)
    copied = session_cookie(client)
    clock.advance(minutes=61)
    assert sent_to_login(replay(app, copied).get("/"))


def test_a_shorter_idle_timeout_from_the_environment(monkeypatch, app_config, clock):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", "15")
    app = create_app(app_config)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == 15 * 60
    client = signed_in_client(app)
    clock.advance(minutes=14)
    assert client.get("/").status_code == 200
    clock.advance(minutes=16)
    assert sent_to_login(client.get("/"))
    dispose(app)


# --- the cookie in production ------------------------------------------------------------------------------------


def signed_in_client(app):
    """A client of ``app`` signed in as a new administrator (without the password form: no argon2 cost)."""
    user_id = add_admin(app, "canbo", "Cán bộ")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
    return client


def dispose(app) -> None:
    with app.app_context():
        the_db.engine.dispose()


def test_production_sets_a_secure_cookie(monkeypatch, app_config):
    monkeypatch.setenv("COMMENTSVC_ENV", "production")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    production = create_app(app_config)
    assert production.config["SESSION_COOKIE_SECURE"] is True
    response = signed_in_client(production).get("/", base_url="https://localhost")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    dispose(production)


def test_development_cookie_is_not_marked_secure(app):
    assert app.config["SESSION_COOKIE_SECURE"] is False  # plain http://127.0.0.1:5000 must keep working
