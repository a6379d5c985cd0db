"""Forms that never lose what was typed.

A view validates its form (``form.validate_on_submit()``) and calls one operation; an operation refuses with
:class:`~commentsvc.core.errors.UserError`, naming the field when there is one. When that happens during a POST,
:func:`page_again` shows the page that holds the form again, in the same response and with the refusal's status: it
calls the page's own view, whose forms are built from the submitted data (so everything typed is still there), and
:class:`Form` puts the message beside its field. ``validate_on_submit()`` is false during that second call, so the
page's view only renders. A message that names no field of the page is shown at the top of the page.

The page is found without any view declaring it: the GET view of the same address (a page posting to itself), else
the page the form was sent from (``Referer``, same host), else the nearest parent address with a GET view
(``/consultations/5/open`` → ``/consultations/5``).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import current_app, g, request
from flask_wtf import FlaskForm
from werkzeug.exceptions import HTTPException

from commentsvc.core.errors import UserError

log = logging.getLogger(__name__)

#: Refusals shown on the form again; others (403, 404, 429…) keep their error page.
FORM_STATUSES = {400, 409, 413, 422}


class Form(FlaskForm):
    """Every form of the service: a refusal of the submission it carries is shown beside the field it names."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._show_refusal()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        self._show_refusal()  # validate() empties every field's errors
        return valid and current_refusal() is None

    def _show_refusal(self) -> None:
        refusal = current_refusal()
        if refusal is None or not self.is_submitted() or refusal.field not in self._fields:
            return
        if refusal.field == self.meta.csrf_field_name:  # not a field anyone typed: the page's top says it
            return
        errors = self._fields[refusal.field].errors
        if not isinstance(errors, list):  # a tuple before the first validation
            errors = self._fields[refusal.field].errors = list(errors)
        if refusal.message not in errors:
            errors.append(refusal.message)
        g.refusal_placed = True


def current_refusal() -> UserError | None:
    return g.get("refusal")


def unplaced_refusal() -> str | None:
    """The refusal's message when no field of the page holds it (the page shows it at its top)."""
    refusal = current_refusal()
    return None if refusal is None or g.get("refusal_placed") else refusal.message


def page_again(error: UserError):
    """The response showing the form again with ``error`` in it, or None when there is no page to show it on."""
    if request.method != "POST" or error.status not in FORM_STATUSES or current_refusal() is not None:
        return None
    for endpoint, args in _form_pages():
        g.refusal, g.refusal_placed = error, False
        try:
            response = current_app.make_response(current_app.view_functions[endpoint](**args))
        except (UserError, HTTPException) as again:
            log.info("The page %s cannot show the refusal again: %s", endpoint, again)
            continue
        finally:
            g.refusal = None
        if response.status_code < 300 or response.status_code >= 400:
            response.status_code = error.status
            return response
    return None


def _form_pages():
    """(endpoint, view arguments) of the pages that may hold the refused form, best first."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    paths = [request.path]
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        paths.append(referrer.path)
    parts = request.path.rstrip("/").split("/")
    paths += ["/".join(parts[:end]) or "/" for end in range(len(parts) - 1, 1, -1)]
    seen = set()
    for path in paths:
        try:
            endpoint, args = adapter.match(path, method="GET")
        except HTTPException:
            continue
        if (endpoint, tuple(sorted(args.items()))) not in seen and endpoint != "static":
            seen.add((endpoint, tuple(sorted(args.items()))))
            yield endpoint, args
