"""Part II of a later round's synthesis: how the previous round's comments were handled.

The rows are the carry-over rows of commentsvc.revisions.carryover (computed once, by the caller, from the same
loading code as the carry-over page); this module only words them for the synthesis and its three exports, so
the page, the DOCX, the PDF and the XLSX all print the same cells. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from commentsvc.revisions.carryover import CarryRow
from commentsvc.revisions.carryover_export import COLUMNS, CarryTitle, row_values
from commentsvc.synthesis import wording

PART_ONE = "PHẦN I"
PART_TWO = "PHẦN II"
NO_COMMENTS = "Không có ý kiến góp ý nào ở lần lấy ý kiến trước."
# Column headings and widths (relative) of the carry-over exports, so part II reads like the carry-over file.
HEADINGS = tuple(name for name, _width in COLUMNS)
WIDTHS = tuple(width for _name, width in COLUMNS)
WIDTH_PERCENTS = tuple(round(width * 100 / sum(WIDTHS), 1) for width in WIDTHS)
NEW_TEXT_COLUMN = len(COLUMNS) - 1


@dataclass(frozen=True)
class PreviousRound:
    """The previous round's comments, each with its disposition and the clause(s) it concerns now."""

    title: CarryTitle
    rows: tuple[CarryRow, ...]
    round_number: int  # this (the later) round

    @property
    def heading(self) -> str:
        """The carry-over page's own title, numbered: "PHẦN II. TÌNH HÌNH TIẾP THU, GIẢI TRÌNH Ý KIẾN LẦN 1"."""
        return f"{PART_TWO}. {self.title.heading}"

    @property
    def part_one_heading(self) -> str:
        """The main table's heading once the synthesis has two parts."""
        return f"{PART_ONE}. TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý LẦN {self.round_number}"

    @property
    def subtitle(self) -> str:
        return self.title.subtitle

    # What an HTML template needs besides the rows (the PDF's partial reads nothing but the synthesis).
    headings = HEADINGS
    widths = WIDTH_PERCENTS
    no_comments = NO_COMMENTS

    @property
    def cells(self) -> list[list[str]]:
        """The table's rows of cells (templates read this; see table_values)."""
        return table_values(self)


def table_values(section: PreviousRound) -> list[list[str]]:
    """Each row's cells, as the carry-over exports write them; the new clause text cut to an excerpt, since a
    clause commented on by many agencies would otherwise be printed in full on every one of their rows."""
    return [_values(number, row) for number, row in enumerate(section.rows, start=1)]


def _values(number: int, row: CarryRow) -> list[str]:
    values = row_values(number, row)
    values[NEW_TEXT_COLUMN] = "\n".join(wording.excerpt(target.text) for target in row.targets)
    return values
