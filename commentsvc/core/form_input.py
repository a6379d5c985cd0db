"""Form bodies the views can trust to be text: UTF-8 (otherwise a 400 in Vietnamese), without control characters.

Werkzeug decodes forms leniently: a byte that is not UTF-8 becomes U+FFFD in a multipart field, stays "%FF" when
percent-escaped, and empties the whole form (a misleading CSRF error) when sent raw. :class:`FormRequest` checks the
body strictly and raises :class:`UnicodeDecodeError`, which the error pages turn into a 400; a multipart body is
parsed a second time only when a field came out with U+FFFD, so large uploads pay nothing. Then it removes control
characters from every field (:func:`commentsvc.core.controls.without_controls`), so no view stores one. Uploaded
files are left as they are: their content is checked where they are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl

from flask import Flask, Request
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from commentsvc.core.controls import without_controls

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class FormRequest(Request):
    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        mimetype = self.mimetype if self.want_form_data_parsed else ""
        if mimetype == URLENCODED:
            _check_urlencoded(self.get_data(cache=True))
        elif mimetype == MULTIPART:
            self.get_data(cache=True)  # kept, to tell a typed U+FFFD from a byte Werkzeug replaced by one
        super()._load_form_data()
        if mimetype == MULTIPART and any("\ufffd" in value for _, value in self.form.items(multi=True)):
            _check_multipart(self.get_data(cache=True), self.mimetype_params.get("boundary", ""))
        self.__dict__["form"] = self.parameter_storage_class(
            (name, without_controls(value)) for name, value in self.form.items(multi=True)
        )


def _check_urlencoded(body: bytes) -> None:
    """Raise UnicodeDecodeError unless the body and every percent-escaped value in it are UTF-8."""
    parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")


def _check_multipart(body: bytes, boundary: str) -> None:
    """Raise UnicodeDecodeError unless every non-file field of the body is UTF-8 (parsed again: only when needed)."""
    for value in _field_values(body, boundary.encode("latin-1")):
        value.decode("utf-8")


def _field_values(body: bytes, boundary: bytes) -> Iterator[bytes]:
    """The bytes of each non-file field; a malformed body yields what it can (Werkzeug's parser judges the rest)."""
    decoder = MultipartDecoder(boundary)
    decoder.receive_data(body)
    decoder.receive_data(None)
    chunks: list[bytes] | None = None
    while True:
        try:
            event = decoder.next_event()
        except ValueError:
            return
        if isinstance(event, Epilogue | NeedData):
            return
        if isinstance(event, Field):
            chunks = []
        elif isinstance(event, File):
            chunks = None
        elif isinstance(event, Data) and chunks is not None:
            chunks.append(event.data)
            if not event.more_data:
                yield b"".join(chunks)


def init_app(app: Flask) -> None:
    app.request_class = FormRequest
