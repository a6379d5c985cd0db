"""From blocks (paragraph texts and tables) to units: recognise numbering, drop the letterhead and signature.

Recognised openings (after Unicode NFC normalisation and whitespace clean-up):
"Phần thứ nhất" / "Phần I" (part), "Chương II" (chapter; its title may follow on the next line), "Mục 1"
(section), "Tiểu mục 1" (subsection), "Điều 5." / "Điều 5a." (article), "I." (Roman heading), "1.1." (item),
"1." (clause), "a)" / "đ)" / "a1)" (point), "-" "–" "•" "+" (bullet). Any other paragraph continues the unit
above it. Tables whose first column holds numbers (STT) give one unit per data row; header and total rows
("Tổng", "Tổng cộng") are not units; other tables are continuation text.

Before the first numbered unit: everything up to the first recital ("Căn cứ…", "Theo đề nghị…", "… quyết
định:", "Chính phủ ban hành Nghị định…") is the letterhead and title and is dropped; from there on it is one
preamble unit. Without recitals, short title-like lines are dropped and the first sentence-like paragraph
opens a plain paragraph unit. "Nơi nhận:", the signature block ("TM.", "KT.", …) or a signer's title alone in
capitals ("BỘ TRƯỞNG") end the draft.
"""

from __future__ import annotations

import re
import unicodedata

from commentsvc.drafts.citations import recompute
from commentsvc.drafts.model import Block, Table, Unit

_ROMAN = r"(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_PATTERNS = (
    ("part", re.compile(r"^(?i:phần)\s+((?i:thứ\s+[^\s.:]+)|[IVXL]+|\d+)(?=[\s.:]|$)")),
    ("chapter", re.compile(r"^(?i:chương)\s+([IVXL]+|\d+)(?=[\s.:]|$)")),
    ("subsection", re.compile(r"^(?i:tiểu\s+mục)\s+(\d+[a-z]?)(?=[\s.:]|$)")),
    ("section", re.compile(r"^(?i:mục)\s+(\d+[a-z]?|[IVXL]+)(?=[\s.:]|$)")),
    ("article", re.compile(r"^(?i:điều)\s+(\d+[a-zđ]?)\s*(?:[.:]|$)")),
    ("heading", re.compile(rf"^({_ROMAN})\s*[.:](?:\s+|$)")),
    ("item", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+|$)")),
    ("clause", re.compile(r"^(\d{1,3})\.(?:\s+|$)")),
    ("point", re.compile(r"^([a-zđ]\d{0,2})\)(?:\s+|$)")),
    ("bullet", re.compile(r"^([-–—•+])(?:\s*|$)")),
)
_RECITAL = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Xét Tờ trình|Theo Tờ trình)\b"
    r"|^.{0,120}\bban hành\s+(?:Nghị định|Thông tư|Quyết định|Nghị quyết|Chỉ thị)\b"
    r"|^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT|CHỈ THỊ)\s*:\s*$|\bquyết định\s*:\s*$",
    re.IGNORECASE,
)
_END = re.compile(r"^(?:Nơi nhận\b|(?:TM|KT|TL|TUQ|Q)\.\s+[A-ZĐ]{2})", re.IGNORECASE)
# A signer's title alone on its line, in capitals, ends a draft that has no "Nơi nhận:" block.
_SIGNER = re.compile(r"^(?:PHÓ )?(?:BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|CỤC TRƯỞNG|VỤ TRƯỞNG|GIÁM ĐỐC)$")
_ROW_LABEL = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,2}})*|{_ROMAN}|[a-zđ])[.)]?$")
_BULLET_LABEL = {"+": "+"}


def clean(text: str) -> str:
    """NFC, one space between words, no zero-width characters."""
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", "").replace("\ufeff", "")
    text = " ".join(text.split())
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def classify(text: str) -> tuple[str, str] | None:
    """(kind, label) of a paragraph that opens a unit, or None for continuation text."""
    for kind, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return kind, _label(kind, match.group(1))
    return None


def _label(kind: str, raw: str) -> str:
    if kind == "part":
        return raw.lower() if raw.lower().startswith("thứ") else raw
    if kind == "bullet":
        return _BULLET_LABEL.get(raw, "-")
    return raw


def guess_label(kind: str, text: str) -> str:
    """The label a paragraph would have as ``kind`` (used when a reviewer changes a unit's kind)."""
    if kind == "bullet":
        return "+" if text.startswith("+") else "-"
    for pattern_kind, pattern in _PATTERNS:
        match = pattern.match(text) if pattern_kind == kind else None
        if match:
            return _label(kind, match.group(1))
    return ""


def _is_title_like(text: str) -> bool:
    """Letterhead and title lines: short, upper-case, or not ending like a sentence."""
    letters = [char for char in text if char.isalpha()]
    if letters and sum(char.isupper() for char in letters) >= 0.8 * len(letters):
        return True
    return len(text) < 200 and (text[-1] not in ".;:" or len(text.split()) < 8)


def _data_rows(table: Table) -> list[tuple[str, list[str]]]:
    rows = []
    for cells in table.rows:
        cells = [clean(cell) for cell in cells]
        match = _ROW_LABEL.match(cells[0]) if cells else None
        if match:
            rows.append((match.group(1), cells))
        elif rows and any(cells) and not any(cell.lower().startswith("tổng") for cell in cells):
            rows.append(("", cells))  # a row without its own number continues the row above
    return rows


def _row_text(cells: list[str]) -> str:
    return " | ".join(cell for cell in cells if cell)


class _Builder:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.prologue: list[str] = []
        self.target: int | None = None  # unit that receives continuation paragraphs

    def open(self, kind: str, label: str, text: str) -> None:
        self.units.append(Unit(kind=kind, label=label, paragraphs=[text]))
        self.target = len(self.units) - 1

    def paragraph(self, text: str) -> None:
        found = classify(text)
        if found:
            self.flush_prologue()
            self.open(*found, text)
        elif self.target is not None:
            self.units[self.target].paragraphs.append(text)
        else:
            self.prologue.append(text)

    def table(self, table: Table) -> None:
        rows = _data_rows(table)
        if not rows:
            for cells in table.rows:
                text = _row_text([clean(cell) for cell in cells])
                if text and (self.target is not None):
                    self.units[self.target].paragraphs.append(text)
            return
        self.flush_prologue()
        owner = self.target
        for label, cells in rows:
            if label:
                self.open("table_row", label, _row_text(cells))
            elif self.target is not None:
                self.units[self.target].paragraphs.append(_row_text(cells))
        self.target = owner  # text after the table belongs to the unit that introduced it

    def flush_prologue(self) -> None:
        if not self.prologue:
            return
        lines, self.prologue = self.prologue, []
        recital = next((i for i, line in enumerate(lines) if _RECITAL.search(line)), None)
        if recital is not None:
            self.units.append(Unit(kind="preamble", label="", paragraphs=lines[recital:]))
            return
        body = next((i for i, line in enumerate(lines) if not _is_title_like(line)), None)
        if body is not None:
            self.units.append(Unit(kind="paragraph", label="", paragraphs=lines[body:]))


def _ends_table(table: Table) -> bool:
    return any(_END.match(clean(cell)) for row in table.rows[:1] for cell in row)


def _ends_text(text: str, started: bool) -> bool:
    return text.startswith("Nơi nhận") or (started and bool(_END.match(text) or _SIGNER.match(text)))


def build_units(blocks: list[Block]) -> list[Unit]:
    """Units of a draft with parents, depths, refs and positions computed."""
    builder = _Builder()
    for block in blocks:
        if isinstance(block, Table):
            if _ends_table(block):
                break
            builder.table(block)
            continue
        text = clean(block)
        if _ends_text(text, bool(builder.units)):
            break
        if text:
            builder.paragraph(text)
    if not builder.units:
        builder.flush_prologue()
    return recompute(builder.units)
