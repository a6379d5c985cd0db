"""The synthesis as a PDF, rendered by WeasyPrint from templates/synthesis/pdf.html.

WeasyPrint may fetch nothing but the bundled fonts: the template names them by an internal scheme
("commentsvc-font:<file>") and `BundledFontFetcher` serves exactly those files and refuses every other URL
(file://, http(s)://, data:, …), stopping the render. Comment text is autoescaped by Jinja2, so a comment
containing markup is printed as text and never fetched.

A 10,000-comment synthesis is about 1,450 pages, and WeasyPrint spends about a millisecond of CPU on every line of
every cell. The table is therefore laid out in parts of `CHUNK_ROWS` rows, each an HTML document of its own (with the
header row, which repeats on its pages; each part starts on a new page, so its last page may be shorter than a full
page). The parts carry no page numbers, since none knows where it starts: `pdf_pages.join` numbers the pages once
the parts are joined. `to_pdf` renders the parts one after the other (small syntheses, tests, the CLI); the export
button makes a queue job whose parts are rendered by the workers in parallel and kept by content, so that an export
after a change renders only the changed parts (commentsvc/jobs/runner.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from commentsvc.synthesis import pdf_pages, wording
from commentsvc.synthesis.compiler import Synthesis, SynthesisRow

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = REPO_ROOT / "templates"
FONT_DIR = REPO_ROOT / "commentsvc" / "static" / "fonts"
FONT_SCHEME = "commentsvc-font:"
FONT_FACES = (
    ("LiberationSerif-Regular.ttf", "normal", "normal"),
    ("LiberationSerif-Bold.ttf", "bold", "normal"),
    ("LiberationSerif-Italic.ttf", "normal", "italic"),
    ("LiberationSerif-BoldItalic.ttf", "bold", "italic"),
)
# Column widths in percent: STT | Điều, khoản | Cơ quan góp ý | Nội dung góp ý | Tiếp thu, giải trình.
COLUMN_WIDTHS = (5, 21, 16, 33, 25)
# Table lines (rows and group headings) per separately laid out part: about 80 landscape pages.
CHUNK_ROWS = 400


@dataclass(frozen=True)
class Part:
    """Which piece of the document an HTML part holds."""

    first: bool = True
    last: bool = True


WHOLE = Part()


class RefusedURLError(ValueError):
    """WeasyPrint asked for something other than a bundled font."""


class BundledFontFetcher(URLFetcher):
    """Serves the bundled font files by name; every other URL is refused (and stops the render)."""

    def __init__(self):
        super().__init__(fail_on_errors=True, allowed_protocols=())
        self.allowed = {FONT_SCHEME + name: FONT_DIR / name for name, _, _ in FONT_FACES}
        self.requested: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        path = self.allowed.get(url)
        if path is None:
            raise RefusedURLError(f"Không được phép tải tài nguyên ngoài ứng dụng: {url}")
        return URLFetcherResponse(url, body=_font_bytes(path), headers={"Content-Type": "font/ttf"})


@lru_cache(maxsize=len(FONT_FACES))
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, auto_reload=False
    )


def _template():
    return _environment().get_template("synthesis/pdf.html")


def _fonts() -> list[dict]:
    return [{"url": FONT_SCHEME + name, "weight": w, "style": st} for name, w, st in FONT_FACES]


def _row_item(row: SynthesisRow, first_of_clause: bool) -> dict:
    return {
        "group": None,
        "number": row.number,
        "ref": row.ref,
        "clause": wording.excerpt(row.clause_text) if first_of_clause and row.clause_text else "",
        "agencies": row.agencies,
        "comments": "\n".join(wording.comment_lines(row)),
        "decision": row.decision_label,
        "explanation": row.explanation,
    }


def _row_items(synthesis: Synthesis) -> list[dict]:
    return [
        {"group": group} if row is None else _row_item(row, first_of_clause)
        for group, row, first_of_clause in wording.table_items(synthesis)
    ]


def _chunks(items: list[dict], size: int) -> list[list[dict]]:
    """Consecutive runs of about `size` table lines; a group heading never ends a run (it stays with its rows)."""
    chunks: list[list[dict]] = []
    current: list[dict] = []
    for item in items:
        current.append(item)
        if len(current) >= size and not item["group"]:
            chunks.append(current)
            current = []
    if current or not chunks:
        chunks.append(current)
    return chunks


def _context(synthesis: Synthesis) -> dict:
    annex_title, annex_groups = wording.annex(synthesis)
    return {
        "s": synthesis,
        "stamp": f"{synthesis.generated_on.isoformat()}T00:00:00Z",
        "fonts": _fonts(),
        "nation": wording.NATION,
        "motto": wording.MOTTO,
        "headings": wording.TABLE_HEADINGS,
        "widths": COLUMN_WIDTHS,
        "annex_title": annex_title,
        "annex_groups": annex_groups,
    }


def render_html(synthesis: Synthesis) -> str:
    """The whole synthesis as one HTML document."""
    return _template().render(_context(synthesis), rows=_row_items(synthesis), part=WHOLE)


def part_htmls(synthesis: Synthesis, chunk_rows: int = CHUNK_ROWS) -> list[str]:
    """The HTML documents of the parts, in order."""
    context = _context(synthesis)
    chunks = _chunks(_row_items(synthesis), chunk_rows)
    last = len(chunks) - 1
    return [
        _template().render(context, rows=rows, part=Part(index == 0, index == last))
        for index, rows in enumerate(chunks)
    ]


def to_pdf(
    synthesis: Synthesis, *, url_fetcher: BundledFontFetcher | None = None, chunk_rows: int = CHUNK_ROWS
) -> bytes:
    """Render the PDF here, part after part. Pass a fetcher to inspect what WeasyPrint asked for (tests do)."""
    fetcher = url_fetcher or BundledFontFetcher()
    parts = [render_part(html, fetcher) for html in part_htmls(synthesis, chunk_rows)]
    return pdf_pages.join(parts, page_number_probe())


def render_part(html: str, fetcher: URLFetcher | None = None) -> bytes:
    """One part's PDF. base_url is the internal scheme, so a relative URL can never resolve to the server's files."""
    with _collecting_after():
        return HTML(string=html, base_url=FONT_SCHEME, url_fetcher=fetcher or BundledFontFetcher()).write_pdf()


def page_number_probe_html() -> str:
    return (
        _environment()
        .get_template("synthesis/pdf_page_number.html")
        .render(fonts=_fonts(), probe_text=pdf_pages.PROBE_TEXT)
    )


@lru_cache(maxsize=1)
def page_number_probe() -> bytes:
    """The probe from which `pdf_pages` draws the page numbers: each page size with the probe text as its number."""
    return render_part(page_number_probe_html())


@contextmanager
def _collecting_after() -> Iterator[None]:
    """Python's cyclic garbage collector, run while WeasyPrint allocates millions of boxes, costs a fifth of the
    render; it is paused during a render and run once after it, which frees the part's boxes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()
