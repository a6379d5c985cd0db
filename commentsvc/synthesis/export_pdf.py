"""The synthesis as a PDF, rendered by WeasyPrint from templates/synthesis/pdf.html.

WeasyPrint may fetch nothing but the bundled fonts: the template names them by an internal scheme
("commentsvc-font:<file>") and `BundledFontFetcher` serves exactly those files and refuses every other URL
(file://, http(s)://, data:, …), stopping the render. Comment text is autoescaped by Jinja2, so a comment
containing markup is printed as text and never fetched.
"""

from __future__ import annotations

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


def render_html(synthesis: Synthesis) -> str:
    annex_title, annex_groups = wording.annex(synthesis)
    return _template().render(
        s=synthesis,
        stamp=f"{synthesis.generated_on.isoformat()}T00:00:00Z",
        fonts=[{"url": FONT_SCHEME + name, "weight": w, "style": st} for name, w, st in FONT_FACES],
        nation=wording.NATION,
        motto=wording.MOTTO,
        headings=wording.TABLE_HEADINGS,
        widths=COLUMN_WIDTHS,
        rows=_row_items(synthesis),
        annex_title=annex_title,
        annex_groups=annex_groups,
    )


def to_pdf(synthesis: Synthesis, *, url_fetcher: BundledFontFetcher | None = None) -> bytes:
    """Render the PDF. Pass a fetcher to inspect what WeasyPrint asked for (tests do)."""
    fetcher = url_fetcher or BundledFontFetcher()
    # base_url is the internal scheme, so a relative URL can never resolve to the server's file system.
    document = HTML(string=render_html(synthesis), base_url=FONT_SCHEME, url_fetcher=fetcher)
    return document.write_pdf()
