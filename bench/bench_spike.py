"""Deadline spike: 200 agencies open the draft, save 50 comments each and submit, minutes before the deadline.

Runs the real service under gunicorn on loopback (SQLite and, when reachable, PostgreSQL), drives it with locust in a
second process, prints requests per second, p50/p95/p99, errors, then counts rows: every saved comment and every
submission must be in the database. Also prints the same server's throughput on a trivial endpoint and the ratio
"comment save vs bare endpoint", and beside them the floor of any authenticated save (bench/spike_wsgi.py). Targets:
p95 < 300 ms, zero errors, zero lost, ratio ≥ 0.4.

    .venv/bin/python -m bench.bench_spike [--users 200] [--comments 50] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_SCHEMA = "bench_spike"
SECRET = "bench-secret-key-" + "k" * 32
PASSWORD = "mat-khau-tai-thu-2026"  # noqa: S105 - the seeded benchmark accounts' password
THROUGHPUT_USERS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(backend: str, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'spike.sqlite3'}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{PG_SCHEMA}"


def seed(url: str, users: int, clauses: int) -> tuple[int, list[int]]:
    """Migrate and create the agencies, their members, a draft of ``clauses`` clauses and an open consultation."""
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade

    from commentsvc import create_app
    from commentsvc.accounts.models import DraftingUnit, Role, User
    from commentsvc.accounts.passwords import hash_password
    from commentsvc.agencies.models import Agency, AgencyGroup
    from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient
    from commentsvc.core.clock import now_utc
    from commentsvc.core.db import db
    from commentsvc.drafts.models import Clause, Draft, DraftKind, DraftVersion

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
        unit = DraftingUnit(
            code="CĐS", name="Cục Chuyển đổi số quốc gia", parent_code="BKHCN", parent_name="Bộ Khoa học và Công nghệ"
        )
        draft = Draft(title="Dự thảo Nghị định tải thử", kind=DraftKind.DECREE, drafting_unit=unit)
        version = DraftVersion(
            draft=draft,
            number=1,
            filename="tai-thu.docx",
            media_type="application/octet-stream",
            checksum="0" * 64,
            original_file=b"",
        )
        db.session.add_all([unit, draft, version])
        db.session.flush()
        for position in range(clauses):
            db.session.add(
                Clause(
                    version=version,
                    position=position,
                    kind="article",
                    label=str(position + 1),
                    ref=f"Điều {position + 1}",
                    depth=0,
                    text=f"Điều {position + 1}. Quy định về nội dung thứ {position + 1} của dự thảo.",
                )
            )
        now = now_utc()
        consultation = Consultation(
            draft_version=version,
            drafting_unit=unit,
            title="Lấy ý kiến tải thử",
            opens_at=now - timedelta(hours=1),
            deadline_at=now + timedelta(hours=2),
            status=ConsultationStatus.OPEN,
            accepts_late=True,
        )
        db.session.add(consultation)
        password_hash = hash_password(PASSWORD)  # one hash for all: seeding speed, not what is measured
        for number in range(1, users + THROUGHPUT_USERS + 1):
            agency = Agency(
                code=f"TT{number:03d}",
                name=f"Cơ quan tải thử {number:03d}",
                short_name=f"CQ {number:03d}",
                group=AgencyGroup.OTHER,
            )
            db.session.add(Recipient(consultation=consultation, agency=agency))
            db.session.add(
                User(
                    username=f"spike{number:03d}",
                    full_name=f"Cán bộ {number:03d}",
                    password_hash=password_hash,
                    role=Role.AGENCY,
                    agency=agency,
                    can_submit=True,
                )
            )
        db.session.commit()
        clause_ids = list(
            db.session.scalars(sa.select(Clause.id).where(Clause.version_id == version.id).order_by(Clause.position))
        )
        db.engine.dispose()
        return consultation.id, clause_ids


def start_gunicorn(url: str, port: int, workdir: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "PYTHONPATH": str(ROOT)}
    with open(workdir / "gunicorn.log", "w") as log:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-w",
                "3",
                "-k",
                "gthread",
                "--threads",
                "8",
                "-b",
                f"127.0.0.1:{port}",
                "--backlog",
                "2048",
                # Longer than a member's pause between two saves, as a reverse proxy keeps its upstream connections:
                # with gunicorn's default of 2 s, a save sent just as the server closes an idle connection is lost.
                "--keep-alive",
                "10",
                "--log-level",
                "warning",
                "bench.spike_wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start: see " + str(workdir / "gunicorn.log"))


def warm_up(port: int) -> None:
    """A few requests so every worker has imported everything before the clock starts."""
    import urllib.request

    for _ in range(30):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=60).read()  # noqa: S310 - loopback


def run_locust(
    user_class: str, port: int, users: int, run_time: str, workdir: Path, env_extra: dict, spawn_rate: float
) -> dict:
    prefix = workdir / user_class
    env = {**os.environ, **env_extra, "PYTHONPATH": str(ROOT)}
    with open(workdir / f"{user_class}.log", "w") as log:
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "spike_locustfile.py"),
                user_class,
                "--headless",
                "-u",
                str(users),
                "-r",
                str(spawn_rate),
                "--run-time",
                run_time,
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--stop-timeout",
                "10",
            ],
            env=env,
            check=False,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=1200,
        )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def count_rows(url: str, consultation_id: int) -> tuple[int, int]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        comments = connection.execute(
            sa.text(
                "SELECT count(*) FROM comments JOIN replies ON replies.id = comments.reply_id "
                "JOIN recipients ON recipients.id = replies.recipient_id WHERE recipients.consultation_id = :c"
            ),
            {"c": consultation_id},
        ).scalar()
        submitted = connection.execute(
            sa.text(
                "SELECT count(*) FROM replies JOIN recipients ON recipients.id = replies.recipient_id "
                "WHERE recipients.consultation_id = :c AND replies.status = 'submitted'"
            ),
            {"c": consultation_id},
        ).scalar()
    engine.dispose()
    return comments, submitted


def figure(row: dict, name: str) -> str:
    return row.get(name, "?")


def bench_backend(backend: str, users: int, comments: int, pause: tuple[float, float]) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix=f"spike-{backend}-"))
    url = database_url(backend, workdir)
    consultation_id, clause_ids = seed(url, users, max(comments, 50))
    port = free_port()
    server = start_gunicorn(url, port, workdir)
    env = {
        "SPIKE_CONSULTATION_ID": str(consultation_id),
        "SPIKE_CLAUSE_IDS": ",".join(map(str, clause_ids[:comments])),
        "SPIKE_USERS": str(users),
        "SPIKE_PASSWORD": PASSWORD,
        "SPIKE_PAUSE": f"{pause[0]},{pause[1]}",
    }
    try:
        started = time.monotonic()
        warm_up(port)
        # Agencies arrive over about a minute (4 a second) and save a comment every ``pause`` seconds: the whole
        # spike lasts a few minutes, as in the last minutes before a deadline.
        spike = run_locust("SpikeAgency", port, users, "15m", workdir, env, spawn_rate=4)
        elapsed = time.monotonic() - started
        saved, submitted = count_rows(url, consultation_id)
        save_row, total = spike.get("POST comment", {}), spike.get("Aggregated", {})
        bare = run_locust("BareUser", port, THROUGHPUT_USERS, "15s", workdir, env, spawn_rate=20)["GET /healthz"]
        env["SPIKE_FIRST"] = str(users + 1)
        save_only = run_locust("SaveUser", port, THROUGHPUT_USERS, "15s", workdir, env, spawn_rate=20)
        save_only = save_only.get("POST comment", {})
        floor = run_locust("FloorUser", port, THROUGHPUT_USERS, "15s", workdir, env, spawn_rate=20)
        floor = floor.get("POST floor", {})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    expected_comments = users * comments  # counted before the throughput runs add their own
    bare_rps, save_rps = float(bare["Requests/s"]), float(save_only.get("Requests/s", 0) or 0)
    floor_rps = float(floor.get("Requests/s", 0) or 0)
    ratio = save_rps / bare_rps if bare_rps else 0.0
    errors = int(total.get("Failure Count", 0) or 0)
    print(
        f"[{backend}] spike: {users} agencies × {comments} comments + submit in {elapsed:.0f} s, "
        f"{total.get('Request Count')} requests, {float(total.get('Requests/s', 0)):.1f} req/s"
    )
    print(
        f"[{backend}] all requests: p50 {figure(total, '50%')} ms, p95 {figure(total, '95%')} ms, "
        f"p99 {figure(total, '99%')} ms, errors {errors}"
    )
    print(
        f"[{backend}] comment save: p50 {figure(save_row, '50%')} ms, p95 {figure(save_row, '95%')} ms, "
        f"p99 {figure(save_row, '99%')} ms"
    )
    print(
        f"[{backend}] in the database: {saved} comments (expected {expected_comments}), "
        f"{submitted} submissions (expected {users}); lost: {expected_comments - saved + users - submitted}"
    )
    print(
        f"[{backend}] throughput, 20 users without pauses: /healthz {bare_rps:.0f} req/s, comment save "
        f"{save_rps:.0f} req/s, ratio {ratio:.2f}"
    )
    print(
        f"[{backend}] the floor of an authenticated save (login and CSRF checks, one INSERT, commit; "
        f"bench/spike_wsgi.py): {floor_rps:.0f} req/s, ratio {floor_rps / bare_rps if bare_rps else 0.0:.2f}; "
        f"floor failures {floor.get('Failure Count', '?')}"
    )
    p95 = float(total.get("95%", 1e9) or 1e9)
    return errors == 0 and saved == expected_comments and submitted == users and p95 < 300 and ratio >= 0.4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--comments", type=int, default=50)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--pause", default="2,5", help="seconds between a member's two saves, MIN,MAX (default 2,5: about 4 minutes)"
    )
    args = parser.parse_args()
    low, high = (float(x) for x in args.pause.split(","))
    pause = (low, high)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    results = {backend: bench_backend(backend, args.users, args.comments, pause) for backend in backends}
    for backend, ok in results.items():
        print(f"[{backend}] targets {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
