"""The PDF export: Vietnamese text extracted intact, markup printed as text, nothing fetched but the fonts."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from commentsvc.synthesis.compiler import compile_synthesis
from commentsvc.synthesis.export_pdf import FONT_SCHEME, BundledFontFetcher, RefusedURLError, render_html, to_pdf
from tests.unit.synthesis_data import GENERATED_ON, INJECTION, consultation


@pytest.fixture(scope="module")
def rendered():
    """The PDF of the fixed consultation and the fetcher that served it (rendered once: about 0.3 s)."""
    fetcher = BundledFontFetcher()
    pdf = to_pdf(compile_synthesis(consultation(), generated_on=GENERATED_ON), url_fetcher=fetcher)
    return pdf, fetcher


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_vietnamese_text_is_extracted_with_diacritics(rendered):
    text = _flat(_text(rendered[0]))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 01 năm 2026",
        "BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý",
        "điểm a khoản 2 Điều 2",
        "Tiếp thu một phần",
        "UBND tỉnh An Giang",
        "Phụ lục: Danh sách cơ quan không có ý kiến (được hiểu là nhất trí)",
        "Ủy ban nhân dân thành phố Đà Nẵng",
    ):
        assert expected in text, expected


def test_markup_in_a_comment_is_printed_as_text(rendered):
    text = _flat(_text(rendered[0]))
    assert _flat(INJECTION) in text
    html = render_html(compile_synthesis(consultation(), generated_on=GENERATED_ON))
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &lt;b&gt;x&lt;/b&gt;" in html
    assert "<img" not in html


def test_only_the_bundled_fonts_were_fetched(rendered):
    _, fetcher = rendered
    assert sorted(fetcher.requested) == sorted(fetcher.allowed)
    assert all(url.startswith(FONT_SCHEME) for url in fetcher.requested)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/",
        "https://example.com/font.ttf",
        "data:text/plain,x",
        FONT_SCHEME + "../../../../etc/passwd",
        "file://" + str(BundledFontFetcher().allowed[FONT_SCHEME + "LiberationSerif-Regular.ttf"]),
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedURLError):
        BundledFontFetcher().fetch(url)


def test_a_stray_url_stops_the_render():
    # If a template change ever let a URL through, the render fails instead of fetching it.
    from weasyprint import HTML

    html = HTML(string='<img src="file:///etc/passwd">', base_url=FONT_SCHEME, url_fetcher=BundledFontFetcher())
    with pytest.raises(BaseException, match="file:///etc/passwd"):
        html.write_pdf()


def _in_top_margin(page) -> list[str]:
    """Text drawn in the top 20 mm of the page (where the page number goes)."""
    found: list[str] = []
    top = float(page.mediabox.height) - 20 * 72 / 25.4

    def visit(text, cm, tm, _font, _size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text origin in page coordinates
        if text.strip() and y > top:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def test_pages_and_metadata(rendered):
    reader = PdfReader(io.BytesIO(rendered[0]))
    first, table = reader.pages[0], reader.pages[1]
    assert first.mediabox.width < first.mediabox.height  # A4 portrait
    assert table.mediabox.width > table.mediabox.height  # landscape table
    assert _in_top_margin(table) == ["2"]
    assert _in_top_margin(first) == []  # no number on page 1
    assert reader.metadata.creation_date.date() == GENERATED_ON
    fonts = {font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert all("Synthesis-Serif" in str(font) for font in fonts)


def test_export_is_byte_for_byte_deterministic(rendered):
    again = to_pdf(compile_synthesis(consultation(), generated_on=GENERATED_ON))
    assert again == rendered[0]
