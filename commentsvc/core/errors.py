"""User-facing errors: a Vietnamese message and an HTTP status, never a stack trace."""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; ``message`` is shown as is (Vietnamese).

    ``field`` names the form field the message belongs beside (``"deadline_date"``): when a POST is refused, the page
    holding the form is shown again with the typed input and the message there (see :mod:`commentsvc.core.refusals`).
    """

    status = 400

    def __init__(self, message: str, status: int | None = None, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status


class NotAllowed(UserError):
    status = 403


class Conflict(UserError):
    """The request was valid but the data's state refuses it: the message says what happened and what to do."""

    status = 409
