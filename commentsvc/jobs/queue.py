"""The queue: one Huey instance whose storage is SQLite (a file under instance/, no server) or Redis.

Why Huey: a small, well-kept library whose SQLite storage needs nothing running beside the application, and whose
Redis storage runs the same tasks across machines when one is not enough; it has delayed tasks (mail backoff) and
periodic tasks (the schedule cron ran). The storage is chosen by QUEUE_URL (a redis:// URL, or a SQLite file),
read from the app's configuration by `configure`, which `create_app` calls: the web process that enqueues and the
worker that runs (commentsvc.jobs.worker) take it from the same place.
"""

from __future__ import annotations

from pathlib import Path

from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

NAME = "commentsvc"

# Until `configure` runs the queue keeps tasks in memory, where no worker would see them.
huey = Huey(NAME, results=False, utc=True, storage_class=MemoryStorage)
_configured: dict[str, str] = {"url": ""}


def is_redis(url: str) -> bool:
    return url.startswith(("redis://", "rediss://", "unix://"))


def storage_for(url: str, name: str = NAME):
    """Redis for a redis:// URL (its path is the database number), else a SQLite file (sqlite:///path or a path)."""
    if is_redis(url):
        return RedisStorage(name=name, url=url)
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(name=name, filename=str(path), timeout=10)


def configure(config) -> Huey:
    """Point the queue at the configured storage (once per URL and name: apps of one process share the queue)."""
    where = f"{config['QUEUE_URL']}#{config['QUEUE_NAME']}"
    if _configured["url"] != where:
        huey.storage = storage_for(config["QUEUE_URL"], config["QUEUE_NAME"])
        _configured["url"] = where
    return huey


def describe(url: str) -> str:
    return "Redis" if is_redis(url) else "SQLite"
