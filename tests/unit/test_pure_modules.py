"""The domain logic imports neither Flask nor SQLAlchemy, so it can be tested and benchmarked alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

from commentsvc.config import ROOT

PURE = [
    "commentsvc.drafts.splitting",
    "commentsvc.drafts.docx_reader",
    "commentsvc.drafts.text_reader",
    "commentsvc.drafts.citations",
    "commentsvc.drafts.citation_parsing",
    "commentsvc.responses.letter_reader",
    "commentsvc.responses.letter_pdf",
    "commentsvc.responses.signatures",
    "commentsvc.core.isolation",
    "commentsvc.drafts.corrections",
    "commentsvc.consultations.rules",
    "commentsvc.core.xlsx",
    "commentsvc.core.deadlines",
    "commentsvc.core.workbook_upload",
    "commentsvc.core.listing",
    "commentsvc.search.text",
    "commentsvc.reports.layout",
    "commentsvc.reports.periods",
    "commentsvc.reports.rules",
    "commentsvc.reports.consolidation",
    "commentsvc.reports.charts",
    "commentsvc.reports.workbook",
    "commentsvc.reports.template",
    "commentsvc.reports.layout_edits",
    "commentsvc.synthesis.compiler",
    "commentsvc.synthesis.grouping",
    "commentsvc.synthesis.docx_layout",
    "commentsvc.synthesis.export_docx",
    "commentsvc.reports.export_docx",
    "commentsvc.core.reminder_letter",
    "commentsvc.consultations.reminder_letter",
    "commentsvc.synthesis.export_xlsx",
    "commentsvc.synthesis.export_pdf",
    "commentsvc.revisions.mapping",
    "commentsvc.revisions.wordiff",
    "commentsvc.revisions.comparison",
]


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_no_web_framework(module):
    # A fresh interpreter: in this one the test app has imported everything already.
    code = f"import sys, {module}; print(sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
