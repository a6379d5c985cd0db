"""The text of a reply letter, as blocks: paragraphs (str) and tables whose cells keep their lines ("\\n").

- A .docx is read by the draft splitter's reader (same safety checks, automatic numbering, TCVN3), except that a
  table cell keeps its pieces as lines (the letterhead and the signature block are borderless tables): the
  splitter's ``cell_lines``, so a text box in a cell is read once, after its paragraph. A vertically merged cell
  repeats the text of the cell it continues (a comment table's "Điều, khoản" column).
- A PDF is read with pdfplumber (see :mod:`letter_pdf`) in a child process limited in time and memory.

Errors are :class:`LetterError` with a Vietnamese message for the user.
"""

from __future__ import annotations

import unicodedata

from commentsvc.drafts.docx_reader import BlockReader, read_docx
from commentsvc.drafts.model import Block, SplitError, Table
from commentsvc.responses.letter_errors import (
    MSG_NOT_LETTER,
    MSG_PDF_CORRUPT,
    MSG_PDF_HOSTILE,
    MSG_PDF_TOO_SLOW,
    MSG_TOO_LARGE,
    LetterError,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_LETTER_BYTES = 20 * 1024 * 1024
PDF_SECONDS = 20


class _LetterDocxReader(BlockReader):
    def table(self, tbl) -> Table:
        rows: list[list[str]] = []
        for tr in tbl.iter(f"{W}tr"):
            if tr.getparent() is not tbl:
                continue
            cells = [tc for tc in tr.iter(f"{W}tc") if tc.getparent() is tr]
            row = []
            for column, tc in enumerate(cells):
                merge = tc.find(f"{W}tcPr/{W}vMerge")
                continued = merge is not None and merge.get(f"{W}val") in (None, "continue")
                if continued and rows and column < len(rows[-1]):
                    row.append(rows[-1][column])
                else:
                    row.append("\n".join(self.cell_lines(tc)))
            rows.append(row)
        return Table(rows=rows)


def sniff(data: bytes) -> str | None:
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    return None


def letter_blocks(data: bytes) -> list[Block]:
    """Blocks of a letter (.docx or PDF with a text layer), NFC, or :class:`LetterError`."""
    if len(data) > MAX_LETTER_BYTES:
        raise LetterError(MSG_TOO_LARGE)
    kind = sniff(data)
    if kind == "docx":
        try:
            blocks = read_docx(data, _LetterDocxReader)
        except SplitError as error:
            raise LetterError(str(error)) from error
    elif kind == "pdf":
        blocks = _pdf_blocks_isolated(data)
    else:
        raise LetterError(MSG_NOT_LETTER)
    return [_nfc(block) for block in blocks]


def _pdf_blocks_isolated(data: bytes) -> list[Block]:
    """pdfplumber's reading in a forked child limited in time and memory: a PDF built to make the parser loop or
    allocate fails alone, quickly, with a message."""
    from commentsvc.core.isolation import run_isolated
    from commentsvc.responses.letter_pdf import pdf_blocks
    from commentsvc.responses.signatures import is_hostile_pdf

    if is_hostile_pdf(data):
        raise LetterError(MSG_PDF_HOSTILE)
    return run_isolated(
        pdf_blocks,
        (data,),
        seconds=PDF_SECONDS,
        expected=(LetterError,),
        crash=LetterError(MSG_PDF_CORRUPT),
        timeout=LetterError(MSG_PDF_TOO_SLOW),
    )


def _nfc(block: Block) -> Block:
    if isinstance(block, Table):
        return Table(rows=[[unicodedata.normalize("NFC", cell or "") for cell in row] for row in block.rows])
    return unicodedata.normalize("NFC", block)
