"""Configuration from environment variables, with safe development defaults."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = ROOT / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production, see check_production


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'commentsvc.sqlite3'}"


class Config:
    """Read once at start-up; tests pass a dict of overrides to ``create_app``."""

    def __init__(self) -> None:
        env = os.environ
        self.ENV_NAME = env.get("COMMENTSVC_ENV", "development")
        self.SECRET_KEY = env.get("SECRET_KEY", DEV_SECRET_KEY)
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(env.get("DATABASE_URL") or default_database_url())
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.MAX_CONTENT_LENGTH = int(env.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
        self.MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024  # a 200 kB comment fits; a larger text field gets 413
        # Drafts: how much one import may hold (a clear refusal beyond), and how many units a preview page shows.
        self.DRAFT_MAX_PARAGRAPHS = int(env.get("DRAFT_MAX_PARAGRAPHS", "150000"))
        self.DRAFT_MAX_UNITS = int(env.get("DRAFT_MAX_UNITS", "30000"))
        self.DRAFT_PREVIEW_PAGE_SIZE = int(env.get("DRAFT_PREVIEW_PAGE_SIZE", "3000"))
        self.BASE_URL = env.get("BASE_URL", "http://127.0.0.1:5000")
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", self.ENV_NAME == "production")
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.PERMANENT_SESSION_LIFETIME = int(env.get("SESSION_IDLE_MINUTES", "60")) * 60
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are believed: production runs behind one
        # that terminates HTTPS, and without this every request would look like plain HTTP from 127.0.0.1 (no HSTS,
        # and login throttling would count all agencies' failures as one address).
        self.TRUSTED_PROXIES = int(env.get("TRUSTED_PROXIES", "1" if self.ENV_NAME == "production" else "0"))
        self.WTF_CSRF_TIME_LIMIT = None  # the session's idle timeout already bounds the token
        # Digital signatures of reply letters: trust roots (a PEM file or a folder of PEM/DER certificates), revocation
        # checks (they need the network), and whether an unsigned or untrusted letter is refused.
        self.SIGNATURE_TRUST_ROOTS = env.get("SIGNATURE_TRUST_ROOTS", "")
        self.SIGNATURE_CHECK_REVOCATION = _bool("SIGNATURE_CHECK_REVOCATION", False)
        self.REQUIRE_SIGNED_LETTERS = _bool("REQUIRE_SIGNED_LETTERS", False)
        # Mail: SMTP when MAIL_SERVER is set, otherwise written to an outbox folder (development).
        self.MAIL_SERVER = env.get("MAIL_SERVER", "")
        self.MAIL_PORT = int(env.get("MAIL_PORT", "25"))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD", "")
        self.MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
        self.MAIL_SENDER = env.get("MAIL_SENDER", "commentsvc@localhost")
        self.MAIL_OUTBOX_DIR = env.get("MAIL_OUTBOX_DIR", str(INSTANCE_DIR / "outbox"))
        # The job queue (commentsvc/jobs): Redis when QUEUE_URL or REDIS_URL says so, else a SQLite file.
        self.QUEUE_URL = env.get("QUEUE_URL") or env.get("REDIS_URL") or f"sqlite:///{INSTANCE_DIR / 'queue.sqlite3'}"
        self.QUEUE_NAME = env.get("QUEUE_NAME", "commentsvc")  # several installations may share one Redis
        self.QUEUE_WORKERS = int(env.get("QUEUE_WORKERS", "2"))  # worker processes `make run` starts
        # Niceness the workers give themselves (0-19): the CPU goes to the web processes first, the renders after.
        self.WORKER_NICE = int(env.get("WORKER_NICE", "10"))
        self.JOBS_DIR = env.get("JOBS_DIR", str(INSTANCE_DIR / "jobs"))  # finished files and rendered PDF parts
        self.JOB_RESULT_HOURS = float(env.get("JOB_RESULT_HOURS", "24"))  # files unused this long are removed
        self.JOB_STALE_SECONDS = int(env.get("JOB_STALE_SECONDS", "300"))  # no sign of life: the worker died
        self.JOBS_PER_USER = int(env.get("JOBS_PER_USER", "3"))  # unfinished jobs one person may have
        self.QUEUE_MAX_JOBS = int(env.get("QUEUE_MAX_JOBS", "30"))  # unfinished jobs in all; more are refused
        self.PDF_CHUNK_ROWS = int(env.get("PDF_CHUNK_ROWS", "400"))  # table lines per separately rendered part
        # Exports of a synthesis with at most this many comments may still be streamed straight from a link.
        self.DIRECT_EXPORT_MAX_COMMENTS = int(env.get("DIRECT_EXPORT_MAX_COMMENTS", "100"))
        # Uploaded drafts and reply letters larger than this are read by the queue's worker, smaller in the request.
        self.DIRECT_IMPORT_MAX_BYTES = int(env.get("DIRECT_IMPORT_MAX_BYTES", str(256 * 1024)))
        # A report consolidation with at most this many filled cells may still be streamed straight from a link.
        self.DIRECT_REPORT_MAX_VALUES = int(env.get("DIRECT_REPORT_MAX_VALUES", "5000"))

    def as_dict(self) -> dict:
        return dict(vars(self))


def normalise_database_url(url: str) -> str:
    """PostgreSQL goes through psycopg 3 whatever scheme the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class ConfigurationError(SystemExit):
    """A setting the service cannot start without: one clear line on stderr and no traceback.

    SystemExit, which the flask command and gunicorn let through; its status is 3, gunicorn's "worker failed to boot",
    so gunicorn stops instead of starting new workers that would fail the same way.
    """

    STATUS = 3

    def __init__(self, message: str) -> None:
        super().__init__(self.STATUS)
        self.message = message
        print(message, file=sys.stderr)

    def __str__(self) -> str:
        return self.message


def check_production(config: dict) -> None:
    if config.get("ENV_NAME") == "production":
        key = config.get("SECRET_KEY") or ""
        if key == DEV_SECRET_KEY or len(key) < 32:
            raise ConfigurationError(
                "commentsvc: COMMENTSVC_ENV=production needs SECRET_KEY set to at least 32 random characters "
                '(e.g. python3 -c "import secrets; print(secrets.token_urlsafe(48))").'
            )
