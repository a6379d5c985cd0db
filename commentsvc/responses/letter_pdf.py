"""The text of a PDF letter with pdfplumber: paragraphs, ruled tables with their cells in order, and the
two-column parts (letterhead, signature block) as two-cell tables, the way Word files hold them.

Why pdfplumber: it is maintained (monthly releases), pure Python over pdfminer.six (no system library, MIT
licence), gives every word with its position and font size, and finds ruled tables and their cells, which a
comment table needs; text keeps its Vietnamese letters (made NFC here).

Layout rules, on word positions: words on one baseline form a line; a wide gap splits a line into segments
(the letterhead's left and right columns); lines are joined into paragraphs unless the next line starts with a
list mark, is indented (first-line indent), follows a short line or a larger vertical gap.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass, field

from commentsvc.drafts.model import Block, Table
from commentsvc.responses.letter_errors import (
    MSG_NO_TEXT_LAYER,
    MSG_PDF_CORRUPT,
    MSG_PDF_ENCRYPTED,
    MSG_PDF_TOO_LONG,
    LetterError,
)

MAX_PAGES = 60
MIN_LETTERS_PER_SCANNED_PAGE = 300
_MARK = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*[.)]|[a-zđ]\d?\)|[-–+•*]|\(\d+\)|“|\")(?:\s|$)")
_PAGE_NUMBER = re.compile(r"^-?\s*\d{1,3}\s*-?$")


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    size: float
    kind: str = "full"  # full, two (both columns), left or right (one column only)
    segments: list[tuple[float, float, str]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.segments[0][0]

    @property
    def x1(self) -> float:
        return self.segments[-1][1]

    @property
    def text(self) -> str:
        return " ".join(segment[2] for segment in self.segments)


def pdf_blocks(data: bytes) -> list[Block]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise LetterError(MSG_PDF_TOO_LONG)
            items = []
            for number, page in enumerate(pdf.pages):
                items.extend(_page_items(page, number))
            scanned = any(page.images for page in pdf.pages)
            pages = len(pdf.pages)
    except LetterError:
        raise
    except PDFPasswordIncorrect as error:
        raise LetterError(MSG_PDF_ENCRYPTED) from error
    except Exception as error:  # pdfminer raises many kinds of errors on broken files
        if "password" in str(error).lower() or "encrypt" in type(error).__name__.lower():
            raise LetterError(MSG_PDF_ENCRYPTED) from error
        raise LetterError(MSG_PDF_CORRUPT) from error
    if _is_scan(items, pages, scanned):
        raise LetterError(MSG_NO_TEXT_LAYER)
    return _assemble(items)


def _is_scan(items: list, pages: int, has_images: bool) -> bool:
    """No text at all, or page images with only a few words on them: the signing software's stamp ("Người ký: …,
    Thời gian ký: …") is often the only text of a scanned letter. A typed page holds well over a thousand letters."""
    letters = sum(len(item.text) for item in items if isinstance(item, _Line))
    if any(isinstance(item, Table) for item in items):
        return False
    return letters < 20 or (has_images and letters < MIN_LETTERS_PER_SCANNED_PAGE * pages)


def _page_items(page, number: int) -> list:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    chars = [char for char in page.chars if not any(_inside(char, box) for box in boxes)]
    lines = _lines(chars, number)
    if lines and _PAGE_NUMBER.match(lines[0].text) and number > 0:
        lines = lines[1:]
    mid = float(page.width) / 2
    for line in lines:
        line.segments = _segments(line.segments, line.size, mid)
        line.kind = _kind(line, mid)
    placed: list[tuple[float, object]] = [(line.top, line) for line in lines]
    placed += [
        (table.bbox[1], Table(rows=[[_cell(cell) for cell in row] for row in table.extract()])) for table in tables
    ]
    placed.sort(key=lambda pair: pair[0])
    return [item for _, item in placed]


def _inside(char, box) -> bool:
    x0, top, x1, bottom = box
    middle_x, middle_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _lines(chars: list[dict], page: int) -> list[_Line]:
    """Characters on one baseline form a line of words. Words are cut at spaces and at gaps, never at a change
    of font (PDFs often take Vietnamese letters from a fallback font)."""
    chars = sorted(chars, key=lambda char: (char["bottom"], char["x0"]))
    rows: list[list[dict]] = []
    for char in chars:
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) <= 3:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda char: char["x0"])
        size = statistics.median(char.get("size") or 12 for char in row)
        words: list[list] = []
        for char in row:
            text = char["text"]
            if not text.strip():
                words.append(None)
                continue
            last = words[-1] if words else None
            if last is not None and char["x0"] - last[1] <= 0.2 * size:
                last[1] = max(last[1], char["x1"])
                last[2] += text
            else:
                words.append([char["x0"], char["x1"], text])
        words = [tuple(word) for word in words if word is not None]
        if words:
            top = min(char["top"] for char in row)
            lines.append(_Line(page=page, top=top, bottom=row[0]["bottom"], size=size, segments=words))
    return lines


def _segments(words: list[tuple[float, float, str]], size: float, mid: float) -> list[tuple[float, float, str]]:
    """Words joined into runs; a gap wider than two characters' height, or a wide one across the middle of the
    page, separates two columns."""
    segments: list[list] = []
    for x0, x1, text in words:
        gap = x0 - segments[-1][1] if segments else 0
        crosses = segments and segments[-1][1] < mid <= x0
        if segments and gap <= 2 * size and not (crosses and gap > 1.0 * size):
            segments[-1][1] = x1
            segments[-1][2] += " " + text
        else:
            segments.append([x0, x1, text])
    return [tuple(segment) for segment in segments]


def _kind(line: _Line, mid: float) -> str:
    if len(line.segments) >= 2 and line.segments[0][1] <= mid + 10 and line.segments[-1][0] >= mid - 10:
        return "two"
    if line.x1 <= mid + 10:
        return "left"
    if line.x0 >= mid - 10:
        return "right"
    return "full"


def _cell(text: str | None) -> str:
    """A ruled table's cell: visual lines joined into paragraphs (a new one only at a list mark or a quote)."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and not _MARK.match(line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return "\n".join(paragraphs)


def _assemble(items: list) -> list[Block]:
    lines = [item for item in items if isinstance(item, _Line)]
    full = [line for line in lines if line.kind == "full"] or lines
    left = statistics.median_low(sorted(line.x0 for line in full)[: max(1, len(full) // 3)]) if full else 0
    right = max((line.x1 for line in full), default=0)
    blocks: list[Block] = []
    index = 0
    while index < len(items):
        item = items[index]
        if isinstance(item, Table):
            blocks.append(item)
            index += 1
            continue
        end = _zone_end(items, index)
        if end > index:
            blocks.append(_zone_table(items[index:end]))
            index = end
            continue
        _add_line(blocks, item, items[index - 1] if index else None, left, right)
        index += 1
    return blocks


def _zone_end(items: list, start: int) -> int:
    """End of a two-column zone starting at ``start`` (the letterhead, the signature block), or ``start``."""
    end = start
    seen_two = False
    while end < len(items) and isinstance(items[end], _Line) and items[end].kind != "full":
        if end > start and items[end].page != items[end - 1].page:
            break
        seen_two = seen_two or items[end].kind == "two"
        end += 1
    if not seen_two:
        return start
    previous = items[start - 1] if start else None
    if items[start].kind != "two" and isinstance(previous, _Line) and previous.kind == "full":
        return start  # the short last line of a paragraph, not the start of the zone
    return end


def _zone_table(lines: list[_Line]) -> Table:
    mid_left, mid_right = [], []
    for line in lines:
        if line.kind == "two":
            mid_left.append(line.segments[0][2])
            mid_right.append(" ".join(segment[2] for segment in line.segments[1:]))
        elif line.kind == "left":
            mid_left.append(line.text)
        else:
            mid_right.append(line.text)
    return Table(rows=[["\n".join(mid_left), "\n".join(mid_right)]])


def _add_line(blocks: list[Block], line: _Line, previous, left: float, right: float) -> None:
    text = line.text.strip()
    continues = (
        blocks
        and isinstance(blocks[-1], str)
        and isinstance(previous, _Line)
        and previous.page == line.page
        and not _MARK.match(text)
        and line.x0 <= left + 0.8 * line.size
        and previous.x1 >= right - 2.5 * line.size
        and line.top - previous.bottom <= 0.9 * line.size
    )
    continues = continues or _continues_across_pages(blocks, line, previous, left, right)
    if continues:
        blocks[-1] = f"{blocks[-1]} {text}"
    else:
        blocks.append(text)


def _continues_across_pages(blocks, line: _Line, previous, left: float, right: float) -> bool:
    return bool(
        blocks
        and isinstance(blocks[-1], str)
        and isinstance(previous, _Line)
        and previous.page != line.page
        and previous.x1 >= right - 2.5 * line.size
        and line.x0 <= left + 0.8 * line.size
        and not _MARK.match(line.text)
    )
