"""Mail sent by the queue's worker, retried with backoff: shared by consultations' and report requests' e-mails.

Each kind of e-mail keeps its own rows (a status, the attempts counted, the last error shown on its board) and its
own ``deliver_one(id)`` that claims the row, sends it and commits the outcome; this module decides when a failed
one is tried again: after RETRY_DELAYS, until MAX_ATTEMPTS in all, then it waits for the team's "Gửi lại".
"""

from __future__ import annotations

from collections.abc import Callable

MAX_ATTEMPTS = 5
# Seconds before the queue tries a failed e-mail again, after its 1st, 2nd, 3rd and 4th attempt.
RETRY_DELAYS = (60, 300, 900, 3600)


def retry_delay(attempts: int) -> int:
    """Seconds to wait before the next attempt of an e-mail that has failed ``attempts`` times."""
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def send_with_backoff(task, item_id: int, deliver_one: Callable[[int], int | None]) -> None:
    """Run ``deliver_one`` (the attempts counted when the e-mail failed, None when sent or not to be sent) and, after
    a failure with attempts left, schedule ``task`` for the same row later."""
    attempts = deliver_one(item_id)
    if attempts is not None and attempts < MAX_ATTEMPTS:
        task.schedule((item_id,), delay=retry_delay(attempts))


def split_addresses(addresses: str) -> list[str]:
    return [address.strip() for address in addresses.split(",") if address.strip()]


def requeue_failed_of(model, recipient, current_addresses: list[str], *, user, action: str) -> list:
    """Every FAILED e-mail (``model``: Reminder or ReportReminder) of one recipient put back in the queue by
    :func:`requeue`, each audited (``action``) with the attempts and the error it had."""
    import sqlalchemy as sa

    from commentsvc.core import audit
    from commentsvc.core.db import db
    from commentsvc.core.model_mixins import MailStatus

    failed = sa.select(model).where(model.recipient_id == recipient.id, model.status == MailStatus.FAILED)
    rows = list(db.session.scalars(failed.order_by(model.id)))
    for row in rows:
        audit.record(
            action, row, user=user, agency=recipient.agency, step=row.step, attempts=row.attempts, error=row.last_error
        )
        requeue(row, current_addresses)
    return rows


def requeue(row, current_addresses: list[str]) -> None:
    """The team's "Gửi lại" of one FAILED e-mail row (MailColumns): back to PENDING with no attempts counted, to the
    addresses that have not had it yet, unless none of them is the agency's any more (its address was corrected
    since the failure): then to the agency's addresses as they are now."""
    from commentsvc.core.model_mixins import MailStatus

    known = {address.lower() for address in current_addresses}
    still = [address for address in split_addresses(row.to_address) if address.lower() in known]
    row.status, row.attempts, row.last_error = MailStatus.PENDING, 0, ""
    row.to_address = ", ".join(still or current_addresses)
