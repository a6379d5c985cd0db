"""User-facing errors: a Vietnamese message and an HTTP status, never a stack trace."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; ``message`` is shown as is (Vietnamese)."""

    status = 400

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NotAllowed(UserError):
    status = 403


class Conflict(UserError):
    status = 409
