"""The synthesis benchmark's measuring: child processes' memory and CPU counted, verdicts against the targets."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bench.bench_synthesis import MEMORY_TARGET_MB, Step, _report
from commentsvc.config import ROOT

# A child that holds 300 MB for about a second of busy CPU, as a pool process rendering a part does, then idles a
# second so that a sampler starved by a busy machine still sees it once after the work.
BUSY_CHILD = """
import time
data = b"x" * (300 << 20)
end = time.process_time() + 1
while time.process_time() < end:
    pass
time.sleep(1)
"""


MEASURE = f"""
import subprocess, sys
from bench.bench_synthesis import Sampler
with Sampler(interval=0.02) as sampler:
    subprocess.run([sys.executable, "-c", {BUSY_CHILD!r}], check=True)
print(sampler.peak_kb / 1024, sampler.children_cpu_seconds)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sampler reads /proc")
def test_the_sampler_counts_a_child_process_memory_and_cpu():
    # In a fresh interpreter, as the benchmark runs: a test worker's own peak memory and helper processes would blur it.
    result = subprocess.run([sys.executable, "-c", MEASURE], cwd=ROOT, capture_output=True, text=True, check=True)
    peak_mb, children_cpu = map(float, result.stdout.split())
    assert peak_mb > 300
    assert 0.8 < children_cpu < 5


def test_the_report_gives_each_step_its_verdict(capsys):
    steps = [
        Step("compile", 0.2, 0.2, 90),
        Step("grouping", 9.0, 9.0, 90),  # no time target
        Step("docx", 6.0, 6.0, 200, 700_000),
        Step("xlsx", 1.0, 1.0, MEMORY_TARGET_MB + 1),
        Step("pdf", 25.0, 48.0, MEMORY_TARGET_MB + 1, 4_600_000),
    ]
    assert _report(steps) is False
    lines = capsys.readouterr().out.splitlines()
    verdicts = {line.split()[0]: line.split("  ")[-1].strip() for line in lines[1:6]}
    assert verdicts == {
        "compile": "ok",
        "grouping": "ok",
        "docx": "SLOW",
        "xlsx": "OVER MEMORY",
        "pdf": "OVER MEMORY",  # no time target: a queue job (bench_exports)
    }
    assert lines[-2] == f"peak memory {MEMORY_TARGET_MB + 1} MB (target < {MEMORY_TARGET_MB} MB): OVER"
    assert lines[-1] == "targets NOT met"


def test_the_report_says_when_the_targets_are_met(capsys):
    assert _report([Step("compile", 0.2, 0.2, 90), Step("pdf", 19.0, 38.0, 500)]) is True
    assert capsys.readouterr().out.splitlines()[-1] == "targets met"
