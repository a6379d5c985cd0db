"""How fast reply letters are read, and how fast a signature is checked.

    .venv/bin/python -m bench.bench_letters

Builds 50 letters from the tests' letter styles (tests/letters.py), each stretched to about five pages by repeating
its comments, half as .docx and half as PDF (WeasyPrint), and reads each against its draft. Prints the time per
letter and the pages of each kind. Then verifies a signed letter and refuses hostile PDFs, with their times.
Targets: < 0.5 s per 5-page .docx, < 2 s per 5-page PDF, judged on CPU time (self and children): on a shared
machine the wall clock mostly measures the other processes.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commentsvc.drafts.splitting import split_path  # noqa: E402
from commentsvc.responses.letter_reader import read_letter  # noqa: E402
from commentsvc.responses.letter_refs import clauses_from_units  # noqa: E402
from tests.letter_factory import to_docx, to_pdf  # noqa: E402
from tests.letters import LETTERS  # noqa: E402

LETTER_COUNT = 50
TARGETS = {"docx": 0.5, "pdf": 2.0}


def _with_repeats(spec, repeats: int):
    body = list(spec.body)
    intro, middle, closing = body[:1], body[1:-1] or body[:1], body[-1:]
    return replace(spec, body=intro + middle * repeats + closing)


def five_pages(spec):
    """The letter with its comments repeated until its PDF is five A4 pages long."""
    repeats = 4
    for _ in range(6):
        pages = pdf_pages(to_pdf(_with_repeats(spec, repeats)))
        if pages == 5:
            break
        repeats = max(1, round(repeats * 4.6 / max(pages - 0.4, 0.6)))
    return _with_repeats(spec, repeats)


def pdf_pages(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (PDFs are read in a forked child)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    names = sorted(LETTERS)
    stretched = {name: five_pages(LETTERS[name][0]) for name in names}
    cases = []
    for number in range(LETTER_COUNT):
        name = names[number % len(names)]
        draft = LETTERS[name][1]
        kind = "docx" if number % 2 == 0 else "pdf"
        long_spec = stretched[name]
        data = to_docx(long_spec) if kind == "docx" else to_pdf(long_spec)
        cases.append((kind, data, draft))
    clauses = {draft: clauses_from_units(split_path(draft)) for _, _, draft in cases}
    times: dict[str, list[float]] = {"docx": [], "pdf": []}
    cpu: dict[str, list[float]] = {"docx": [], "pdf": []}
    for kind, data, draft in cases:
        started, started_cpu = time.perf_counter(), cpu_seconds()
        read_letter(data, clauses[draft])
        times[kind].append(time.perf_counter() - started)
        cpu[kind].append(cpu_seconds() - started_cpu)
    pages = [pdf_pages(data) for kind, data, _ in cases if kind == "pdf"]
    print(f"{LETTER_COUNT} letters read; PDF versions have {min(pages)}-{max(pages)} pages")
    failed = False
    for kind, values in times.items():
        worst, median = max(values), statistics.median(values)
        cpu_worst = max(cpu[kind])
        verdict = "ok" if cpu_worst < TARGETS[kind] else "SLOWER THAN TARGET"
        failed = failed or cpu_worst >= TARGETS[kind]
        print(
            f"{kind:4}: {len(values)} letters; wall clock median {median:.3f} s, slowest {worst:.3f} s; "
            f"CPU median {statistics.median(cpu[kind]):.3f} s, slowest {cpu_worst:.3f} s per letter "
            f"(target < {TARGETS[kind]} s) {verdict}"
        )
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    signature_figures()
    return 1 if failed else 0


def signature_figures() -> None:
    from asn1crypto import x509

    from commentsvc.responses.signatures import SignatureError, verify_letter_isolated
    from tests.signing_factory import make_authority, make_signer, sign_pdf
    from tests.unit.test_signatures import _pdf_with

    spec = five_pages(LETTERS["prose_points"][0])
    authority = make_authority()
    signed = sign_pdf(to_pdf(spec), make_signer(authority, "Nguyễn Văn A", "Bộ Tư pháp"), authority)
    roots = [x509.Certificate.load(authority.der)]
    started = time.perf_counter()
    verdict = verify_letter_isolated(signed, roots)
    print(f"signature of a 5-page letter: {verdict.label} in {time.perf_counter() - started:.3f} s")
    hostile = {
        "deep arrays": _pdf_with(b"[0 " * 200_000 + b"]" * 200_000),
        "huge object stream": _pdf_with(b"<< /Type /ObjStm /N 900000000 /First 1 /Length 1 >>"),
        "garbage after the header": b"%PDF-1.7\n" + b"\x00junk" * 2_000_000,
    }
    for name, data in hostile.items():
        started = time.perf_counter()
        try:
            verify_letter_isolated(data, roots)
            outcome = "accepted?"
        except SignatureError as error:
            outcome = f"refused ({error})"
        print(f"hostile PDF, {name} ({len(data) // 1024} kB): {outcome} in {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    sys.exit(main())
