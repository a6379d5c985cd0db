"""The dispositions sheet: export the groups to answer in Excel, read the answers back, plan what changes.

Each row carries its group's id, version, the ids of its comments (a hidden column) and a check code over what
was exported. Importing never overwrites silently:
- a row whose group no longer exists or holds other comments (regrouped since) is refused;
- a row the user changed whose group was changed in the database since the export is refused, showing both;
- a row the user did not touch is skipped, whatever happened in the database since.
Every text cell is written as a string (a comment "=HYPERLINK(…)" never becomes a formula), and what comes back
from a cell is taken as text, formulas included.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from commentsvc.core import workbook_upload, xlsx
from commentsvc.core.errors import UserError
from commentsvc.core.text import nfc
from commentsvc.drafts import docx_safety
from commentsvc.drafts.model import SplitError
from commentsvc.synthesis.loading import Group
from commentsvc.synthesis.models import DECISION_LABELS, Decision, Disposition
from commentsvc.synthesis.ooxml import workbook_bytes

SHEET_TITLE = "Xử lý ý kiến"
COLUMNS = (
    ("Mã nhóm (không sửa)", 12),
    ("Phiên bản (không sửa)", 12),
    ("Mã kiểm tra (không sửa)", 20),
    ("Mã các ý kiến", 14),  # hidden
    ("STT", 6),
    ("Điều khoản", 24),
    ("Cơ quan góp ý", 28),
    ("Nội dung góp ý", 60),
    ("Kết quả xử lý", 20),
    ("Nội dung tiếp thu, giải trình", 60),
)
ID, VERSION, CHECK, COMMENT_IDS, NUMBER, REF, AGENCIES, COMMENTS, DECISION, EXPLANATION = range(10)
EDITABLE = (DECISION, EXPLANATION)
GENERAL_REF = "Góp ý chung"
LABEL_TO_DECISION = {label.casefold(): decision for decision, label in DECISION_LABELS.items()}
MAX_ROWS = 20_000
MAX_UNPACKED = 100 * 1024 * 1024  # a zip bomb is refused before openpyxl unpacks it
MSG_BOMB = (
    "Bảng tính có cấu trúc bất thường (tỷ lệ nén bất thường, quá nhiều thành phần hoặc đường dẫn không hợp lệ) "
    "nên bị từ chối."
)
_FIXED_FILL = PatternFill("solid", fgColor="E5E7EB")
_WRAP = Alignment(wrap_text=True, vertical="top")


def check_code(disposition_id: int, version: int, decision: Decision | None, explanation: str) -> str:
    """Fingerprint of a row as exported: tells an untouched row from an edited one."""
    text = f"{disposition_id}|{version}|{decision.value if decision else ''}|{explanation}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _comment_text(group: Group) -> str:
    if len(group.comments) == 1:
        return group.comments[0].comment.text
    return "\n".join(f"- {item.agency.short_name or item.agency.name}: {item.comment.text}" for item in group.comments)


def _row_values(number: int, group: Group) -> list:
    disposition = group.disposition
    agencies = ", ".join(agency.short_name or agency.name for agency in group.agencies)
    return [
        disposition.id,
        disposition.version,
        check_code(disposition.id, disposition.version, disposition.decision, disposition.explanation),
        ",".join(str(item.comment.id) for item in group.comments),
        number,
        group.clause.ref if group.clause else GENERAL_REF,
        agencies,
        _comment_text(group),
        disposition.decision.label if disposition.decision else "",
        disposition.explanation,
    ]


def _write_cell(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column + 1)
    xlsx.write(cell, value)  # "=…" stays a string, with the quote prefix
    cell.alignment = _WRAP
    if column in EDITABLE:
        cell.protection = Protection(locked=False)
    elif column in (ID, VERSION, CHECK):
        cell.fill = _FIXED_FILL


def _header(sheet) -> None:
    for index, (title, width) in enumerate(COLUMNS):
        cell = sheet.cell(row=1, column=index + 1, value=title)
        cell.font = Font(bold=True)
        cell.alignment = _WRAP
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.column_dimensions["D"].hidden = True
    sheet.freeze_panes = "E2"


def _protect(sheet, last_row: int) -> None:
    # Only the decision and explanation are editable in Excel; the id columns are locked (no password).
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(DECISION_LABELS.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Kết quả xử lý",
        error="Chọn một trong: " + ", ".join(DECISION_LABELS.values()) + ".",
    )
    sheet.add_data_validation(validation)
    letter = sheet.cell(row=1, column=DECISION + 1).column_letter
    validation.add(f"{letter}2:{letter}{max(last_row, 2)}")
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    protection.autoFilter = protection.sort = False


def export_dispositions(groups: list[Group], on: date) -> bytes:
    """The sheet of every group with a disposition (groups in the draft's order); reproducible for a date."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _header(sheet)
    rows = [group for group in groups if group.disposition is not None]
    for number, group in enumerate(rows, start=1):
        for column, value in enumerate(_row_values(number, group)):
            _write_cell(sheet, number + 1, column, value)
    _protect(sheet, len(rows) + 1)
    stamp = workbook.properties
    stamp.created = stamp.modified = datetime(on.year, on.month, on.day)
    stamp.creator = stamp.lastModifiedBy = "commentsvc"
    return workbook_bytes(workbook, on)


# --- reading back ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedRow:
    line: int  # row number in the sheet, as Excel shows it
    disposition_id: int | None
    version: int | None
    check: str
    comment_ids: frozenset[int]
    ref: str
    decision_label: str
    explanation: str


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value).replace("\r\n", "\n").replace("\r", "\n")).strip()


def _integer(value) -> int | None:
    text = _text(value)
    return int(text) if text.isdigit() else None


def _ids(value) -> frozenset[int]:
    return frozenset(int(part) for part in _text(value).split(",") if part.strip().isdigit())


def _check_entries(entries: list[zipfile.ZipInfo]) -> None:
    # The .docx checks on the declared sizes (entries, compression ratio, paths): 90 MB of blanks packed into one
    # sheet would otherwise keep openpyxl busy for seconds.
    try:
        docx_safety.check_entries(entries)
    except SplitError as error:
        raise UserError(MSG_BOMB) from error


def _open(data: bytes):
    if not data.startswith(b"PK\x03\x04"):
        raise UserError("Tệp tải lên không phải bảng tính Excel (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if sum(info.file_size for info in entries) > MAX_UNPACKED:
                raise UserError("Bảng tính quá lớn sau khi giải nén.")
            _check_entries(entries)
            workbook_upload.inspect_package(archive)  # no DTD in any part, no link fetched on opening
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise UserError("Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx.") from error


def read_dispositions(data: bytes) -> list[ImportedRow]:
    """The rows of a dispositions sheet; refuses a file that is not the sheet exported here."""
    workbook = _open(data)
    try:
        if SHEET_TITLE not in workbook.sheetnames:
            raise UserError(f"Không tìm thấy trang tính “{SHEET_TITLE}”: hãy dùng tệp đã tải về từ hệ thống.")
        rows = workbook[SHEET_TITLE].iter_rows(values_only=True)
        header = [_text(value) for value in next(rows, ())]
        if header[: len(COLUMNS)] != [title for title, _ in COLUMNS]:
            raise UserError("Tiêu đề các cột đã bị thay đổi: hãy dùng tệp đã tải về từ hệ thống.")
        return _imported_rows(rows)
    finally:
        workbook.close()


def _imported_rows(rows) -> list[ImportedRow]:
    imported = []
    for line, values in enumerate(rows, start=2):
        if line - 1 > MAX_ROWS:
            raise UserError(f"Bảng tính có quá nhiều dòng (tối đa {MAX_ROWS}).")
        values = list(values) + [None] * (len(COLUMNS) - len(values))
        if all(_text(value) == "" for value in values):
            continue
        imported.append(
            ImportedRow(
                line=line,
                disposition_id=_integer(values[ID]),
                version=_integer(values[VERSION]),
                check=_text(values[CHECK]),
                comment_ids=_ids(values[COMMENT_IDS]),
                ref=_text(values[REF]),
                decision_label=_text(values[DECISION]),
                explanation=_text(values[EXPLANATION]),
            )
        )
    return imported


# --- planning the import ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    line: int
    disposition_id: int
    version: int
    ref: str
    old_decision: Decision | None
    old_explanation: str
    decision: Decision | None
    explanation: str


@dataclass(frozen=True)
class Refusal:
    line: int
    ref: str
    message: str
    # A conflict shows both: what the database holds now and what the file says.
    current: tuple[Decision | None, str] | None = None
    proposed: tuple[str, str] | None = None


@dataclass(frozen=True)
class ImportPlan:
    changes: tuple[Change, ...]
    refusals: tuple[Refusal, ...]
    unchanged: int


def _decision(label: str) -> Decision | None:
    if not label:
        return None
    decision = LABEL_TO_DECISION.get(label.casefold())
    if decision is None:
        raise ValueError(label)
    return decision


def _refusal_for(row: ImportedRow, disposition: Disposition | None, current_ids: frozenset[int]) -> str | None:
    if row.disposition_id is None or row.version is None:
        return "Dòng không có mã nhóm hoặc phiên bản hợp lệ (các cột “không sửa” đã bị thay đổi)."
    if disposition is None:
        return (
            f"Nhóm ý kiến mã {row.disposition_id} không còn tồn tại: các ý kiến đã được gộp hoặc tách lại "
            "sau khi xuất tệp. Vui lòng tải lại bảng tính mới."
        )
    if row.comment_ids and row.comment_ids != current_ids:
        return (
            f"Nhóm ý kiến mã {row.disposition_id} đã thay đổi thành phần (gộp hoặc tách ý kiến) sau khi xuất tệp. "
            "Vui lòng tải lại bảng tính mới."
        )
    if row.version > disposition.version:
        return "Phiên bản trong tệp không hợp lệ (lớn hơn phiên bản hiện có)."
    return None


def plan_import(rows: list[ImportedRow], dispositions: dict[int, Disposition]) -> ImportPlan:
    """Compare the file with the database: what would change, what is refused and why. Writes nothing."""
    changes, refusals, unchanged = [], [], 0
    for row in rows:
        disposition = dispositions.get(row.disposition_id) if row.disposition_id else None
        current_ids = frozenset(c.id for c in disposition.comments) if disposition else frozenset()
        message = _refusal_for(row, disposition, current_ids)
        if message is None:
            try:
                decision = _decision(row.decision_label)
            except ValueError:
                message = (
                    f"Kết quả xử lý “{row.decision_label}” không hợp lệ; chọn một trong: "
                    + ", ".join(DECISION_LABELS.values())
                    + "."
                )
        if message is not None:
            refusals.append(Refusal(row.line, row.ref, message))
            continue
        if check_code(row.disposition_id, row.version, decision, row.explanation) == row.check:
            unchanged += 1  # untouched in Excel: whatever the database holds now stays
            continue
        if decision == disposition.decision and row.explanation == disposition.explanation:
            unchanged += 1
            continue
        if row.version < disposition.version:
            refusals.append(_conflict(row, disposition))
            continue
        changes.append(
            Change(
                row.line,
                disposition.id,
                disposition.version,
                row.ref,
                disposition.decision,
                disposition.explanation,
                decision,
                row.explanation,
            )
        )
    return ImportPlan(tuple(changes), tuple(refusals), unchanged)


def _conflict(row: ImportedRow, disposition: Disposition) -> Refusal:
    return Refusal(
        row.line,
        row.ref,
        f"Nhóm ý kiến đã được cập nhật trên hệ thống sau khi xuất tệp (phiên bản {disposition.version}, "
        f"tệp mang phiên bản {row.version}). Không ghi đè: hãy so sánh và sửa trực tiếp trên hệ thống.",
        current=(disposition.decision, disposition.explanation),
        proposed=(row.decision_label, row.explanation),
    )
