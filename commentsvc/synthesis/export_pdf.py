"""The synthesis as a PDF, rendered by WeasyPrint from templates/synthesis/pdf.html.

WeasyPrint may fetch nothing but the bundled fonts: the template names them by an internal scheme
("commentsvc-font:<file>") and `BundledFontFetcher` serves exactly those files and refuses every other URL
(file://, http(s)://, data:, …), stopping the render. Comment text is autoescaped by Jinja2, so a comment
containing markup is printed as text and never fetched.

A 10,000-comment synthesis is about 1,500 pages. WeasyPrint's table layout costs grow with the rows of the
whole table on every page, so the table is laid out in parts of `CHUNK_ROWS` rows, each an HTML document of
its own (with the header row, which repeats on its pages) whose page numbers continue the previous part's.
Each part starts on a new page, so a part's last page may be shorter than a full page.
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

from commentsvc.synthesis import wording
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
    """Which piece of the document an HTML part holds, and the number of its first page."""

    first: bool = True
    last: bool = True
    start_page: int = 1


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
def _template():
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, auto_reload=False
    )
    return environment.get_template("synthesis/pdf.html")


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
        "fonts": [{"url": FONT_SCHEME + name, "weight": w, "style": st} for name, w, st in FONT_FACES],
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


def _parts(synthesis: Synthesis, chunk_rows: int):
    """(Part without its start page, HTML renderer taking the start page) for each part, in order."""
    context = _context(synthesis)
    chunks = _chunks(_row_items(synthesis), chunk_rows)
    for index, rows in enumerate(chunks):
        first, last = index == 0, index == len(chunks) - 1
        yield lambda start, rows=rows, first=first, last=last: _template().render(
            context, rows=rows, part=Part(first, last, start)
        )


def to_pdf(
    synthesis: Synthesis, *, url_fetcher: BundledFontFetcher | None = None, chunk_rows: int = CHUNK_ROWS
) -> bytes:
    """Render the PDF. Pass a fetcher to inspect what WeasyPrint asked for (tests do)."""
    fetcher = url_fetcher or BundledFontFetcher()
    documents, start = [], 1
    with _collecting_between_parts() as part_done:
        for render in _parts(synthesis, chunk_rows):
            # base_url is the internal scheme, so a relative URL can never resolve to the server's file system.
            document = HTML(string=render(start), base_url=FONT_SCHEME, url_fetcher=fetcher).render()
            start += len(document.pages)
            documents.append(document)
            part_done()
        return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()


@contextmanager
def _collecting_between_parts() -> Iterator:
    """Python's cyclic garbage collector, run while WeasyPrint allocates millions of boxes, costs a fifth of
    the render; it is paused and run once after each part instead, which frees that part's HTML tree. What
    survives (the laid out pages) is frozen, so that the next collections do not walk it again."""

    def part_done():
        gc.collect()
        gc.freeze()

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield part_done
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()
