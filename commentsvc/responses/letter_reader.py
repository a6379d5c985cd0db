"""Read an official reply letter (công văn góp ý) into per-clause comments. Pure: no Flask, no database.

Entry points: :func:`read_letter` (bytes of a .docx or a PDF with a text layer) and :func:`read_blocks`
(blocks already read), both given the draft version's clauses (:class:`letter_refs.DraftClause`).

A letter has three zones: the letterhead up to "Kính gửi" and its recipients, the body, and from "Nơi nhận" or
the signature block on. The body holds an introduction ("Phúc đáp Công văn số …, Bộ X có ý kiến như sau:"),
then comments — numbered, lettered, dashed, plain paragraphs or rows of a comment table — and a closing ("Trên
đây là ý kiến …"). Headings such as "Về ý kiến chung", "Về hồ sơ" or "Ý kiến cụ thể" switch between general and
specific comments; a heading that only cites a clause ("2. Tại Điều 5:") gives its clause to the comments under
it. A comment whose clause cannot be found is kept as a general comment, never dropped, and the citation the
draft lacks is reported in ``unresolved`` (a sign of a letter meant for another draft).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from commentsvc.drafts.model import Block, Table
from commentsvc.responses import letter_fields as fields
from commentsvc.responses.letter_body import BodyItem, read_body
from commentsvc.responses.letter_errors import MSG_EMPTY, LetterError
from commentsvc.responses.letter_refs import ClauseIndex, DraftClause
from commentsvc.responses.letter_text import letter_blocks

AGREE = "agree"
COMMENTS = "comments"
DISAGREE = "disagree"
UNCLEAR = "unclear"

_GREETING = re.compile(r"^\s*Kính\s+gửi", re.IGNORECASE)
_SIGNATURE_START = re.compile(
    r"^\s*(Nơi\s+nhận|(KT|TL|TM|TUQ)\s*\.\s*\S|(BỘ|THỨ|CỤC|VỤ|PHÓ\s+)?(TRƯỞNG|CHỦ\s+TỊCH|GIÁM\s+ĐỐC)\s*$)"
)
_RECIPIENTS_END = re.compile(r"[;.,]\s*$")


@dataclass
class LetterFields:
    number: str = ""
    date: date | None = None
    agency: str = ""
    signer: str = ""
    signer_title: str = ""
    answers: str = ""


@dataclass
class LetterItem:
    refs: list[str]
    text: str
    proposed_wording: str = ""
    clauses: list[int] = field(default_factory=list)  # indexes in the draft's clause list


@dataclass
class GeneralComment:
    text: str
    proposed_wording: str = ""


@dataclass
class LetterReading:
    position: str
    letter: LetterFields
    items: list[LetterItem] = field(default_factory=list)
    general: list[GeneralComment] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # citations of clauses the draft does not have

    def to_json(self) -> dict:
        """The CLI's JSON object: position, letter (date as YYYY-MM-DD), items, general."""
        letter = asdict(self.letter)
        letter["date"] = self.letter.date.isoformat() if self.letter.date else None
        return {
            "position": self.position,
            "letter": letter,
            "items": [
                {"refs": item.refs, "text": item.text, "proposed_wording": item.proposed_wording} for item in self.items
            ],
            "general": [{"text": comment.text} for comment in self.general],
        }


def read_letter(data: bytes, clauses: Sequence[DraftClause], directory: Sequence[str] = ()) -> LetterReading:
    """Read a letter's bytes; ``directory`` holds agency names, to spell the letterhead's agency the directory's way."""
    return read_blocks(letter_blocks(data), clauses, directory)


def _lines(block: Block) -> list[str]:
    if isinstance(block, Table):
        return [line for row in block.rows for cell in row for line in (cell or "").split("\n")]
    return [block]


def _text(block: Block) -> str:
    return "\n".join(_lines(block))


def _zones(blocks: list[Block]) -> tuple[int, int]:
    """(first body block, first signature block)."""
    greeting = next((i for i, block in enumerate(blocks) if any(_GREETING.match(x) for x in _lines(block))), None)
    if greeting is None:
        start = next((i for i, block in enumerate(blocks) if isinstance(block, str) and len(block) > 120), 0)
    else:
        start = greeting + 1
        while start < len(blocks) and _is_recipient(blocks[start]):
            start += 1
    end = len(blocks)
    for index in range(start, len(blocks)):
        block = blocks[index]
        lines = _lines(block)
        if isinstance(block, Table) and _is_comment_table(block):
            continue
        if any(_SIGNATURE_START.match(line) for line in lines[:4]):
            end = index
            break
    return start, end


def _is_recipient(block: Block) -> bool:
    return isinstance(block, str) and block.lstrip().startswith(("-", "+", "•")) and len(block) < 150


def _is_comment_table(table: Table) -> bool:
    from commentsvc.responses.letter_body import comment_table_columns

    return comment_table_columns(table) is not None


def _header_lines(blocks: list[Block], start: int) -> list[str]:
    return [line for block in blocks[:start] for line in _lines(block)]


def _signature_lines(blocks: list[Block]) -> list[str]:
    """The signature column: cells without "Nơi nhận", or the lines after the list of recipients."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    if cell and not re.match(r"\s*Nơi\s+nhận", cell, re.IGNORECASE):
                        lines.extend(cell.split("\n"))
        elif not re.match(r"\s*(Nơi\s+nhận|[-+•])", block, re.IGNORECASE):
            lines.append(block)
    return lines


def read_blocks(blocks: list[Block], clauses: Sequence[DraftClause], directory: Sequence[str] = ()) -> LetterReading:
    if not any(_text(block).strip() for block in blocks):
        raise LetterError(MSG_EMPTY)
    start, end = _zones(blocks)
    header = _header_lines(blocks, start)
    body = blocks[start:end]
    index = ClauseIndex(clauses)
    result = read_body(body, index)
    signer, title = fields.signature(_signature_lines(blocks[end:]))
    letter = LetterFields(
        number=fields.letter_number(header),
        date=fields.letter_date(header),
        agency=fields.agency(header, directory),
        signer=signer,
        signer_title=title,
        answers=fields.answers("\n".join(header + [_text(block) for block in body[:3]])),
    )
    items = [_item(item, index) for item in result.items if item.clauses]
    general = [GeneralComment(item.text, item.proposed_wording) for item in result.items if not item.clauses]
    position = _position(result.statements, items, general)
    return LetterReading(position, letter, items, general, list(dict.fromkeys(result.unresolved)))


def _item(item: BodyItem, index: ClauseIndex) -> LetterItem:
    return LetterItem([index.ref(i) for i in item.clauses], item.text, item.proposed_wording, list(item.clauses))


_AGREE = re.compile(
    r"(nhất\s+trí|thống\s+nhất|đồng\s+ý)\s+hoàn\s+toàn|hoàn\s+toàn\s+(nhất\s+trí|thống\s+nhất|đồng\s+ý)"
    r"|không\s+có\s+ý\s+kiến(\s+góp\s+ý)?(\s+bổ\s+sung|\s+khác)?"
    r"|(nhất\s+trí|thống\s+nhất|đồng\s+ý)\s+(với\s+)?(toàn\s+bộ\s+)?(nội\s+dung|dự\s+thảo)[^.]*không\s+(có\s+)?(ý\s+kiến|góp\s+ý)",
    re.IGNORECASE,
)
_DISAGREE = re.compile(
    r"không\s+(nhất\s+trí|thống\s+nhất|đồng\s+ý)\s+(với\s+)?(việc\s+ban\s+hành|(toàn\s+bộ\s+)?(nội\s+dung\s+)?(của\s+)?dự\s+thảo)"
    r"|đề\s+nghị\s+không\s+ban\s+hành|chưa\s+(nhất\s+trí|thống\s+nhất|đồng\s+ý)\s+(với\s+)?việc\s+ban\s+hành",
    re.IGNORECASE,
)


def _position(statements: list[str], items: list[LetterItem], general: list[GeneralComment]) -> str:
    """agree (agrees entirely, no comment), comments, disagree, or unclear (the team decides)."""
    said = "\n".join(statements + [comment.text for comment in general])
    if _DISAGREE.search(said):
        return DISAGREE
    if items or general:
        return COMMENTS
    if _AGREE.search(said):
        return AGREE
    return UNCLEAR
