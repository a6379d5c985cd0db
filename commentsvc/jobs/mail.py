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
