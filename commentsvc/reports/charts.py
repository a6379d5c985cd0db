"""Charts drawn on the server (pure): the same bar chart as SVG for pages and the PDF, and as PNG for Word.

No JavaScript, nothing fetched: government intranets are often offline, and exports must carry the same picture.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from commentsvc.reports.layout import format_number

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
COLOURS = ("#1d4ed8", "#15803d", "#b45309", "#b91c1c", "#6b7280", "#7c3aed")
WIDTH = 720
BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 260
VALUE_WIDTH = 90
TOP = 34
MAX_BARS = 120


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    colour: str = COLOURS[0]


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]

    @property
    def height(self) -> int:
        return TOP + len(self.bars[:MAX_BARS]) * (BAR_HEIGHT + GAP) + 10

    @property
    def scale(self) -> Decimal:
        largest = max((bar.value for bar in self.bars), default=Decimal(0))
        return largest if largest > 0 else Decimal(1)

    def length(self, bar: Bar) -> float:
        room = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 10
        return float(max(bar.value, Decimal(0)) / self.scale) * room


def bar_chart(title: str, items, colours: tuple[str, ...] = (COLOURS[0],)) -> BarChart:
    """From (label, number) pairs; colours cycle over the bars."""
    bars = tuple(
        Bar(label, Decimal(str(value)), colours[index % len(colours)]) for index, (label, value) in enumerate(items)
    )
    return BarChart(title, bars)


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def to_svg(chart: BarChart) -> str:
    """An inline <svg> with a <title> for screen readers; text is escaped, never markup."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" height="{chart.height}" '
        f'viewBox="0 0 {WIDTH} {chart.height}" font-family="Times New Roman, serif" font-size="12">',
        f"<title>{escape(chart.title)}</title>",
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(chart.title)}</text>',
    ]
    for index, bar in enumerate(chart.bars[:MAX_BARS]):
        y = TOP + index * (BAR_HEIGHT + GAP)
        length = chart.length(bar)
        parts.append(f'<text x="0" y="{y + 13}">{escape(_short(bar.label))}</text>')
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{bar.colour}"/>'
        )
        parts.append(f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 13}">{format_number(bar.value, 2)}</text>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=4)
def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def to_png(chart: BarChart, scale: int = 2) -> bytes:
    """The same chart as a PNG (Word has no SVG without a PNG beside it), drawn at ``scale`` for print."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH * scale, chart.height * scale), "white")
    draw = ImageDraw.Draw(image)
    draw.text((0, 4 * scale), chart.title, fill="black", font=_font(14 * scale, bold=True))
    for index, bar in enumerate(chart.bars[:MAX_BARS]):
        y = (TOP + index * (BAR_HEIGHT + GAP)) * scale
        length = chart.length(bar) * scale
        draw.text((0, y + 2 * scale), _short(bar.label), fill="black", font=_font(12 * scale))
        if length >= 1:
            draw.rectangle((LABEL_WIDTH * scale, y, LABEL_WIDTH * scale + length, y + BAR_HEIGHT * scale), bar.colour)
        value_x = LABEL_WIDTH * scale + length + 6 * scale
        draw.text((value_x, y + 2 * scale), format_number(bar.value, 2), fill="black", font=_font(12 * scale))
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=False)
    return output.getvalue()
