"""Why a letter could not be read, in Vietnamese, for the user."""

from __future__ import annotations

MSG_NOT_LETTER = "Chỉ đọc được công văn dạng Word (.docx) hoặc PDF; nội dung tệp đã chọn không đúng định dạng này."
MSG_TOO_LARGE = "Tệp công văn quá lớn để đọc (tối đa 20 MB)."
MSG_NO_TEXT_LAYER = (
    "Tệp PDF là bản quét: văn bản không có lớp chữ nên không đọc được nội dung. Vui lòng tải lên bản PDF xuất từ "
    "hệ thống quản lý văn bản (có lớp chữ) hoặc tệp Word (.docx); nếu chỉ có bản quét, hãy nhập nội dung góp ý "
    "bằng tay."
)
MSG_PDF_ENCRYPTED = "Tệp PDF được đặt mật khẩu nên không đọc được; vui lòng gỡ mật khẩu rồi tải lên lại."
MSG_PDF_CORRUPT = "Tệp PDF bị hỏng hoặc không đọc được; vui lòng xuất lại tệp PDF rồi tải lên lại."
MSG_PDF_TOO_LONG = "Công văn dài quá 60 trang nên không đọc tự động được; vui lòng nhập nội dung góp ý bằng tay."
MSG_PDF_HOSTILE = "Tệp PDF có cấu trúc bất thường (lồng nhau quá sâu hoặc quá nhiều đối tượng) nên không được đọc."
MSG_PDF_TOO_SLOW = (
    "Tệp PDF quá phức tạp để đọc trong thời gian cho phép; vui lòng xuất lại tệp PDF hoặc tải lên tệp Word."
)
MSG_EMPTY = "Không tìm thấy nội dung trong công văn."


class LetterError(ValueError):
    """The letter cannot be read. The message is Vietnamese and shown to the user as is."""
