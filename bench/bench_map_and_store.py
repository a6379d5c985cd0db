"""Benchmark map_and_store on two generated 3,000-clause versions in SQLite, database writes included.

The versions come from bench_mapping's generator (inserted, deleted, reworded, split, merged and moved
clauses); they are stored as real Draft/DraftVersion/Clause rows in a fresh SQLite file, then the timed part
reads both versions' clauses, maps them, replaces the stored links and commits.

Run from the repository root: .venv/bin/python -m bench.bench_map_and_store [--clauses 3000] [--runs 3]
Target: < 3 s per run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_mapping import Generator, flatten, revise  # noqa: E402
from commentsvc import create_app  # noqa: E402
from commentsvc.accounts.models import DraftingUnit  # noqa: E402
from commentsvc.core.db import db  # noqa: E402
from commentsvc.drafts.models import Clause, Draft, DraftKind, DraftVersion  # noqa: E402
from commentsvc.revisions.mapping import ClauseRef, summarise  # noqa: E402
from commentsvc.revisions.operations import link_rows, map_and_store  # noqa: E402

TARGET_SECONDS = 3.0


def store_version(draft: Draft, number: int, clauses: list[ClauseRef]) -> DraftVersion:
    version = DraftVersion(
        draft=draft, number=number, filename=f"v{number}.docx", media_type="x", checksum="0" * 64, original_file=b""
    )
    db.session.add(version)
    db.session.flush()
    depth = {"chapter": 0, "article": 1, "clause": 2, "point": 3}
    rows = [
        {
            "id": c.id,
            "version_id": version.id,
            "position": c.position,
            "kind": c.kind,
            "label": c.label,
            "ref": c.ref,
            "depth": depth.get(c.kind, 0),
            "text": c.text,
            "parent_id": c.parent_id,
        }
        for c in clauses
    ]
    db.session.execute(Clause.__table__.insert(), rows)  # parents come first in document order
    return version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    gen = Generator(args.seed, 2)
    old_nodes = gen.document(args.clauses)
    old, _ = flatten(old_nodes, 1)
    new, _ = flatten(revise(old_nodes, gen), 1_000_001)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3", "SECRET_KEY": "b" * 40})
        with app.app_context():
            db.create_all()
            unit = DraftingUnit(code="BENCH", name="Cục Thử nghiệm", parent_code="BKHCN", parent_name="Bộ KH&CN")
            draft = Draft(title="Dự thảo thử nghiệm", kind=DraftKind.DECREE, drafting_unit=unit)
            db.session.add_all([unit, draft])
            old_version, new_version = store_version(draft, 1, old), store_version(draft, 2, new)
            db.session.commit()
            timings = []
            for _ in range(args.runs):
                db.session.expire_all()
                started = time.perf_counter()
                rows = map_and_store(old_version, new_version)
                db.session.commit()
                timings.append(time.perf_counter() - started)
            db.session.expire_all()
            started = time.perf_counter()
            link_rows(old_version, new_version)  # a later page visit: stored links checked and read
            reading = time.perf_counter() - started
            counts = summarise(rows)  # ClauseLink rows have .relation like mapping.Link
    best, median = min(timings), statistics.median(timings)
    print(f"old clauses: {len(old)}, new clauses: {len(new)}, stored links: {len(rows)}")
    print("links per relation: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"map_and_store with SQLite writes: best {best:.3f} s, median {median:.3f} s ({args.runs} runs)")
    print(f"link_rows on the stored links (a later visit): {reading:.3f} s")
    print(f"target < {TARGET_SECONDS:.0f} s: {'met' if median < TARGET_SECONDS else 'NOT met'}")


if __name__ == "__main__":
    main()
