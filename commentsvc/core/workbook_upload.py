"""Excel workbooks uploaded by users, checked before openpyxl reads a byte of XML (pure: no Flask).

Refused with a Vietnamese message: not an .xlsx at all; a macro-enabled workbook (.xlsm, a vbaProject part);
a zip bomb or paths escaping the archive (the .docx checks of drafts/docx_safety.py); any XML part declaring a
DTD or entities (XXE, "billion laughs"); links to other workbooks (externalLinks), whose cached values would be
taken for the agency's own figures. openpyxl then reads the checked bytes; formulas are never evaluated.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from commentsvc.core.errors import UserError
from commentsvc.drafts import docx_safety
from commentsvc.drafts.model import MSG_EXTERNAL_LINK, MSG_UNSAFE_XML, MSG_ZIP_BOMB, SplitError

MAX_BYTES = 10 * 1024 * 1024
MSG_NOT_XLSX = "Tệp tải lên không phải bảng tính Excel (.xlsx)."
MSG_MACROS = "Bảng tính có chứa macro (.xlsm) nên bị từ chối; vui lòng lưu lại dưới dạng .xlsx rồi tải lên."
MSG_BOMB = (
    "Bảng tính có cấu trúc bất thường (tỷ lệ nén bất thường, quá nhiều thành phần hoặc đường dẫn không hợp lệ) "
    "nên bị từ chối."
)
MSG_DTD = "Bảng tính chứa khai báo DOCTYPE hoặc thực thể XML không được phép nên bị từ chối."
MSG_EXTERNAL = (
    "Bảng tính có liên kết tới tệp khác hoặc địa chỉ bên ngoài (external links) nên bị từ chối; vui lòng dán giá trị "
    "(Paste Values) thay cho liên kết, gỡ ảnh hay đối tượng liên kết rồi tải lên lại."
)
MSG_CORRUPT = "Không đọc được bảng tính: tệp bị hỏng hoặc không đúng định dạng .xlsx."


def check_workbook(data: bytes, max_bytes: int = MAX_BYTES) -> None:
    """Raise :class:`UserError` unless ``data`` is a plain .xlsx package safe to hand to openpyxl."""
    if len(data) > max_bytes:
        raise UserError(f"Bảng tính quá lớn (tối đa {max_bytes // (1024 * 1024)} MB).", 413)
    if not data.startswith(b"PK\x03\x04"):
        raise UserError(MSG_NOT_XLSX)
    try:
        with docx_safety.open_zip(data) as archive:
            names = [info.filename for info in archive.infolist()]
            _check_parts(archive, names)
    except SplitError as error:
        raise UserError(MSG_BOMB if str(error) == MSG_ZIP_BOMB else MSG_CORRUPT) from error


def _check_parts(archive: zipfile.ZipFile, names: list[str]) -> None:
    inspect_package(archive)  # first, as for every upload: a hostile package is refused as such, whatever it claims
    lowered = [name.lower() for name in names]
    if "[content_types].xml" not in lowered or not any(name.startswith("xl/workbook") for name in lowered):
        raise UserError(MSG_NOT_XLSX)
    if any(name.endswith("vbaproject.bin") for name in lowered):
        raise UserError(MSG_MACROS)
    content_types = docx_safety.read_part(archive, names[lowered.index("[content_types].xml")]) or b""
    if b"macroenabled" in content_types.lower():
        raise UserError(MSG_MACROS)
    if any(name.startswith("xl/externallinks/") for name in lowered):
        raise UserError(MSG_EXTERNAL)


def inspect_package(archive: zipfile.ZipFile) -> None:
    """The inspection of every upload (docx_safety.inspect_package) in a workbook's words: no part declaring a DTD,
    no link that Excel would fetch on opening."""
    try:
        docx_safety.inspect_package(archive)
    except SplitError as error:
        raise UserError(
            {MSG_UNSAFE_XML: MSG_DTD, MSG_EXTERNAL_LINK: MSG_EXTERNAL}.get(str(error), MSG_CORRUPT)
        ) from error


def open_workbook(data: bytes, *, read_only: bool = True, max_bytes: int = MAX_BYTES):
    """The checked workbook, formulas kept as formulas (``data_only=False``) so that they can be reported."""
    check_workbook(data, max_bytes)
    try:
        return load_workbook(io.BytesIO(data), read_only=read_only, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as error:
        raise UserError(MSG_CORRUPT) from error
