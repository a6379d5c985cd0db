"""From blocks (paragraph texts, tables, TOC lines) to units, reading the whole document.

Recognised openings (after Unicode NFC normalisation and whitespace clean-up): "Phụ lục II" / "PHỤ LỤC" (annex), a
title followed by "(Ban hành kèm theo …)" (an attached programme or regulation, also an annex), "Mẫu số 01" / "Biểu
mẫu 02" (form), "Phần thứ nhất" / "Phần I" / "A. DANH MỤC PHÍ" (part; a capital letter only before a title in
capitals), "Chương II" (chapter; its title may follow on the next line), "Mục 1" (section), "Tiểu mục 1"
(subsection), "Điều 5." / "Điều 5a." (article), "I." (Roman heading; also "II" alone before a title in capitals),
"1.1." (item), "1." (clause), "a)" / "đ)" / "a1)" (point; "m)Dữ liệu" without a space too), "-" "–" "•" "+"
(bullet). Part, chapter and section words open a unit only when what follows the number is a title, not a sentence
("Phần thứ nhất bao gồm …" is text). Any other paragraph continues the unit above it, except a paragraph that closes
a list of points: it is a closing paragraph of the khoản (or Điều) that holds the points (see :mod:`closings`).
Lines made only of rule characters ("------", "____") are separators, never units. Tables whose first column holds
row numbers (STT: "1", "1.1", "105", "5a", "7a, 7b", letters "a", "b" under a numbered row, Roman numerals) give one
unit per data row; the header rows above the first numbered row go to the unit that introduced the table, a header
repeated on later pages is counted as such, a total row ("Tổng cộng") goes to the introducing unit, an unnumbered
row continues the row above. Other tables are continuation text.

The document is read in three states:

- *body*: before the first numbered unit, everything up to the first recital ("Căn cứ…" — also written as a
  dash "- Căn cứ…" —, "Theo đề nghị…", "… quyết định:", "Chính phủ ban hành Nghị định…") is the letterhead
  and title; from there on it is one preamble unit. Without recitals, short title-like lines (and a letter's
  subject "V/v …" and addressee "Kính gửi: …") are letterhead and the first sentence-like paragraph opens a
  plain paragraph unit. "Nơi nhận:", the signature block ("TM.",
  "KT.", …), a signer's title alone in capitals ("BỘ TRƯỞNG", "CHỦ TỊCH QUỐC HỘI"), the adoption sentence
  ("Luật này đã được Quốc hội … thông qua …") or "(Đã ký)" end the body (a name just above "(Đã ký)", "Hồ Chí
  Minh", is the signer's, not the last article's);
- *closing*: recipients, signature, the next page's letterhead. Nothing here is a unit; a long sentence that
  is none of these is text that went nowhere (listed in the :class:`~commentsvc.drafts.accounting.Tally`);
- *annex*: from an annex heading on, in the body or after the signature, units are read again under the annex
  unit; "Nơi nhận" and signatures inside an annex belong to its sample forms and do not end anything.

Every piece of text read is tallied in one category of :mod:`commentsvc.drafts.accounting`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import partial

from commentsvc.drafts.accounting import Tally
from commentsvc.drafts.citations import ATTACHMENT_TYPES, recompute
from commentsvc.drafts.closings import file_closing_paragraphs
from commentsvc.drafts.model import Block, Table, Toc, Unit

_ROMAN = r"(?=[IVXL])(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_GLUED = r"(?:\s+|$|(?=[^\W\d_]))"  # "m)Dữ liệu", "3.Các": a label glued to its text still opens a unit
_PATTERNS = (
    ("part", re.compile(r"^(?i:phần)\s+((?i:thứ\s+[^\s.:]+)|[IVXL]+|\d+|[A-Z])(?=[\s.:]|$)")),
    # "A. DANH MỤC PHÍ", "B. DANH MỤC LỆ PHÍ": a capital letter above the Roman headings, cited "Phần A"
    ("lettered part", re.compile(r"^([A-HJKMNOPQRSTUWYZ])\.\s+(?=[A-ZĐ])")),
    ("chapter", re.compile(r"^(?i:chương)\s+([IVXL]+|\d+)(?=[\s.:]|$)")),
    ("subsection", re.compile(r"^(?i:tiểu\s+mục)\s+(\d+[a-z]?)(?=[\s.:]|$)")),
    ("section", re.compile(r"^(?i:mục)\s+(\d+[a-z]?|[IVXL]+)(?=[\s.:]|$)")),
    ("article", re.compile(r"^(?i:điều)\s+(\d+[a-zđ]?)\s*(?:[.:]|$)")),
    ("heading", re.compile(rf"^({_ROMAN})\s*[.:](?:\s+|$)")),
    ("item", re.compile(r"^(\d{1,3}(?:\.\d{1,2})+)\.?(?:\s+|$)")),
    ("clause", re.compile(rf"^(\d{{1,3}})\.{_GLUED}")),
    ("point", re.compile(rf"^([a-zđ]\d{{0,2}})\){_GLUED}")),
    ("bullet", re.compile(r"^([-–—•+])(?:\s*|$)")),
)
_TITLED = frozenset(("part", "chapter", "section", "subsection"))  # their number is followed by a title
_LETTERED = "lettered part"
_PATTERN_KIND = {_LETTERED: "part"}
_ANNEX = re.compile(r"^(?i:phụ\s+lục)(?:\s+(?i:số))?(?:\s*((?:[IVXLC]+|\d{1,3})[a-zđ]?|[A-Z])(?![\w]))?")
_FORM = re.compile(
    r"^(?i:mẫu|biểu\s+mẫu|biểu)(?:\s+(?i:số))?\s*(\d{1,3}[a-zđ]?(?:[.\-]\d{1,3}[a-zđ]?)*|[IVXL]+)(?![\w])"
    r"|^(?i:biểu\s+mẫu)(?=\s*$|\s+[A-ZĐ]{2})"
)
_ATTACHED_NOTE = re.compile(r"^\(?\s*(?:(?:ban hành\s+)?kèm theo|ban hành theo)\b", re.IGNORECASE)
_OPENING_LETTERS = frozenset("PpMmBb")  # Phụ lục, Mẫu, Biểu: a cheap test before the patterns
_KEM_THEO = re.compile(r"\bkèm theo\b", re.IGNORECASE)
_RECITAL = re.compile(
    r"^(?:Căn cứ|Theo đề nghị|Xét đề nghị|Xét Tờ trình|Theo Tờ trình)\b"
    r"|^.{0,120}\bban hành\s+(?:Nghị định|Thông tư|Quyết định|Nghị quyết|Chỉ thị)\b"
    r"|^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT|CHỈ THỊ)\s*:\s*$|\bquyết định\s*:\s*$",
    re.IGNORECASE,
)
_RECIPIENTS = re.compile(r"^Nơi nhận\s*(?::|$)", re.IGNORECASE)  # not "Nơi nhận văn bản", a column header
_UPPER = "A-ZĐÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"  # capitals, with diacritics
# "TM. CHÍNH PHỦ", "TM. ỦY BAN NHÂN DÂN", also "Ký ban hành: TM. …"
_AUTHORITY = re.compile(rf"^(?:[^.:]{{1,40}}:\s*)?(?:TM|KT|TL|TUQ|Q)\.\s*[{_UPPER}]{{2}}")
# A signer's title alone on its line, in capitals, ends a draft that has no "Nơi nhận:" block.
_SIGNER = re.compile(
    r"^(?:PHÓ |Q\. )?(?:BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|CHỦ NHIỆM|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|VỤ TRƯỞNG"
    r"|TỔNG GIÁM ĐỐC|GIÁM ĐỐC|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|THỐNG ĐỐC|TỔNG THƯ KÝ|TRƯỞNG BAN|BÍ THƯ"
    r"|CHÁNH VĂN PHÒNG|THỦ TRƯỞNG)(?: [A-ZĐÀ-Ỹ ,]{0,60})?$"
)
_ADOPTION = re.compile(
    r"^(?:Luật|Bộ luật|Nghị quyết|Pháp lệnh|Hiến pháp)\s+này\s+(?:đã\s+)?được\s+.{0,300}?\bthông qua\b",
    re.IGNORECASE,
)
_LETTERHEAD = re.compile(
    r"CỘNG HO?ÀA? XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do|^Số\s*:|^[^,.;]{2,40},\s*ngày\s", re.IGNORECASE
)
_LETTER_HEADING = re.compile(r"^(?:V/v\b|Về việc\b|Kính gửi\s*:|:\s)", re.IGNORECASE)
_SIGNED = re.compile(r"^[\[(]?\s*(?:đã ký|ký|daky|ký số)\s*[\])]?$", re.IGNORECASE)
_RULE = re.compile(r"^[-–—_=*.…·~\s]{3,}$")
_ROW_NUMBER = r"\d{1,4}[a-zđ]?(?:\.\d{1,3}[a-zđ]?)*"  # "1", "1.2", "105", "5a"; a list "7a, 7b, 7c" is one row
_BARE_ROMAN = re.compile(rf"^{_ROMAN}$")  # a Roman heading's number on a line of its own (tables read as lines)
_ROW_LABEL = re.compile(rf"^({_ROW_NUMBER}(?:\s*,\s*{_ROW_NUMBER})*|{_ROMAN}|[a-zđ]\d?)[.)]?$")
_TOTAL = re.compile(r"^(?:tổng|tổng cộng|tổng số|cộng)\s*:?$", re.IGNORECASE)
_BULLET_LABEL = {"+": "+"}
_HEADER_ROWS = 3  # a layout table holding an annex's heading is small
_LOOKAHEAD = 4  # lines between an attachment's title and its "(Ban hành kèm theo …)" note


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
        if match is None:
            continue
        if kind == _LETTERED:
            if _is_caps(text[match.end() :]):  # a title in capitals, not a sentence ("A. Nguyễn Văn …")
                return "part", match.group(1)
        elif kind not in _TITLED or _is_title_tail(text[match.end() :]):
            return kind, _label(kind, match.group(1))
    return None


def _is_caps(text: str) -> bool:
    """At least 80% of the letters in capitals ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "THỂ THỨC VÀ KỸ THUẬT …")."""
    if text.isupper():
        return True
    if len(text) > 400:  # a title is never that long; counting letters of every long paragraph would cost time
        return False
    upper = sum(map(str.isupper, text))
    return upper > 0 and upper >= 4 * sum(map(str.islower, text))


def _is_title_tail(rest: str) -> bool:
    """What follows "Phần thứ nhất", "Phụ lục II", "Mẫu số 01": nothing, punctuation or a title, not a sentence."""
    rest = rest.strip()
    if not rest or rest[0] in '.:-–—/("“':
        return True
    if rest.lower().startswith(("kèm theo", "ban hành kèm theo")):
        return True
    if not rest[0].isupper():
        return False
    return _is_caps(rest) or (len(rest.split()) <= 15 and rest[-1] not in ".;,")


def annex_opening(text: str) -> tuple[str, str] | None:
    """("annex", "II") for "Phụ lục II …", ("form", "01") for "Mẫu số 01 …", None for anything else."""
    if text[:1] not in _OPENING_LETTERS or len(text) > 300:
        return None
    if text[-1] in ".;" and text.count(" ") >= 12:
        return None  # a sentence that mentions an annex ("Mẫu số 01 ban hành kèm theo Thông tư này là …")
    match = _ANNEX.match(text)
    if match and _is_title_tail(text[match.end() :]):
        return "annex", match.group(1) or ""
    match = _FORM.match(text)
    if match and _is_title_tail(text[match.end() :]):
        return "form", match.group(1) or ""
    return None


def _cell_opening(text: str) -> tuple[str, str] | None:
    """An annex or form heading at the start of a table cell, where its title and note share the cell."""
    found = annex_opening(text)
    if found is None and _KEM_THEO.search(text[:300]):
        match = _ANNEX.match(text) or _FORM.match(text)
        found = (("annex" if match.re is _ANNEX else "form"), match.group(1) or "") if match else None
    return found


def _attachment_type(title: str) -> str:
    lowered = title.lower()
    found = next((name for name in ATTACHMENT_TYPES if lowered.startswith(name.lower())), None)
    return found or "Văn bản kèm theo"


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
    if kind in ("annex", "form"):
        found = annex_opening(text)
        return found[1] if found and found[0] == kind else ""
    for pattern_kind, pattern in _PATTERNS:
        match = pattern.match(text) if kind in (pattern_kind, _PATTERN_KIND.get(pattern_kind)) else None
        if match:
            return _label(kind, match.group(1))
    return ""


def _is_title_like(text: str) -> bool:
    """Letterhead and title lines: short, upper-case, or not ending like a sentence."""
    if _is_caps(text):
        return True
    return len(text) < 200 and (text[-1] not in ".;:" or len(text.split()) < 8)


def _row_text(cells: list[str]) -> str:
    return " | ".join(cell for cell in cells if cell)


def _ends_body(text: str, started: bool) -> bool:
    if _RECIPIENTS.match(text):
        return True
    return started and bool(_AUTHORITY.match(text) or _SIGNER.match(text) or _ADOPTION.match(text))


def _is_heading_line(text: str) -> bool:
    """A line of the heading of a draft or letter: a title, the subject "V/v …" (its ": …" continuation when the
    line breaks after "V/v"), the addressee "Kính gửi: …"."""
    return _is_title_like(text) or bool(_LETTER_HEADING.match(text))


def _is_signature(text: str) -> bool:
    return bool(_AUTHORITY.match(text) or _SIGNER.match(text))


def _is_name(text: str) -> bool:
    """A person's name on its own line: two to five words, each capitalised, nothing else ("Hồ Chí Minh")."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(word.isalpha() and word[0].isupper() for word in words)


def _ends_table(rows: list[list[str]]) -> bool:
    """A signature table: its first row holds "Nơi nhận:" or "TM. …" (cells already cleaned)."""
    return bool(rows) and any(_RECIPIENTS.match(cell) or _AUTHORITY.match(cell) for cell in rows[0])


def _closing_category(text: str, current: str) -> str:
    """Where a line after the body's end goes: recipients, signature, letterhead, or nowhere."""
    if _RECIPIENTS.match(text):
        return "recipients"
    if _AUTHORITY.match(text) or _SIGNER.match(text) or _ADOPTION.match(text) or _SIGNED.match(text):
        return "signature"
    if _LETTERHEAD.search(text):
        return "letterhead"
    if current == "recipients" and (text[0] in "-+•–" or text.endswith((";", ",", "."))) and len(text) < 300:
        return "recipients"
    if len(text) <= 120 and _is_title_like(text):
        return "signature"
    return "nowhere"


class _Builder:
    def __init__(self, tally: Tally) -> None:
        self.units: list[Unit] = []
        self.prologue: list[str] = []
        self.target: int | None = None  # unit that receives continuation paragraphs
        self.state = "body"  # body → closing (after the signature) → annex; see the module docstring
        self.closing_kind = "signature"
        self.tally = tally

    def open(self, kind: str, label: str, text: str) -> None:
        self.units.append(Unit(kind=kind, label=label, paragraphs=[text]))
        self.target = len(self.units) - 1
        self.tally.add("units", text)

    def add_to(self, index: int | None, text: str) -> None:
        if index is None:
            self.tally.add("nowhere", text)
        else:
            self.units[index].paragraphs.append(text)
            self.tally.add("units", text)

    def paragraph(self, text: str, following: Callable[[], list[str]]) -> None:
        if _RULE.match(text):
            self.tally.add("separators", text)
            return
        opening = annex_opening(text) or self._attachment(text, following)
        if opening:
            self.flush_prologue()
            self.state = "annex"
            self.open(*opening, text)
        elif self.state == "closing":
            self.closing(text)
        elif self.state == "body" and _ends_body(text, bool(self.units)):
            self.flush_prologue()
            self.state = "closing"
            self.closing(text)
        elif self.state == "body" and self.units and _SIGNED.match(text):
            self._take_signer_name()  # "Hồ Chí Minh" then "(Đã ký)": the name above is the signature too
            self.flush_prologue()
            self.state = "closing"
            self.closing(text)
        elif self.units and _BARE_ROMAN.match(text) and _title_follows(following):
            self.open("heading", text, text)  # "II" alone, its title in capitals on the next line
        else:
            self.body(text)

    def body(self, text: str) -> None:
        found = classify(text)
        if found and found[0] == "bullet" and self.target is None and _RECITAL.search(text.lstrip("-–—•+ ")):
            found = None  # "- Căn cứ Luật …": a recital written as a dash is still the preamble
        if found:
            self.flush_prologue()
            self.open(*found, text)
        elif self.target is not None:
            self.add_to(self.target, text)
        else:
            self.prologue.append(text)

    def _attachment(self, title: str, following: Callable[[], list[str]]) -> tuple[str, str] | None:
        """A capitalised title followed by "(Ban hành kèm theo …)", after the body has begun: an attachment."""
        if self.state == "annex" or not self.units or not title[:2].isupper() or not _is_caps(title):
            return None
        if len(title.split()) < 2 or _is_signature(title):
            return None
        for line in following():
            if _ATTACHED_NOTE.match(line):
                return "annex", _attachment_type(title)
            if not _is_caps(line) or _is_signature(line):  # "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", then the title
                return None
        return None

    def closing(self, text: str) -> None:
        category = _closing_category(text, self.closing_kind)
        if category in ("recipients", "signature"):
            self.closing_kind = category
        self.tally.add(category, text)

    def toc(self, text: str) -> None:
        self.tally.add("toc", text)

    def table(self, table: Table) -> None:
        rows = [[clean(cell) for cell in cells] for cells in table.rows]
        if self._annex_header(rows):
            return
        if self.state == "closing" or (self.state == "body" and bool(self.units) and _ends_table(rows)):
            self.flush_prologue()
            self.state = "closing"
            for cells in rows:
                for cell in cells:
                    if cell:
                        self.closing(cell)
            return
        first = next((i for i, cells in enumerate(rows) if cells and _ROW_LABEL.match(cells[0])), None)
        if first is None:
            for cells in rows:
                text = _row_text(cells)
                if text:
                    self.add_to(self.target, text) if self.target is not None else self.prologue.append(text)
            return
        self.flush_prologue()
        owner = self.target
        headers = {_row_text(cells) for cells in rows[:first]}
        for cells in rows[:first]:
            if _row_text(cells):
                self.add_to(owner, _row_text(cells))
        for cells in rows[first:]:
            text = _row_text(cells)
            match = _ROW_LABEL.match(cells[0]) if cells else None
            if not text:
                continue
            if match:
                self.open("table_row", match.group(1), text)
            elif text in headers:
                self.tally.add("table_headers", text)  # the header repeated on the next page
            elif any(_TOTAL.match(cell) for cell in cells):
                self.add_to(owner, text)
            else:
                self.add_to(self.target, text)  # a row without its own number continues the row above
        self.target = owner  # text after the table belongs to the unit that introduced it

    def _annex_header(self, rows: list[list[str]]) -> bool:
        """An annex whose heading sits in a small layout table ("BỘ … | Phụ lục I (Kèm theo …)"): open it there,
        the table's other cells are its first paragraphs."""
        if len(rows) > _HEADER_ROWS or self.state == "body" and not self.units:
            return False
        cells = [cell for cells in rows for cell in cells if cell]
        found = next(((i, opening) for i, cell in enumerate(cells) if (opening := _cell_opening(cell))), None)
        if found is None:
            return False
        index, (kind, label) = found
        self.flush_prologue()
        self.state = "annex"
        self.open(kind, label, cells[index])
        for cell in cells[:index] + cells[index + 1 :]:
            self.add_to(self.target, cell)
        return True

    def _take_signer_name(self) -> None:
        unit = self.units[self.target] if self.target is not None else None
        if unit is not None and len(unit.paragraphs) > 1 and _is_name(unit.paragraphs[-1]):
            name = unit.paragraphs.pop()
            self.tally.characters["units"] -= len(name)
            self.tally.add("signature", name)

    def flush_prologue(self) -> None:
        if not self.prologue:
            return
        lines, self.prologue = self.prologue, []
        start = next((i for i, line in enumerate(lines) if _RECITAL.search(line.lstrip("-–—•+ "))), None)
        kind = "preamble"
        if start is None:
            kind = "paragraph"
            start = next((i for i, line in enumerate(lines) if not _is_heading_line(line)), len(lines))
        for line in lines[:start]:
            self.tally.add("letterhead", line)
        if start < len(lines):
            self.units.append(Unit(kind=kind, label="", paragraphs=lines[start:]))
            for line in lines[start:]:
                self.tally.add("units", line)


def _title_follows(following: Callable[[], list[str]]) -> bool:
    """The next paragraph is a title in capitals ("SỬ DỤNG TÀI NGUYÊN"), not a unit of its own."""
    lines = following()[:1]
    return bool(lines) and len(lines[0].split()) > 1 and _is_caps(lines[0]) and classify(lines[0]) is None


def _following(blocks: list[Block], index: int) -> list[str]:
    """The next few non-empty paragraphs after ``index``, up to the next table."""
    lines: list[str] = []
    for block in blocks[index + 1 : index + 1 + 3 * _LOOKAHEAD]:
        if isinstance(block, Table) or len(lines) >= _LOOKAHEAD:
            break
        text = clean(block.text if isinstance(block, Toc) else block)
        if text:
            lines.append(text)
    return lines


def build_split(blocks: list[Block]) -> tuple[list[Unit], Tally]:
    """Units of a draft with parents, depths, refs and positions computed, and where all its text went."""
    builder = _Builder(Tally())
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            builder.table(block)
        elif isinstance(block, Toc):
            builder.toc(clean(block.text))
        else:
            text = clean(block)
            if text:
                builder.paragraph(text, partial(_following, blocks, index))
    builder.flush_prologue()
    units = recompute(builder.units)
    closed = file_closing_paragraphs(units)
    return (units if closed is None else recompute(closed)), builder.tally


def build_units(blocks: list[Block]) -> list[Unit]:
    """Units of a draft with parents, depths, refs and positions computed."""
    return build_split(blocks)[0]
