"""Login throttling rules. Pure: counts in, a decision out.

Failures are counted per (account, address) and per address. A guesser from one address is slowed quickly; an account
is only blocked for everyone after many failures from many addresses, and only for the window, so an attacker cannot
lock a real agency out for long.
"""

from __future__ import annotations

from datetime import timedelta

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT_AND_ADDRESS = 5
MAX_PER_ADDRESS = 30
MAX_PER_ACCOUNT = 100


def is_throttled(*, account_and_address: int, address: int, account: int) -> bool:
    return (
        account_and_address >= MAX_PER_ACCOUNT_AND_ADDRESS or address >= MAX_PER_ADDRESS or account >= MAX_PER_ACCOUNT
    )
