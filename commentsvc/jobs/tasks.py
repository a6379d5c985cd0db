"""The queue's tasks. Each runs inside an application context: the caller's (tests run tasks in their own app) or
the worker's app, made once per worker process from the environment (see commentsvc.jobs.worker)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from huey import crontab

from commentsvc.jobs import runner
from commentsvc.jobs.queue import huey

log = logging.getLogger(__name__)

_worker_app: dict[str, Flask] = {}


def set_worker_app(app: Flask) -> None:
    _worker_app["app"] = app


@contextmanager
def app_context() -> Iterator[Flask]:
    if has_app_context():
        yield current_app
        return
    app = _worker_app.get("app")
    if app is None:
        from commentsvc import create_app

        app = _worker_app.setdefault("app", create_app())
    with app.app_context():
        try:
            yield app
        finally:
            from commentsvc.core.db import db

            db.session.remove()


# --- exports -------------------------------------------------------------------------------------------------------


@huey.task()
def run_job(job_id: int) -> None:
    with app_context():
        for key in runner.start(job_id):
            render_part(job_id, key)


@huey.task()
def render_part(job_id: int, key: str) -> None:
    with app_context():
        runner.render_part(job_id, key)


# --- upkeep --------------------------------------------------------------------------------------------------------


@huey.periodic_task(crontab(minute="*"))
def recover_stale_jobs() -> None:
    """A worker killed mid-job: queue its job again once, or show it failed (see runner.recover_stale)."""
    with app_context():
        for job_id in runner.recover_stale():
            run_job(job_id)


@huey.periodic_task(crontab(minute="7"))
def clean_stored_files() -> None:
    with app_context() as app:
        removed = runner.store().clean(app.config["JOB_RESULT_HOURS"] * 3600)
        forgotten = runner.forget_finished()
        log.info("Removed %s stored job files and %s finished jobs", removed, forgotten)
