"""How fast hostile uploads are refused: every upload point × every hostile file of the security sweep.

    .venv/bin/python -m bench.bench_refusals

Runs the sweep's matrix (tests/web/test_security_files.py: zip bomb, XXE and billion-laughs .docx, executables under
document names, HTML and SVG, an oversized body, hostile spreadsheets) in one process, reads the time each refusal
took from the tests' ``refusal_seconds`` records, and prints the slowest per upload point and overall.
Target: every refusal under 2 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET  # noqa: S405 - reads the JUnit report pytest just wrote
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.test_security_files import HOSTILE_CASES  # noqa: E402

TARGET_SECONDS = 2.0


def run_sweep(report: Path) -> int:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:xdist",
        "tests/web/test_security_files.py",
        "-k",
        "hostile_file_is_refused or hostile_spreadsheet",
        f"--junitxml={report}",
        "-o",
        "junit_family=xunit1",  # record_property needs it
    ]
    return subprocess.run(command, cwd=ROOT, check=False, capture_output=True, text=True).returncode


def refusal_times(report: Path) -> dict[str, float]:
    times = {}
    for case in ET.parse(report).iter("testcase"):  # noqa: S314 - our own report
        for prop in case.iter("property"):
            if prop.get("name") == "refusal_seconds":
                times[case.get("name")] = float(prop.get("value"))
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        report = Path(workdir) / "sweep.xml"
        status = run_sweep(report)
        times = refusal_times(report)
    if status != 0 or not times:
        print(f"the sweep itself failed (pytest exit {status}); run it with pytest to see why")
        raise SystemExit(1)
    by_point: dict[str, list[float]] = defaultdict(list)
    for name, seconds in times.items():
        # test_hostile_file_is_refused[<point>-<case>]; the spreadsheet cases are the dispositions import's
        inside = name.partition("[")[2].rstrip("]")
        case = next((case for case in HOSTILE_CASES if inside.endswith("-" + case)), None)
        point = inside.removesuffix("-" + case) if case and "hostile_file" in name else "dispositions-import (xlsx)"
        by_point[point].append(seconds)
    for point, values in sorted(by_point.items()):
        median, slowest = statistics.median(values), max(values)
        print(f"{point:28} {len(values):2} files: median {median:.3f} s, slowest {slowest:.3f} s")
    slowest_name = max(times, key=times.get)
    slowest = times[slowest_name]
    verdict = "met" if slowest < TARGET_SECONDS else "NOT met"
    print(f"{len(times)} refusals, slowest {slowest:.3f} s ({slowest_name}); target < {TARGET_SECONDS:.0f} s {verdict}")


if __name__ == "__main__":
    main()
