"""Builders shared by the tracking, reminder and closing tests: a real local SMTP server and the demo directory."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from commentsvc.agencies.models import Agency
from commentsvc.config import ROOT
from commentsvc.core.clock import now_utc

DIRECTORY = ROOT / "data" / "agencies.csv"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    """An aiosmtpd handler that keeps every message and answers 550 for the addresses in ``refuse``."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refuse: set[str] = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def delivered_to(self, address: str) -> list[EmailMessage]:
        return [message for rcpts, message in self.messages if address in rcpts]


class SmtpServer:
    """A real SMTP server on 127.0.0.1 that a test can stop and start again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@contextmanager
def smtp_for(app, base_url: str) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) wired into the app's configuration; reminders link to ``base_url``."""
    server = SmtpServer()
    server.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_SENDER="gopy@example.gov.vn", BASE_URL=base_url
    )
    try:
        yield server
    finally:
        server.stop()


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def import_directory(runner) -> list[Agency]:
    """Import data/agencies.csv with the real command; give every agency an ASCII address (the file has none)."""
    from commentsvc.core.db import db

    result = runner.invoke(args=["agencies", "import", str(DIRECTORY)])
    assert result.exit_code == 0, result.output
    agencies = db.session.scalars(sa.select(Agency).where(Agency.is_active.is_(True))).all()
    for agency in agencies:
        agency.email = f"cq{agency.id}@example.gov.vn"
    db.session.commit()
    return list(agencies)


def recipient_of(consultation, agency):
    return next(r for r in consultation.recipients if r.agency_id == agency.id)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def days_from_now(n: float):
    return now_utc() + timedelta(days=n)
