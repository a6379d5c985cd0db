"""Running the job queue in tests: drain it in this process, run it in a thread, or as a real worker process."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis

from commentsvc.config import ROOT
from commentsvc.jobs import tasks
from commentsvc.jobs.queue import huey

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def job_id_of(response) -> int:
    """The id of the job page a request answered with (303 to /jobs/<id>)."""
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    match = re.fullmatch(r".*/jobs/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def run_queue(limit: int = 10_000) -> int:
    """Take tasks off the queue and run them here (tasks they add too) until it is empty, as a worker does: a task
    whose time has not come goes to the schedule (see run_scheduled). How many ran."""
    ran = 0
    while ran < limit:
        task = huey.dequeue()
        if task is None:
            return ran
        if not huey.ready_to_run(task):
            huey.add_schedule(task)
            continue
        huey.execute(task)
        ran += 1
    raise AssertionError("the queue never emptied")


def run_scheduled() -> int:
    """Run the delayed tasks (mail retries) now, as if their time had come, and whatever they queue."""
    for task in huey.read_schedule(datetime.now(UTC).replace(tzinfo=None) + timedelta(days=365)):
        task.eta = None
        huey.enqueue(task)
    return run_queue()


def redis_config() -> dict:
    """Queue settings on the Redis of 127.0.0.1:6379 under a name of this test's own; skipped where there is none
    (never with CI=true: CI has one)."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Redis at {REDIS_URL} ({error})")
    return {"QUEUE_URL": REDIS_URL, "QUEUE_NAME": f"commentsvc-test-{uuid.uuid4().hex[:12]}"}


class QueueThread:
    """A worker thread of this process, for tests with a live server (browser tests)."""

    def __init__(self, app):
        self.app = app
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.stopping.is_set():
            for due in huey.read_schedule(datetime.now(UTC).replace(tzinfo=None)):
                huey.enqueue(due)
            task = huey.dequeue()
            if task is None:
                time.sleep(0.05)
            elif not huey.ready_to_run(task):
                huey.add_schedule(task)
            else:
                huey.execute(task)

    def __enter__(self):
        tasks.set_worker_app(self.app)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(timeout=60)
        tasks._worker_app.clear()


def worker_env(config: dict, **extra: str) -> dict:
    """The environment of a worker process serving the app of ``config`` (database, queue, files)."""
    env = dict(os.environ)
    url = config["SQLALCHEMY_DATABASE_URI"]
    search_path = config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("options")
    if search_path:  # the PostgreSQL variant: this worker's schema
        url += "?options=" + search_path.replace("=", "%3D")
    env.update(
        DATABASE_URL=url,
        QUEUE_URL=config["QUEUE_URL"],
        QUEUE_NAME=config.get("QUEUE_NAME", "commentsvc"),
        JOBS_DIR=config["JOBS_DIR"],
        MAIL_OUTBOX_DIR=config["MAIL_OUTBOX_DIR"],
        SECRET_KEY=config["SECRET_KEY"],
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def start_worker(config: dict, workers: int = 1, **extra: str) -> subprocess.Popen:
    """`python -m commentsvc.jobs.worker` in a session of its own (so that it can be killed with its children)."""
    return subprocess.Popen(
        [sys.executable, "-m", "commentsvc.jobs.worker", "-w", str(workers), "--no-periodic"],
        cwd=ROOT,
        env=worker_env(config, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill_worker(process: subprocess.Popen) -> None:
    """SIGKILL the worker and its processes: nothing is cleaned up, as when a machine loses power."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop_worker(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        kill_worker(process)
