"""Known devices: a signed cookie, set at a successful login, naming the accounts this browser signed in to.

It does not log anybody in; it only lets the owner's usual browser skip the per-address throttling (see
`throttling.py`), so guesses from other addresses cannot lock the owner out. The cookie travels only to /login.
"""

from __future__ import annotations

import secrets

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "known_device"
MAX_AGE = 180 * 24 * 3600  # seconds; a browser unused for half a year is a stranger again
MAX_ACCOUNTS = 5  # a shared office computer remembers this many accounts, the latest ones


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def _read() -> dict[str, str]:
    value = request.cookies.get(COOKIE, "")
    if not value:
        return {}
    try:
        devices = _serializer().loads(value, max_age=MAX_AGE)
    except BadSignature:
        return {}
    if not isinstance(devices, dict):
        return {}
    return {str(name): str(device) for name, device in devices.items()}


def device_of(username: str) -> str | None:
    """This browser's device id for the account, when it signed in to it before."""
    return _read().get(username.strip().lower())


def remember(response: Response, username: str) -> None:
    devices = _read()
    device = devices.pop(username, None) or secrets.token_urlsafe(12)
    devices[username] = device  # last: the most recent account survives the trimming below
    devices = dict(list(devices.items())[-MAX_ACCOUNTS:])
    response.set_cookie(
        COOKIE,
        _serializer().dumps(devices),
        max_age=MAX_AGE,
        path="/login",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
