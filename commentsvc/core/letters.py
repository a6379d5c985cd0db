"""Rules every official letter follows, whoever sends it (the team's request, an agency's reply)."""

from __future__ import annotations

from datetime import date, datetime

from commentsvc.core.clock import to_local
from commentsvc.core.errors import UserError


def check_letter_date(letter_date: date | None, sent_at: datetime, *, then: str = "") -> None:
    """A letter is not dated after the day it is sent (in Vietnam's time): a later date is a typing mistake."""
    sent_on = to_local(sent_at).date()
    if letter_date is not None and letter_date > sent_on:
        raise UserError(
            f"Ngày văn bản ({letter_date:%d/%m/%Y}) muộn hơn ngày gửi ({sent_on:%d/%m/%Y}): "
            f"văn bản không thể ký sau khi gửi. Hãy sửa ngày văn bản{then}.",
            field="letter_date",
        )
