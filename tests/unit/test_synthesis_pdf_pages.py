"""Joined PDF parts: page numbers drawn where WeasyPrint draws them, the pool's output, what the join keeps."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from commentsvc.synthesis import pdf_pages, wording
from commentsvc.synthesis.compiler import compile_synthesis
from commentsvc.synthesis.export_pdf import (
    FONT_SCHEME,
    BundledFontFetcher,
    page_number_probe,
    page_number_probe_html,
    part_htmls,
    render_part,
    to_pdf,
)
from tests.pdf_text import needs_pdftotext, pdf_text
from tests.unit.synthesis_data import GENERATED_ON, consultation

PROBE_NUMBER = f'content: "{pdf_pages.PROBE_TEXT}";'
PORTRAIT_PAGE = "<div></div>"
LANDSCAPE_PAGE = '<section class="table-section"></section>'


def _render(html: str) -> bytes:
    return HTML(string=html, base_url=FONT_SCHEME, url_fetcher=BundledFontFetcher()).write_pdf()


def _probe_with(number_content: str | None, body: str) -> str:
    """The probe document with another page-number content (None: no number) and another body."""
    html = page_number_probe_html()
    assert PROBE_NUMBER in html
    html = html.replace(PROBE_NUMBER, "content: none;" if number_content is None else f"content: {number_content};")
    start, end = html.index("<body>") + len("<body>"), html.index("</body>")
    return html[:start] + body + html[end:]


def _numbers(pdf: bytes) -> list[list[tuple[str, float, float, float]]]:
    """Per page, the words poppler finds in the top 20 mm, with their box (x min, x max, y min) in points."""
    bbox = pdf_text(pdf, "-bbox")
    pages = []
    for page in bbox.split("<page ")[1:]:
        words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page)
        top = 20 * 72 / 25.4
        pages.append([(word, float(x0), float(x1), float(y0)) for x0, y0, x1, word in words if float(y0) < top])
    return pages


def _texts(pages) -> list[list[str]]:
    return [[word[0] for word in page] for page in pages]


@needs_pdftotext
def test_numbers_are_drawn_where_weasyprint_draws_them():
    # Pages 1-12: one portrait, eleven landscape, so that both sizes and one- and two-digit numbers are compared.
    body = PORTRAIT_PAGE + LANDSCAPE_PAGE * 11
    native = _render(_probe_with("counter(page)", body))
    joined = pdf_pages.join([_render(_probe_with(None, body))], page_number_probe(), first_numbered=1)
    expected = _numbers(native)
    assert _texts(expected) == [[str(number)] for number in range(1, 13)]
    stamped = _numbers(joined)
    assert _texts(stamped) == _texts(expected)
    for page, native_page in zip(stamped, expected, strict=True):
        assert page[0][1:] == pytest.approx(native_page[0][1:], abs=0.01)  # within a hundredth of a point


@needs_pdftotext
def test_the_first_page_carries_no_number_and_the_others_count_on_across_parts():
    parts = [_render(_probe_with(None, PORTRAIT_PAGE + LANDSCAPE_PAGE)), _render(_probe_with(None, LANDSCAPE_PAGE * 2))]
    assert _texts(_numbers(pdf_pages.join(parts, page_number_probe()))) == [[], ["2"], ["3"], ["4"]]


def test_a_page_size_the_probe_lacks_is_refused():
    a5 = _render("<style>@page { size: A5 }</style><p></p>")
    with pytest.raises(pdf_pages.ProbeError, match="no page-number style"):
        pdf_pages.join([_render(_probe_with(None, PORTRAIT_PAGE)), a5], page_number_probe())


def test_a_probe_whose_digits_are_moved_is_refused():
    # Spacing between the digits would not be reproduced by the stamps, which place each digit at its own width.
    spaced = page_number_probe_html().replace("font-kerning: none;", "letter-spacing: 2pt;")
    with pytest.raises(pdf_pages.ProbeError, match="without kerning or letter spacing"):
        pdf_pages.read_probe(_render(spaced))


def test_a_probe_with_other_text_is_refused():
    with pytest.raises(pdf_pages.ProbeError, match="one TJ operator"):
        pdf_pages.read_probe(_render(_probe_with(f'"{pdf_pages.PROBE_TEXT}"', "<p>Trang</p>")))


@pytest.fixture(scope="module")
def synthesis():
    return compile_synthesis(consultation(), generated_on=GENERATED_ON)


def test_parts_rendered_apart_join_into_the_same_pdf(synthesis):
    # As queue workers do: each part rendered on its own (with its own fetcher), then joined.
    fetchers = [BundledFontFetcher() for _ in part_htmls(synthesis, 2)]
    parts = [render_part(html, fetcher) for html, fetcher in zip(part_htmls(synthesis, 2), fetchers, strict=True)]
    assert pdf_pages.join(parts, page_number_probe()) == to_pdf(synthesis, chunk_rows=2)
    # Each part fetched the fonts it uses, and nothing else.
    assert {url for fetcher in fetchers for url in fetcher.requested} <= set(fetchers[0].allowed)


def test_the_join_keeps_the_information_language_and_bookmarks(synthesis):
    reader = PdfReader(io.BytesIO(to_pdf(synthesis, chunk_rows=2)))
    assert reader.metadata.title == f"{wording.TITLE} - {synthesis.draft_line}"
    assert reader.metadata.author == synthesis.issuing_unit
    assert reader.trailer["/Root"]["/Lang"] == "vi"
    bookmarks = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    annex_title, _ = wording.annex(synthesis)
    assert bookmarks == [(wording.TITLE, 0), (annex_title, len(reader.pages) - 1)]
