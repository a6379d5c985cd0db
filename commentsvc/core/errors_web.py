"""Error pages in Vietnamese, never a stack trace."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from commentsvc.core import refusals
from commentsvc.core.db import db
from commentsvc.core.errors import UserError

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra và thử lại."),
    401: ("Cần đăng nhập", "Vui lòng đăng nhập để tiếp tục."),
    403: ("Không có quyền truy cập", "Tài khoản của bạn không có quyền thực hiện thao tác này."),
    404: ("Không tìm thấy", "Trang hoặc dữ liệu bạn tìm không tồn tại."),
    405: ("Thao tác không được hỗ trợ", "Phương thức yêu cầu không được hỗ trợ tại địa chỉ này."),
    409: (
        "Chưa thực hiện được",
        "Dữ liệu đã được thay đổi trước đó. Vui lòng tải lại trang để xem tình trạng hiện tại.",
    ),
    410: ("Không còn hiệu lực", "Trang này không còn hiệu lực."),
    413: ("Tệp quá lớn", "Tệp hoặc nội dung gửi lên vượt quá dung lượng cho phép."),
    429: ("Quá nhiều yêu cầu", "Bạn đã thử quá nhiều lần. Vui lòng đợi một lúc rồi thử lại."),
    500: ("Lỗi hệ thống", "Đã xảy ra lỗi. Vui lòng thử lại sau hoặc liên hệ quản trị viên."),
}


def render_error(status: int, message: str | None = None):
    title, default_message = MESSAGES.get(status, MESSAGES[500])
    return render_template("errors/error.html", status=status, title=title, message=message or default_message), status


def init_app(app: Flask) -> None:
    app.jinja_env.globals["unplaced_refusal"] = refusals.unplaced_refusal

    @app.errorhandler(UserError)
    def _user_error(error: UserError):
        db.session.rollback()
        return refusals.page_again(error) or render_error(error.status, error.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(_error):
        return render_error(
            400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Vui lòng tải lại trang và thử lại."
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return render_error(error.code or 500)

    @app.errorhandler(OverflowError)
    @app.errorhandler(sa.exc.DataError)
    def _number_out_of_range(_error):
        # A number in a form field or query string larger than any id or count (ids in URLs never get here, see
        # core/ids.py): SQLite cannot bind it, PostgreSQL's integer columns cannot hold it.
        db.session.rollback()
        return render_error(400, "Dữ liệu gửi lên có số quá lớn hoặc không hợp lệ.")

    @app.errorhandler(UnicodeDecodeError)
    def _bad_encoding(_error):
        return render_error(400, "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.")

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        log.exception("Unhandled error on %s %s", request.method, request.path, exc_info=error)
        return render_error(500)
