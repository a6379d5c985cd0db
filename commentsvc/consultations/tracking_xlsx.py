"""The consultation's tracking board as an Excel workbook: core/tracking_xlsx.py's two sheets in its words."""

from __future__ import annotations

from commentsvc.consultations.tracking import Board
from commentsvc.core import tracking_xlsx
from commentsvc.core.tracking import CONSULTATION_WORDS
from commentsvc.core.tracking_xlsx import ROWS_SHEET, TOTALS_SHEET  # noqa: F401 - the sheets' names, as before


def to_xlsx(board: Board, title: str) -> bytes:
    return tracking_xlsx.to_xlsx(board, title, CONSULTATION_WORDS)
