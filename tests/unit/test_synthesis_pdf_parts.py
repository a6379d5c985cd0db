"""The PDF laid out in parts: page numbers continue across parts and every table page repeats the header row."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from commentsvc.synthesis.compiler import compile_synthesis
from commentsvc.synthesis.export_pdf import BundledFontFetcher, to_pdf
from commentsvc.synthesis.wording import TABLE_HEADINGS
from tests.pdf_text import needs_pdftotext, pdf_text
from tests.unit.synthesis_data import GENERATED_ON, consultation

pytestmark = needs_pdftotext

# The fixture's table has 9 lines: heading I, rows 1-2, heading II, rows 3-7. In parts of 2 lines, a heading
# never ending a part: [I, 1], [2, II, 3], [4, 5], [6, 7].
CHUNK_ROWS = 2
PARTS = 4


@pytest.fixture(scope="module")
def synthesis():
    return compile_synthesis(consultation(), generated_on=GENERATED_ON)


@pytest.fixture(scope="module")
def chunked(synthesis):
    fetcher = BundledFontFetcher()
    return to_pdf(synthesis, url_fetcher=fetcher, chunk_rows=CHUNK_ROWS), fetcher


def _layout_pages(pdf: bytes) -> list[list[str]]:
    """Each page's non-blank lines, as pdftotext -layout prints them."""
    text = pdf_text(pdf, "-layout")
    pages = text.split("\f")[:-1]  # a form feed ends every page
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


def _is_landscape(pdf: bytes) -> list[bool]:
    return [page.mediabox.width > page.mediabox.height for page in PdfReader(io.BytesIO(pdf)).pages]


def test_page_numbers_continue_across_parts(chunked):
    pages = _layout_pages(chunked[0])
    assert pages[0][0] != "1"  # page 1 carries no number
    assert [page[0] for page in pages[1:]] == [str(number) for number in range(2, len(pages) + 1)]


def test_every_table_page_starts_with_the_header_row(chunked):
    pages = _layout_pages(chunked[0])
    landscape = _is_landscape(chunked[0])
    table_pages = [page for page, wide in zip(pages, landscape, strict=True) if wide]
    assert len(table_pages) >= PARTS  # each part starts on a new page
    for page in table_pages:
        header = page[1]  # the line under the page number
        assert all(heading in header for heading in TABLE_HEADINGS), header


def test_rows_appear_once_and_in_order(chunked, synthesis):
    pages = zip(_layout_pages(chunked[0]), _is_landscape(chunked[0]), strict=True)
    table_lines = [line for page, wide in pages if wide for line in page]
    numbers = [int(match.group(1)) for line in table_lines if (match := re.match(r"(\d+) +\S", line))]
    assert numbers == [row.number for row in synthesis.rows]


def test_parts_change_page_breaks_only(chunked, synthesis):
    whole = to_pdf(synthesis)  # one part at the default size
    assert len(_is_landscape(chunked[0])) > len(_is_landscape(whole))
    flat = " ".join(line for page in _layout_pages(whole) for line in page)
    for text in ("KT. CỤC TRƯỞNG", "Nguyễn Văn An", "Phụ lục: Danh sách cơ quan không có ý kiến"):
        assert text in flat
        assert text in " ".join(line for page in _layout_pages(chunked[0]) for line in page)


def test_parts_fetch_only_the_bundled_fonts_and_render_deterministically(chunked, synthesis):
    pdf, fetcher = chunked
    assert set(fetcher.requested) == set(fetcher.allowed)
    assert to_pdf(synthesis, chunk_rows=CHUNK_ROWS) == pdf
