"""Benchmark the synthesis: 10,000 comments from 100 agencies over 1,000 clauses.

Run: .venv/bin/python bench/bench_synthesis.py [--skip-pdf]
Targets: compile < 1 s, DOCX < 5 s, PDF < 20 s, XLSX < 3 s, peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from commentsvc.synthesis.compiler import (  # noqa: E402
    AgencyIn,
    ClauseIn,
    CommentIn,
    ConsultationIn,
    DispositionIn,
    ReplyIn,
    compile_synthesis,
)
from commentsvc.synthesis.export_docx import to_docx  # noqa: E402
from commentsvc.synthesis.export_pdf import to_pdf  # noqa: E402
from commentsvc.synthesis.export_xlsx import to_xlsx  # noqa: E402
from commentsvc.synthesis.grouping import group_similar  # noqa: E402

TARGETS = {"compile": 1.0, "grouping": None, "docx": 5.0, "pdf": 20.0, "xlsx": 3.0}
WORDS = (
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
    "với",
    "quy",
    "định",
    "của",
    "Luật",
    "Dữ",
    "liệu",
    "bổ",
    "sung",
    "quy",
    "định",
    "chuyển",
    "tiếp",
    "sửa",
    "đổi",
    "thời",
    "hạn",
    "thực",
    "hiện",
    "nguồn",
    "lực",
    "kinh",
    "phí",
    "ứng",
    "dụng",
)
DECISIONS = (None, "accepted", "partly_accepted", "explained", "noted")
GROUPS = ("ministry",) * 17 + ("government_agency",) * 5 + ("province",) * 34 + ("other",) * 44


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "." if words else ""


def _agencies() -> list[AgencyIn]:
    return [
        AgencyIn(index, f"CQ{index:03d}", f"Cơ quan số {index:03d}", f"CQ {index:03d}", GROUPS[index - 1])
        for index in range(1, 101)
    ]


def _clauses(rng: random.Random) -> list[ClauseIn]:
    clauses = []
    for index in range(1, 1001):
        article, clause = divmod(index - 1, 10)
        ref = f"khoản {clause + 1} Điều {article + 1}"
        clauses.append(ClauseIn(index, index, "clause", f"{clause + 1}.", ref, _sentence(rng, 20, 60), 1))
    return clauses


def _replies(rng: random.Random) -> list[ReplyIn]:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    replies = []
    for agency_id in range(1, 91):  # ten agencies stay silent
        late = agency_id > 80
        position = "agree_entirely" if agency_id % 15 == 0 else "agree_with_comments"
        at = start + timedelta(hours=rng.randint(0, 500))
        replies.append(ReplyIn(agency_id, position, at, is_late=late, is_used=agency_id <= 85))
    return replies


def _comments(rng: random.Random) -> tuple[list[CommentIn], list[DispositionIn]]:
    commenting = [agency_id for agency_id in range(1, 91) if agency_id % 15]
    comments, dispositions = [], []
    texts_by_clause: dict[int | None, list[str]] = {}
    for index in range(1, 10_001):
        clause_id = None if index % 50 == 0 else rng.randint(1, 1000)
        grouped = index % 3 == 0
        disposition_id = 100_000 + (clause_id or 0) if grouped else None
        earlier = texts_by_clause.setdefault(clause_id, [])
        # One comment in five repeats an earlier one on the same clause, as agencies often do.
        text = rng.choice(earlier) if earlier and rng.random() < 0.2 else _sentence(rng, 8, 40)
        earlier.append(text)
        proposal = _sentence(rng, 0, 8)
        comments.append(CommentIn(index, rng.choice(commenting), clause_id, text, proposal, disposition_id))
    for disposition_id in sorted({c.disposition_id for c in comments if c.disposition_id}):
        dispositions.append(DispositionIn(disposition_id, rng.choice(DECISIONS), _sentence(rng, 5, 30)))
    return comments, dispositions


def build_consultation(seed: int = 2026) -> ConsultationIn:
    rng = random.Random(seed)
    clauses = _clauses(rng)
    replies = _replies(rng)
    comments, dispositions = _comments(rng)
    return ConsultationIn(
        title="Lấy ý kiến dự thảo Nghị định về dữ liệu mở",
        draft_title="Nghị định quy định về dữ liệu mở",
        draft_kind="decree",
        round_number=1,
        letter_number="05/BKHCN-CĐS",
        deadline_at=datetime(2026, 10, 20, 17, tzinfo=UTC),
        silence_is_agreement=True,
        issuing_parent="Bộ Khoa học và Công nghệ",
        issuing_unit="Cục Chuyển đổi số quốc gia",
        unit_code="CĐS",
        signer_title="KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG",
        signer_name="Nguyễn Văn An",
        place="Hà Nội",
        recipients=_agencies(),
        clauses=clauses,
        replies=replies,
        comments=comments,
        dispositions=dispositions,
    )


def _timed(name: str, function, results: dict):
    started = time.perf_counter()
    value = function()
    results[name] = time.perf_counter() - started
    return value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-pdf", action="store_true", help="leave out the (slowest) PDF export")
    args = parser.parse_args()
    consultation = build_consultation()
    results: dict[str, float] = {}
    synthesis = _timed("compile", lambda: compile_synthesis(consultation, generated_on=date(2026, 11, 23)), results)
    groups = _timed("grouping", lambda: group_similar(consultation.comments), results)
    sizes = {"docx": len(_timed("docx", lambda: to_docx(synthesis), results))}
    sizes["xlsx"] = len(_timed("xlsx", lambda: to_xlsx(synthesis), results))
    if not args.skip_pdf:
        sizes["pdf"] = len(_timed("pdf", lambda: to_pdf(synthesis), results))
    print(f"comments={len(consultation.comments)} rows={len(synthesis.rows)} groups={len(groups)}")
    failed = False
    for name, seconds in results.items():
        target = TARGETS[name]
        verdict = "" if target is None else ("ok" if seconds < target else f"SLOW (target {target} s)")
        size = f" {sizes[name] / 1e6:.1f} MB" if name in sizes else ""
        print(f"{name:9s} {seconds:7.2f} s{size} {verdict}")
        failed |= target is not None and seconds >= target
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak memory {peak_mb:.0f} MB {'ok' if peak_mb < 1024 else 'OVER 1 GB'}")
    return 1 if failed or peak_mb >= 1024 else 0


if __name__ == "__main__":
    sys.exit(main())
