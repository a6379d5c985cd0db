"""Benchmark the synthesis: 10,000 comments from 100 agencies over 1,000 clauses.

Run from the repository root: .venv/bin/python -m bench.bench_synthesis [--skip-pdf]
Targets: compile < 1 s, DOCX < 5 s, XLSX < 3 s, peak memory < 1 GB. The PDF, rendered here in one process, has
no time target: nobody waits on it any more (a queue job, spread over the workers: see bench/bench_exports.py).

Prints each step's wall time, its CPU time (this process's and the PDF's pool processes'), and the peak memory
during it: the larger of this process's own peak resident size and the sum, sampled every 50 ms, of the
proportional set sizes of this process and the processes that render the PDF's parts (so pages they share are
counted once). The exit status is 1 when a target is missed. Times depend on what else the machine runs: the CPU
count and load average are printed too.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from commentsvc.synthesis.compiler import (
    AgencyIn,
    ClauseIn,
    CommentIn,
    ConsultationIn,
    DispositionIn,
    ReplyIn,
    compile_synthesis,
)
from commentsvc.synthesis.export_docx import to_docx
from commentsvc.synthesis.export_pdf import to_pdf
from commentsvc.synthesis.export_xlsx import to_xlsx
from commentsvc.synthesis.grouping import group_similar

TARGETS = {"compile": 1.0, "grouping": None, "docx": 5.0, "xlsx": 3.0, "pdf": None}  # seconds
MEMORY_TARGET_MB = 1024
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


def _memory_kb(pid: int) -> int:
    """A process's proportional set size (its resident memory, shared pages divided among their sharers)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):  # the process has just ended
        return 0


def _children(pid: int) -> list[int]:
    """A process's children, as its threads list them (Linux)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:  # the process has just ended
        return found
    for task in tasks:
        try:  # one thread ending (pytest-xdist's, say) must not hide the children of the others
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a process has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> list[int]:
    found, waiting = [], [root]
    while waiting:
        children = _children(waiting.pop())
        found += children
        waiting += children
    return found


def _reset_peak_rss() -> None:
    """Restart this process's peak resident size (VmHWM) from its current size (Linux 4.0+)."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def _peak_rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


class Sampler:
    """Samples the memory of this process and its descendants (the PDF's pool and fork server) every `interval`
    seconds, and the CPU time the descendants use (as last seen: a pool process that ends between two samples
    loses at most `interval` of it). This process's own peak is exact (its VmHWM); the sampling thread's CPU time
    is left out of this process's."""

    def __init__(self, interval: float = 0.05):
        self.interval = interval
        self.peak_kb = 0
        self.own_cpu_seconds = 0.0  # the sampling thread's
        # pid: (CPU time at the start of the step, 0 for a process started since; CPU time last seen)
        self._cpu: dict[int, tuple[float, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while True:
            descendants = _descendants(os.getpid())
            self.peak_kb = max(self.peak_kb, sum(_memory_kb(pid) for pid in [os.getpid(), *descendants]))
            for pid in descendants:
                start, last = self._cpu.get(pid, (0.0, 0.0))
                # CPU time never goes down: a process that ends between the listing and the read reads as 0.
                self._cpu[pid] = (start, max(last, _cpu_seconds(pid)))
            self.own_cpu_seconds = time.thread_time()
            if self._stop.wait(self.interval):
                return

    @property
    def children_cpu_seconds(self) -> float:
        return sum(last - start for start, last in self._cpu.values())

    def __enter__(self):
        self._cpu = {pid: (_cpu_seconds(pid),) * 2 for pid in _descendants(os.getpid())}
        _reset_peak_rss()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak_kb = max(self.peak_kb, _peak_rss_kb())


@dataclass
class Step:
    name: str
    seconds: float
    cpu_seconds: float  # this process's and its descendants'
    peak_mb: float  # this process's and its descendants' memory together
    output_bytes: int | None = None

    @property
    def target(self) -> float | None:
        return TARGETS[self.name]

    @property
    def ok(self) -> bool:
        return (self.target is None or self.seconds < self.target) and self.peak_mb < MEMORY_TARGET_MB


def _step(name: str, function, steps: list[Step]):
    cpu_started = time.process_time()
    with Sampler() as sampler:
        started = time.perf_counter()
        value = function()
        seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started - sampler.own_cpu_seconds + sampler.children_cpu_seconds
    size = len(value) if isinstance(value, bytes) else None
    steps.append(Step(name, seconds, cpu, sampler.peak_kb / 1024, size))
    return value


def _report(steps: list[Step]) -> bool:
    print(f"{'step':9s} {'seconds':>8s} {'target':>8s} {'CPU s':>8s} {'peak MB':>8s} {'output':>9s}  result")
    for step in steps:
        target = "-" if step.target is None else f"< {step.target:g} s"
        output = "" if step.output_bytes is None else f"{step.output_bytes / 1e6:.1f} MB"
        slow = step.target is not None and step.seconds >= step.target
        verdict = ", ".join(["SLOW"] * slow + ["OVER MEMORY"] * (step.peak_mb >= MEMORY_TARGET_MB)) or "ok"
        print(
            f"{step.name:9s} {step.seconds:8.2f} {target:>8s} {step.cpu_seconds:8.2f} {step.peak_mb:8.0f} "
            f"{output:>9s}  {verdict}"
        )
    peak = max(step.peak_mb for step in steps)
    met = all(step.ok for step in steps)
    print(f"peak memory {peak:.0f} MB (target < {MEMORY_TARGET_MB} MB): {'ok' if peak < MEMORY_TARGET_MB else 'OVER'}")
    print(f"targets {'met' if met else 'NOT met'}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-pdf", action="store_true", help="leave out the (slowest) PDF export")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    consultation = build_consultation()
    steps: list[Step] = []
    synthesis = _step("compile", lambda: compile_synthesis(consultation, generated_on=date(2026, 11, 23)), steps)
    groups = _step("grouping", lambda: group_similar(consultation.comments), steps)
    _step("docx", lambda: to_docx(synthesis), steps)
    _step("xlsx", lambda: to_xlsx(synthesis), steps)
    if not args.skip_pdf:
        _step("pdf", lambda: to_pdf(synthesis), steps)
    print(
        f"{len(consultation.comments)} comments, {len(synthesis.rows)} rows, {len(groups)} groups; "
        f"{os.cpu_count()} CPUs, load average {load:.1f} before and {os.getloadavg()[0]:.1f} after"
    )
    if args.skip_pdf:
        print("pdf not measured (--skip-pdf)")
    return 0 if _report(steps) else 1


if __name__ == "__main__":
    sys.exit(main())
