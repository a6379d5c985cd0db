"""The synthesis as an Excel workbook: the table, for a later round the previous round's comments and how they
were handled (part II, second sheet), the figures and the agencies that did not reply.

Every text is written as a string cell: a comment such as "=HYPERLINK(…)" or "+84…" must never become a
formula, whatever it starts with. Risky-looking strings also get Excel's quote prefix, so editing the cell in
Excel does not turn it into a formula either (commentsvc/core/xlsx.py, shared by every workbook).
"""

from __future__ import annotations

from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray

from commentsvc.core import xlsx
from commentsvc.synthesis import previous_round as part_two
from commentsvc.synthesis import wording
from commentsvc.synthesis.compiler import Synthesis, SynthesisRow
from commentsvc.synthesis.ooxml import workbook_bytes

TABLE_SHEET = "Tổng hợp"
FIGURES_SHEET = "Số liệu"
SILENT_SHEET = "Không trả lời"
PREVIOUS_SHEET = "Tiếp thu lần {number}"  # the carry-over file's own sheet name
TABLE_COLUMNS = (
    ("STT", 6),
    ("Điều khoản", 22),
    ("Nội dung điều khoản", 45),
    ("Cơ quan góp ý", 28),
    ("Nội dung góp ý", 60),
    ("Đề xuất sửa đổi", 40),
    ("Kết quả xử lý", 16),
    ("Giải trình", 50),
)
_WRAP = Alignment(wrap_text=True, vertical="top")
_BOLD = Font(bold=True)


class _Cells:
    """Makes write-only cells with styles resolved once per workbook.

    Assigning Font/Alignment to each cell hashes them again and again (a second for 10,000 rows). Cells share a
    finished style array instead (it holds indices into this workbook's style lists): a write-only cell is written
    once and never restyled, so nothing changes the shared array. Empty values give no cell at all (None), as an
    empty cell shows nothing that a missing one does not.
    """

    def __init__(self, sheet):
        self.sheet = sheet
        self.styles: dict[tuple[bool, bool], StyleArray] = {}

    def _style(self, bold: bool, quote: bool) -> StyleArray:
        if (bold, quote) not in self.styles:
            prototype = WriteOnlyCell(self.sheet)
            prototype.alignment = _WRAP
            if bold:
                prototype.font = _BOLD
            if quote:
                prototype.quotePrefix = True
            self.styles[bold, quote] = prototype._style
        return self.styles[bold, quote]

    def __call__(self, value, *, bold: bool = False) -> WriteOnlyCell | None:
        if value is None or value == "":
            return None
        cell = WriteOnlyCell(self.sheet)
        if isinstance(value, str):
            quote = xlsx.set_text(cell, value)  # "=1+1" stays text, never a formula
        else:
            cell.value = value
            quote = False
        cell._style = self._style(bold, quote)
        return cell


def _sheet(workbook: Workbook, title: str, columns) -> tuple:
    sheet = workbook.create_sheet(title)
    cell = _Cells(sheet)
    _header(sheet, cell, columns)
    return sheet, cell


def _header(sheet, cell: _Cells, columns) -> None:
    for index, (_, width) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([cell(title, bold=True) for title, _ in columns])


def _several(row: SynthesisRow, attribute: str) -> str:
    values = [(comment.agency_name, getattr(comment, attribute)) for comment in row.comments]
    values = [(name, value) for name, value in values if value]
    if len(row.comments) == 1:
        return values[0][1] if values else ""
    return "\n".join(f"- {name}: {value}" for name, value in values)


def _table_values(row: SynthesisRow) -> list:
    return [
        row.number,
        row.ref,
        row.clause_text,
        row.agencies,
        _several(row, "text"),
        _several(row, "proposed_wording"),
        row.decision_label,
        row.explanation,
    ]


def _table(workbook: Workbook, synthesis: Synthesis) -> None:
    sheet, cell = _sheet(workbook, TABLE_SHEET, TABLE_COLUMNS)
    for row in synthesis.rows:
        sheet.append([cell(value) for value in _table_values(row)])


def _previous_round_sheet(workbook: Workbook, section: part_two.PreviousRound) -> None:
    columns = tuple(zip(part_two.HEADINGS, (width * 0.5 for width in part_two.WIDTHS), strict=True))
    sheet, cell = _sheet(workbook, PREVIOUS_SHEET.format(number=section.title.previous_round), columns)
    for values in part_two.table_values(section):
        sheet.append([cell(int(values[0]))] + [cell(value) for value in values[1:]])
    if not section.rows:
        sheet.append([cell(None), cell(part_two.NO_COMMENTS)])


def _figures(synthesis: Synthesis) -> list[tuple[str, int | None]]:
    summary = synthesis.summary
    # First, where nobody can miss it: while the consultation is open the figures are provisional.
    figures: list[tuple[str, int | None]] = [(synthesis.provisional_note, None)] if synthesis.is_provisional else []
    figures += [("Số cơ quan được lấy ý kiến", summary.consulted)]
    figures += [(f"  - {count.label}", count.count) for count in summary.consulted_by_group]
    figures += [
        ("Số cơ quan có văn bản trả lời", summary.replied),
        ("  - Trả lời đúng hạn", summary.replied_on_time),
        ("  - Trả lời quá hạn, được tổng hợp", summary.replied_late_used),
        ("  - Trả lời quá hạn, không được tổng hợp", summary.replied_late_unused),
        ("Nhất trí hoàn toàn", summary.agreed_entirely),
        ("Nhất trí và có ý kiến góp ý", summary.agreed_with_comments),
        ("Không nhất trí", summary.disagreed),
        ("Không trả lời, được hiểu là nhất trí", len(summary.silent_agreeing)),
        ("Không trả lời, không tính là nhất trí", len(summary.silent_not_counted)),
    ]
    if synthesis.is_provisional:
        figures += [("Chưa trả lời, chưa hết hạn góp ý (chưa tính là nhất trí)", len(summary.pending))]
    if summary.cut_short:
        figures += [("Chưa trả lời, chưa hết hạn khi kết thúc (không tính là nhất trí)", len(summary.cut_short))]
    figures += [
        ("Tổng số ý kiến góp ý được tổng hợp", summary.comments_total),
        ("Ý kiến của văn bản quá hạn không được tổng hợp", summary.comments_excluded_late),
    ]
    figures += [(f"Ý kiến góp ý của {count.label}", count.count) for count in summary.comments_by_group]
    figures += [(f"Số ý kiến: {count.ref}", count.count) for count in summary.comments_by_clause]
    return figures


def _figures_sheet(workbook: Workbook, synthesis: Synthesis) -> None:
    sheet, cell = _sheet(workbook, FIGURES_SHEET, (("Chỉ tiêu", 60), ("Số lượng", 12)))
    for label, value in _figures(synthesis):
        sheet.append([cell(label), cell(value)])


def _silent_sheet(workbook: Workbook, synthesis: Synthesis) -> None:
    columns = (("STT", 6), ("Cơ quan", 50), ("Mã", 12), ("Nhóm", 45), ("Được hiểu là nhất trí", 20))
    sheet, cell = _sheet(workbook, SILENT_SHEET, columns)
    summary = synthesis.summary
    agreeing = "Có" if synthesis.silence_is_agreement else "Không"
    silent = [(agency, agreeing) for agency in summary.silent_agreeing or summary.silent_not_counted]
    # Agencies that may still reply on time are listed first, and never as agreeing.
    pending = [(agency, "Không (chưa hết hạn góp ý)") for agency in summary.pending]
    pending += [(agency, "Không (chưa hết hạn khi kết thúc)") for agency in summary.cut_short]
    for number, (agency, counted) in enumerate(pending + silent, start=1):
        values = [number, agency.name, agency.code, wording.GROUP_LABELS[agency.group], counted]
        sheet.append([cell(value) for value in values])


def _set_properties(workbook: Workbook, synthesis: Synthesis) -> None:
    stamp = datetime(synthesis.generated_on.year, synthesis.generated_on.month, synthesis.generated_on.day)
    properties = workbook.properties
    properties.title = f"{synthesis.heading_title} - {synthesis.draft_line}"
    properties.creator = properties.lastModifiedBy = synthesis.issuing_unit
    properties.created = properties.modified = stamp


def to_xlsx(synthesis: Synthesis) -> bytes:
    workbook = Workbook(write_only=True)
    _table(workbook, synthesis)
    if synthesis.previous_round is not None:
        _previous_round_sheet(workbook, synthesis.previous_round)
    _figures_sheet(workbook, synthesis)
    _silent_sheet(workbook, synthesis)
    _set_properties(workbook, synthesis)
    return workbook_bytes(workbook, synthesis.generated_on)
