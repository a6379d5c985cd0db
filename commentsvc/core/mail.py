"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise one .eml file per message in MAIL_OUTBOX_DIR (development).

Settings come from the app config (MAIL_SERVER, MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD, MAIL_USE_TLS, MAIL_SENDER),
which reads them from environment variables. A failure is raised as :class:`MailError` with a readable reason; a
message refused for some addresses but accepted for others comes back as a :class:`Delivery` listing the refused ones,
so the caller can retry only those.
"""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from commentsvc.core.clock import now_utc

SMTP_TIMEOUT_SECONDS = 30


class MailError(Exception):
    """The message reached nobody; ``str(error)`` says why (kept as the reminder's last_error)."""


@dataclass(frozen=True)
class Delivery:
    accepted: list[str]
    refused: dict[str, str] = field(default_factory=dict)  # address -> server's answer


def build_message(sender: str, to: list[str], subject: str, body: str) -> EmailMessage:
    """A UTF-8 plain-text message; the headers are encoded by the email package (RFC 2047)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Subject"] = " ".join(subject.split())  # a title typed with line breaks must stay one header line
    message["Date"] = format_datetime(now_utc())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(body, charset="utf-8")
    return message


def send_mail(to: list[str], subject: str, body: str, config: Mapping | None = None) -> Delivery:
    """Send one message to ``to``; raise MailError when no address accepted it."""
    config = config if config is not None else _app_config()
    if not to:
        raise MailError("Không có địa chỉ thư điện tử nhận.")
    message = build_message(config.get("MAIL_SENDER") or "commentsvc@localhost", to, subject, body)
    if not config.get("MAIL_SERVER"):
        return _write_to_outbox(Path(config["MAIL_OUTBOX_DIR"]), message, to)
    return _send_smtp(config, message, to)


def _app_config() -> Mapping:
    from flask import current_app

    return current_app.config


def _write_to_outbox(outbox: Path, message: EmailMessage, to: list[str]) -> Delivery:
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{now_utc():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
    (outbox / name).write_bytes(message.as_bytes())
    return Delivery(accepted=list(to))


def _send_smtp(config: Mapping, message: EmailMessage, to: list[str]) -> Delivery:
    try:
        port = int(config.get("MAIL_PORT") or 25)
        with smtplib.SMTP(config["MAIL_SERVER"], port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            refused = smtp.send_message(message, to_addrs=to)
    except smtplib.SMTPRecipientsRefused as error:
        raise MailError(describe_refused(_answers(error.recipients))) from error
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"Lỗi gửi thư: {type(error).__name__}: {error}") from error
    answers = _answers(refused)
    return Delivery(accepted=[address for address in to if address not in answers], refused=answers)


def _answers(refused: dict) -> dict[str, str]:
    """smtplib gives {address: (code, bytes)}; keep a readable "550 mailbox unavailable"."""
    result = {}
    for address, (code, reason) in refused.items():
        text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        result[address] = f"{code} {text}".strip()
    return result


def describe_refused(answers: dict[str, str]) -> str:
    """Vietnamese summary of refused addresses (also used by callers for a partial refusal)."""
    return "Máy chủ thư từ chối: " + "; ".join(f"{address}: {answer}" for address, answer in answers.items())
