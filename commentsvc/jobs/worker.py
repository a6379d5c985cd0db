"""The worker: `python -m commentsvc.jobs.worker [-w N]` runs N processes taking tasks from the configured queue,
plus the scheduler of the periodic tasks. Same environment as the web server (DATABASE_URL, QUEUE_URL, JOBS_DIR)."""

from __future__ import annotations

import argparse
import logging
import os

from commentsvc import create_app
from commentsvc.app import freeze_long_lived
from commentsvc.consultations import tasks as consultation_tasks  # noqa: F401 - registers the mail and schedule tasks
from commentsvc.jobs import tasks
from commentsvc.jobs.queue import describe, huey
from commentsvc.reports import tasks as report_tasks  # noqa: F401 - registers the report mail task


@huey.on_startup()
def _fresh_connections() -> None:
    """Each forked worker process opens database connections of its own."""
    from commentsvc.core.db import db

    with tasks.app_context():
        db.engine.dispose(close=False)


def lower_priority(niceness: int) -> int:
    """Run this process (and the worker processes it forks) at ``niceness`` (0-19, never higher priority than now):
    on a machine shared with the web server a render then takes the CPU only when a request does not need it."""
    current = os.nice(0)
    wanted = min(max(niceness, current), 19)
    return os.nice(wanted - current) if wanted > current else current


def main(argv: list[str] | None = None) -> None:
    app = create_app()
    tasks.set_worker_app(app)
    parser = argparse.ArgumentParser(description="Máy xử lý hàng đợi (xuất tệp, thư điện tử, việc định kỳ).")
    parser.add_argument("-w", "--workers", type=int, default=app.config["QUEUE_WORKERS"])
    parser.add_argument("--no-periodic", action="store_true", help="do not run the periodic tasks here")
    parser.add_argument("--nice", type=int, default=app.config["WORKER_NICE"], help="niceness of the workers (0-19)")
    args = parser.parse_args(argv)
    niceness = lower_priority(args.nice)
    logging.getLogger("huey").setLevel(logging.INFO)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # a line per laid out page is too much for a log
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    print(
        f"Máy xử lý hàng đợi: {args.workers} tiến trình (nice {niceness}), "
        f"hàng đợi {describe(app.config['QUEUE_URL'])}.",
        flush=True,
    )
    freeze_long_lived()  # before the workers fork: they inherit the app frozen (see commentsvc.app)
    consumer = huey.create_consumer(workers=max(1, args.workers), worker_type="process", periodic=not args.no_periodic)
    consumer.run()


if __name__ == "__main__":
    main()
