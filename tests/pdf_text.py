"""A PDF's text as poppler's `pdftotext` prints it; tests that need it skip, with the reason, where it is missing."""

from __future__ import annotations

import shutil
import subprocess

import pytest

MISSING = "pdftotext (apt-get install poppler-utils) is missing"
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason=MISSING)


def pdf_text(pdf: bytes, *options: str) -> str:
    """pdftotext's output for these bytes (options such as "-layout" or "-bbox"); skips the test without pdftotext."""
    if shutil.which("pdftotext") is None:
        pytest.skip(MISSING)
    run = subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True)
    return run.stdout.decode()
