"""Login throttling rules. Pure: counts in, a decision out.

An attacker must not be able to turn throttling against an account's owner, so nothing here ever blocks an account for
everyone:
- an address that guessed an account's password 5 times is refused for that account (only that address);
- an address that failed 30 times across accounts is refused (one address spraying many accounts), except for a
  browser the account already signed in from;
- a known device (a browser that signed in to the account before and carries the signed cookie of
  `known_devices.py`) is judged on its own failures alone: addresses and the account's total do not count, so the owner
  signs in from their usual browser while strangers guess elsewhere.
The account's failures from all addresses are only counted for the administrator to see (accounts page).
"""

from __future__ import annotations

from datetime import timedelta

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT_AND_ADDRESS = 5
MAX_PER_ADDRESS = 30
MAX_PER_DEVICE = 5


def is_throttled(*, account_and_address: int, address: int, device: int | None = None) -> bool:
    """`device`: the failures of this account's known device presenting itself, or None for an unknown browser."""
    if device is not None:
        return device >= MAX_PER_DEVICE
    return account_and_address >= MAX_PER_ACCOUNT_AND_ADDRESS or address >= MAX_PER_ADDRESS
