"""The unit model shared by the splitter, the citation rules and the preview corrections.

A *unit* is one thing an agency can comment on: a chapter, an article (Điều), a clause (khoản), a point
(điểm), a dash, a row of a scoring table, the preamble… Units form a tree through ``parent`` (the index of
the parent unit in the same list), and ``ref`` is the unit's citation as officials write it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = (
    "part",
    "chapter",
    "section",
    "subsection",
    "article",
    "clause",
    "point",
    "heading",
    "item",
    "bullet",
    "table_row",
    "preamble",
    "paragraph",
)

# User-facing messages (Vietnamese, NFC). Tests compare against these constants.
MSG_NOT_SUPPORTED = (
    "Tệp không phải là văn bản Word (.docx) hoặc văn bản thuần (.md, .txt) nên không thể tách điều khoản; "
    "vui lòng tải lên tệp .docx, .md hoặc .txt."
)
MSG_OLD_DOC = "Tệp .doc của Word cũ chưa được hỗ trợ; vui lòng mở bằng Word và lưu lại dưới dạng .docx."
MSG_ENCRYPTED = (
    "Tệp .docx được bảo vệ bằng mật khẩu nên không đọc được; vui lòng gỡ mật khẩu "
    "(Word: Tệp > Thông tin > Bảo vệ tài liệu) rồi tải lên lại."
)
MSG_CORRUPT = "Tệp .docx bị hỏng hoặc không đầy đủ; vui lòng mở bằng Word, lưu lại rồi tải lên lại."
MSG_ZIP_BOMB = (
    "Tệp .docx có cấu trúc bất thường (dung lượng giải nén quá lớn, tỷ lệ nén bất thường, quá nhiều "
    "thành phần hoặc đường dẫn không hợp lệ) nên bị từ chối."
)
MSG_UNSAFE_XML = "Tệp .docx chứa khai báo DOCTYPE hoặc thực thể XML không được phép nên bị từ chối."
MSG_EMPTY = "Văn bản không có nội dung."
MSG_NO_UNITS = "Không tìm thấy nội dung để góp ý trong văn bản (chỉ có phần tiêu đề hoặc phần chữ ký)."
MSG_TOO_LARGE = "Tệp quá lớn để xử lý (tối đa 50 MB)."
MSG_LEGACY_VNI = (
    "Văn bản dùng phông chữ cũ (TCVN3/VNI): phông VNI chưa được hỗ trợ; vui lòng chuyển mã sang Unicode "
    "(ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu lại dưới dạng .docx."
)
MSG_LEGACY_TEXT = (
    "Văn bản dùng phông chữ cũ (TCVN3/VNI) hoặc bảng mã cũ, không phải Unicode; vui lòng chuyển mã sang "
    "Unicode (UTF-8) rồi tải lên lại."
)


class SplitError(ValueError):
    """The file cannot be split. The message is in Vietnamese and meant to be shown to the user as is."""


@dataclass
class Unit:
    """One commentable unit of a draft.

    ``label`` is the number as written without punctuation: "5a" for Điều 5a, "2" for khoản 2, "đ" or "a1"
    for a point, "II" for a Roman heading, "1.1" for an item or a table row, "-" or "+" for a dash; empty for
    the preamble and plain paragraphs. ``paragraphs`` holds the unit's own paragraphs: the first is the line
    that opened it (number included, as the reader sees it), the rest are continuation paragraphs.
    """

    kind: str
    label: str
    paragraphs: list[str] = field(default_factory=list)
    ref: str = ""
    depth: int = 0
    parent: int | None = None
    position: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Table:
    """A table as read from the draft: rows of cell texts (a cell's paragraphs joined by spaces)."""

    rows: list[list[str]] = field(default_factory=list)


# What a reader hands to the structure builder: paragraphs (str) and tables, in document order.
Block = str | Table
