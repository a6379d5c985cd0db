"""The pages at scale: a draft of 3,000 clauses sent to 90 agencies with 10,000 comments, and 50 open consultations.

    .venv/bin/python -m bench.bench_pages                     # SQLite in a temporary folder
    .venv/bin/python -m bench.bench_pages --database-url postgresql+psycopg://postgres@127.0.0.1:5432/NAME

Prints, per page, the median server time of a request through the app (Flask's test client, signed in), the
same as a multiple of /healthz measured in the same run, the median CPU time of this process during the request
(and its multiple of /healthz's: on a loaded machine the wall time includes waiting for a CPU), the SQL statements
the request sent, and the size of the HTML. The app is built as ``wsgi.py`` builds it (create_app, then
freeze_long_lived). Targets (issue 16): the agency's
reading page, the team's outline of the draft, the synthesis page and the decisions page < 500 ms and < 1.5 MB;
the team's consultation page < 100 ms; a search < 200 ms; a bulk decision on 200 groups < 1 s; the team's home with
50 open consultations < 300 ms. On PostgreSQL the benchmark works in a schema of its own, dropped at the end.
The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import contextvars
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from commentsvc import create_app  # noqa: E402
from commentsvc.accounts.models import DraftingUnit, Role, User  # noqa: E402
from commentsvc.agencies.models import Agency, AgencyGroup  # noqa: E402
from commentsvc.app import freeze_long_lived  # noqa: E402
from commentsvc.consultations.models import Consultation, ConsultationStatus, Recipient  # noqa: E402
from commentsvc.core.clock import now_utc  # noqa: E402
from commentsvc.core.db import db  # noqa: E402
from commentsvc.drafts.models import Clause, Draft, DraftKind, DraftVersion  # noqa: E402
from commentsvc.responses.models import Comment, Reply, ReplyPosition, ReplyStatus  # noqa: E402
from commentsvc.synthesis.models import Disposition  # noqa: E402

MB = 1024 * 1024
# page -> (seconds, bytes of HTML or None)
TARGETS = {
    "agency reading page": (0.5, 1.5 * MB),
    "team outline of the draft": (0.5, 1.5 * MB),
    "synthesis page": (0.5, 1.5 * MB),
    "decisions page": (0.5, 1.5 * MB),
    "team consultation page": (0.1, None),
    "search": (0.2, None),
    "bulk decision, 200 groups": (1.0, None),
    "team home, 50 open": (0.3, None),
}
WORDS = [
    "đề",
    "nghị",
    "làm",
    "rõ",
    "khái",
    "niệm",
    "dữ",
    "liệu",
    "mở",
    "cơ",
    "quan",
    "nhà",
    "nước",
    "trách",
    "nhiệm",
    "công",
    "bố",
    "bảo",
    "đảm",
    "thống",
    "nhất",
    "quy",
    "định",
    "tiếp",
    "thu",
    "giải",
    "trình",
    "chuyển",
    "đổi",
    "số",
    "hạ",
    "tầng",
    "nền",
    "tảng",
    "an",
    "toàn",
    "thông",
    "tin",
    "kinh",
    "phí",
    "thực",
    "hiện",
    "lộ",
    "trình",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def draft_units(rng: random.Random, clauses: int) -> list[dict]:
    """Chapters of ten articles, each article with khoản and điểm, up to ``clauses`` units."""
    units, article, chapter = [], 0, 0
    while len(units) < clauses:
        if article % 10 == 0:
            chapter += 1
            units.append(
                ("chapter", str(chapter), f"Chương {chapter}", f"Chương {chapter}\n{sentence(rng, 4).upper()}", 0)
            )
        article += 1
        units.append(("article", str(article), f"Điều {article}", f"Điều {article}. {sentence(rng, 6)}", 1))
        for khoan in range(1, 4):
            units.append(("clause", str(khoan), f"khoản {khoan} Điều {article}", f"{khoan}. {sentence(rng, 25)}", 2))
            for point in "ab"[: rng.randint(0, 2)]:
                ref = f"điểm {point} khoản {khoan} Điều {article}"
                units.append(("point", point, ref, f"{point}) {sentence(rng, 15)}", 3))
    return units[:clauses]


def build(args, name: str = "") -> dict:
    """The scene; ``name`` tells apart the codes and logins of several scenes in one database (the tests')."""
    rng = random.Random(16)
    now = now_utc()
    unit = DraftingUnit(code=f"BENCH{name}", name="Cục Thử nghiệm", parent_code="BKHCN", parent_name="Bộ KH&CN")
    # Users of the benchmark never sign in with a password: the session is set directly (sign_in).
    team = User(username=f"team{name}", full_name="Tổ", password_hash="-", role=Role.DRAFTER, drafting_unit=unit)  # noqa: S106
    agencies = [
        Agency(
            code=f"CQ{name}{n}",
            name=f"Bộ Thử nghiệm {n:03d}",
            short_name=f"Bộ {n}",
            group=AgencyGroup.PROVINCE if n % 3 else AgencyGroup.MINISTRY,
        )
        for n in range(args.agencies)
    ]
    member = User(username=f"member{name}", full_name="Cán bộ", password_hash="-", role=Role.AGENCY, agency=agencies[0])  # noqa: S106
    draft = Draft(title="Dự thảo Nghị định thử nghiệm", kind=DraftKind.DECREE, drafting_unit=unit)
    version = DraftVersion(
        draft=draft, number=1, filename="du-thao.docx", media_type="x", checksum="0" * 64, original_file=b"PK"
    )
    db.session.add_all([unit, team, member, draft, version, *agencies])
    db.session.flush()
    parents: dict[int, int] = {}
    clause_ids = []
    for position, (kind, label, ref, text, depth) in enumerate(draft_units(rng, args.clauses)):
        clause = Clause(
            version_id=version.id,
            position=position,
            kind=kind,
            label=label,
            ref=ref,
            text=text,
            depth=depth,
            parent_id=parents.get(depth - 1),
        )
        db.session.add(clause)
        db.session.flush()
        parents[depth] = clause.id
        clause_ids.append(clause.id)
    big = Consultation(
        draft_version=version,
        drafting_unit=unit,
        title="Lấy ý kiến Dự thảo Nghị định thử nghiệm",
        opens_at=now - timedelta(days=10),
        deadline_at=now + timedelta(days=5),
        status=ConsultationStatus.OPEN,
    )
    db.session.add(big)
    db.session.flush()
    recipients = [Recipient(consultation_id=big.id, agency_id=agency.id) for agency in agencies]
    db.session.add_all(recipients)
    db.session.flush()
    replies = [
        Reply(
            recipient_id=r.id,
            status=ReplyStatus.SUBMITTED,
            position=ReplyPosition.AGREE_WITH_COMMENTS,
            submitted_at=now,
        )
        for r in recipients
    ]
    db.session.add_all(replies)
    db.session.flush()
    comments = [
        {
            "reply_id": rng.choice(replies).id,
            "clause_id": rng.choice(clause_ids) if rng.random() > 0.02 else None,
            "text": sentence(rng, rng.randint(8, 40)),
            "proposed_wording": sentence(rng, 12) if rng.random() < 0.3 else "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for _ in range(args.comments)
    ]
    db.session.execute(sa.insert(Comment), comments)
    for number in range(args.open):  # the team's other open consultations, small drafts, all 90 agencies each
        other = Consultation(
            draft_version=version,
            drafting_unit=unit,
            title=f"Đợt thử {number}",
            opens_at=now - timedelta(days=1),
            deadline_at=now + timedelta(days=number % 20 + 1),
            status=ConsultationStatus.OPEN,
        )
        db.session.add(other)
        db.session.flush()
        db.session.execute(
            sa.insert(Recipient), [{"consultation_id": other.id, "agency_id": agency.id} for agency in agencies]
        )
    db.session.commit()
    return {"team": team, "member": member, "consultation": big.id, "version": version, "agency": agencies[0]}


def timed(action, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the app's work; the database server's CPU on
    PostgreSQL is not in it). On a loaded machine the wall time waits for a CPU, the CPU time does not."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


class StatementCounter:
    """SQL statements sent to the database while a request runs."""

    def __init__(self, engine):
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1

    def during(self, action) -> int:
        before = self.count
        action()
        return self.count - before


def fresh(call, *args, **kwargs):
    """Run a request outside the benchmark's own app context, as in production (its own ``g``: its own user)."""
    return contextvars.Context().run(call, *args, **kwargs)


def sign_in(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user.get_id(), True


def page(client, url: str) -> int:
    response = fresh(client.get, url)
    assert response.status_code == 200, (url, response.status_code)
    return len(response.data)


def pages(scene: dict) -> dict[str, tuple[str, str]]:
    """Each page measured: who asks ("team" or "member") and its address."""
    c, version = scene["consultation"], scene["version"]
    return {
        "agency reading page": ("member", f"/agency/consultations/{c}"),
        "team outline of the draft": ("team", f"/drafts/{version.draft_id}/versions/{version.number}"),
        "synthesis page": ("team", f"/consultations/{c}/synthesis"),
        "decisions page": ("team", f"/consultations/{c}/dispositions"),
        "team consultation page": ("team", f"/consultations/{c}"),
        "search": ("team", f"/consultations/{c}/search?q=tiep+thu+du+lieu"),
        "team home, 50 open": ("team", "/"),
        "consultation list": ("team", "/consultations/"),
        "consultation list, filtered": ("team", "/consultations/?q=dot+thu&state=open&sort=deadline&page=2"),
        "draft list": ("team", "/drafts/"),
    }


def clients(app, scene: dict) -> dict:
    """A signed-in test client for the team and one for the agency's member."""
    signed = {"team": app.test_client(), "member": app.test_client()}
    for who, client in signed.items():
        sign_in(client, scene[who])
    return signed


def measure(app, scene: dict, runs: int) -> dict[str, tuple[float, float, int | None, int | None]]:
    signed = clients(app, scene)
    team, c = signed["team"], scene["consultation"]
    statements = StatementCounter(db.engine)
    figures = {"/healthz": (*timed(lambda: page(team, "/healthz"), runs * 4), None, None)}
    for name, (who, url) in pages(scene).items():
        client = signed[who]
        size = page(client, url)  # warm: the decisions page groups the comments on its first visit
        queries = statements.during(lambda client=client, url=url: page(client, url))
        figures[name] = (*timed(lambda client=client, url=url: page(client, url), runs), size, queries)
    groups = db.session.scalars(
        sa.select(Disposition.id).where(Disposition.consultation_id == c).order_by(Disposition.id).limit(200)
    ).all()

    def bulk(decision: str) -> None:
        data = {"disposition_id": groups, "action": "decide", "decision": decision, "explanation": "Giải trình chung."}
        response = fresh(team.post, f"/consultations/{c}/dispositions/bulk", data=data)
        assert response.status_code == 302, response.status_code

    decisions = iter(["accepted", "explained"] * (runs + 1))
    queries = statements.during(lambda: bulk(next(decisions)))
    figures["bulk decision, 200 groups"] = (*timed(lambda: bulk(next(decisions)), runs), None, queries)
    assert len(groups) == 200, len(groups)
    return figures


def report(figures: dict, dialect: str) -> bool:
    base, base_cpu = figures["/healthz"][:2]
    print(
        f"{'page':28} {'median':>10} {'× /healthz':>11} {'CPU':>10} {'× /healthz':>11} {'SQL':>5} {'HTML':>10}"
        f"   target ({dialect})"
    )
    ok = True
    for name, (seconds, cpu, size, queries) in figures.items():
        limit, max_size = TARGETS.get(name, (None, None))
        verdict = ""
        if limit is not None:
            good = seconds < limit and (max_size is None or (size or 0) < max_size)
            ok &= good
            verdict = (
                ("OK " if good else "MISS ")
                + f"< {limit * 1000:.0f} ms"
                + (f", < {max_size / MB:.1f} MB" if max_size else "")
            )
        html = f"{size / 1024:8.0f} KB" if size else ""
        sql = "" if queries is None else str(queries)
        print(
            f"{name:28} {seconds * 1000:8.1f} ms {seconds / base:10.0f}× {cpu * 1000:7.1f} ms "
            f"{cpu / max(base_cpu, 1e-6):10.0f}× {sql:>5} {html:>10}   {verdict}"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--clauses", type=int, default=3000)
    parser.add_argument("--agencies", type=int, default=90)
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--open", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from flask_migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        url, options, schema = f"sqlite:///{tmp}/bench.sqlite3", {}, None
        if args.database_url:
            url, schema = args.database_url, "bench_pages"
            admin = sa.create_engine(url)
            with admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            options = {"connect_args": {"options": f"-csearch_path={schema}"}}
        config = {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
            "SECRET_KEY": "b" * 40,
            "WTF_CSRF_ENABLED": False,
            "MAIL_OUTBOX_DIR": tmp,
        }
        app = create_app(config)
        freeze_long_lived()  # as wsgi.py does: the collector no longer walks the app's objects in each request
        try:
            with app.app_context():
                upgrade()
                started = time.perf_counter()
                scene = build(args)
                print(
                    f"{args.clauses} clauses, {args.agencies} agencies, {args.comments} comments, "
                    f"{args.open} more open consultations: built in {time.perf_counter() - started:.1f} s"
                )
                ok = report(measure(app, scene, args.runs), db.engine.dialect.name)
                db.session.remove()
                db.engine.dispose()
        finally:
            if schema:
                with admin.begin() as connection:
                    connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                admin.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
