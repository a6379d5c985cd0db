"""Response headers, session lifetime and the login-session link, in one place."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:  # the client's address and scheme as the proxy saw them, for HSTS and login throttling
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    app.after_request(add_security_headers)
    app.before_request(_refresh_session)


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    # Signed in, read from the session rather than current_user: after a view's commit the user row is expired, and
    # asking it would read it again on every response.
    if "_user_id" in session:
        response.headers["Cache-Control"] = "no-store"
    return response


def is_cross_site() -> bool:
    """True when another site made the browser send this request (a link or an image on a foreign page).

    The few GET pages that record something (an agency's first opening of a consultation) skip the recording then, so
    a cross-site link cannot write it. Browsers send Sec-Fetch-Site; without it, a Referer from another host counts.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "cross-site"
    referrer = request.referrer
    return bool(referrer) and urlsplit(referrer).netloc not in ("", request.host)


def _refresh_session() -> None:
    # A permanent session expires after PERMANENT_SESSION_LIFETIME without a request: the idle timeout.
    session.permanent = True
