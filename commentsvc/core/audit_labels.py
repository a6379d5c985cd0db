"""How the administrator's audit log reads: Vietnamese names for actions, objects and details (pure: no Flask).

An entry's details are shown through :func:`describe`, which never shows the text of a comment: the log is read by
the administrator, outside the agency, and a comment deleted before its reply was sent was never the agency's word.
Operations record ids and counts only; ``HIDDEN`` keeps older entries that still hold text out of the page too.
"""

from __future__ import annotations

from collections.abc import Iterable

ACTIONS = {
    "agencies.import": "Nhập danh mục cơ quan",
    "agency.create": "Thêm cơ quan",
    "agency.update": "Sửa thông tin cơ quan",
    "consultation.create": "Tạo đợt lấy ý kiến",
    "consultation.update": "Sửa thông tin đợt lấy ý kiến",
    "consultation.add_recipients": "Thêm cơ quan được lấy ý kiến",
    "consultation.remove_recipient": "Bỏ cơ quan được lấy ý kiến",
    "consultation.open": "Gửi lấy ý kiến",
    "consultation.extend": "Gia hạn đợt lấy ý kiến",
    "consultation.extend_recipient": "Gia hạn cho một cơ quan",
    "consultation.close": "Kết thúc lấy ý kiến",
    "consultation.close_due": "Tự động kết thúc khi hết hạn",
    "consultation.reopen": "Mở lại đợt lấy ý kiến",
    "recipient.open": "Cơ quan mở đợt lấy ý kiến lần đầu",
    "recipient.silence": "Ghi nhận không trả lời (được hiểu là nhất trí)",
    "recipient.silence_undone": "Bỏ ghi nhận không trả lời",
    "reminder.queue": "Xếp thư đôn đốc",
    "reminder.requeue": "Gửi lại thư đôn đốc",
    "reminder.sent": "Đã gửi thư đôn đốc",
    "reminder.failed": "Gửi thư đôn đốc không thành công",
    "draft.import": "Tải lên dự thảo",
    "draft.import_replace": "Thay tệp dự thảo khi xem trước",
    "draft.import_correct": "Sửa cách tách khi xem trước",
    "draft.import_discard": "Hủy bản nhập dự thảo",
    "draft.version_create": "Lưu phiên bản dự thảo",
    "draft.version_correct": "Sửa cách tách phiên bản dự thảo",
    "revisions.map": "Đối chiếu hai phiên bản dự thảo",
    "revisions.link_correct": "Sửa đối chiếu điều khoản",
    "revisions.next_round": "Mở lấy ý kiến lần tiếp theo",
    "reply.comment_add": "Thêm ý kiến (chưa gửi)",
    "reply.comment_edit": "Sửa ý kiến (chưa gửi)",
    "reply.comment_delete": "Xóa ý kiến (chưa gửi)",
    "reply.submit": "Gửi văn bản góp ý",
    "reply.paper": "Nhập văn bản góp ý bằng giấy",
    "reply.paper_correct": "Sửa văn bản góp ý bằng giấy",
    "reply.late_used": "Dùng văn bản góp ý gửi muộn",
    "reply.late_unused": "Không dùng văn bản góp ý gửi muộn",
    "synthesis.regroup": "Nhóm lại các ý kiến",
    "synthesis.import_dispositions": "Cập nhật kết quả xử lý từ bảng tính",
    "disposition.decide": "Quyết định tiếp thu, giải trình",
    "disposition.split": "Tách ý kiến khỏi nhóm",
    "disposition.merge": "Gộp nhóm ý kiến",
    "report.create": "Tạo yêu cầu báo cáo",
    "report.add_form": "Thêm biểu mẫu báo cáo",
    "report.remove_form": "Bỏ biểu mẫu báo cáo",
    "report.edit_form": "Sửa dòng, cột của biểu mẫu báo cáo",
    "report.add_tasks": "Thêm nhiệm vụ vào biểu mẫu",
    "report.add_recipients": "Thêm cơ quan báo cáo",
    "report.open": "Gửi yêu cầu báo cáo",
    "report.extend": "Gia hạn yêu cầu báo cáo",
    "report.extend_recipient": "Gia hạn báo cáo cho một cơ quan",
    "report.close": "Kết thúc yêu cầu báo cáo",
    "report.save": "Lưu số liệu báo cáo (chưa gửi)",
    "report.submit": "Gửi báo cáo",
    "report.next_period": "Tạo yêu cầu báo cáo kỳ sau",
    "unit.create": "Thêm đơn vị soạn thảo",
    "unit.update": "Sửa đơn vị soạn thảo",
    "user.create": "Tạo tài khoản",
    "user.update": "Sửa tài khoản",
    "user.logout": "Đăng xuất (mọi thiết bị)",
    "user.change_password": "Tự đổi mật khẩu",
    "user.reset_password": "Quản trị viên đặt lại mật khẩu",
    "user.clear_login_failures": "Bỏ chặn đăng nhập sai",
}

# The filter of the audit page: one choice per concept (an action prefix).
GROUPS = {
    "user.": "Tài khoản",
    "unit.": "Đơn vị soạn thảo",
    "agenc": "Danh mục cơ quan",
    "draft.": "Dự thảo",
    "revisions.": "Đối chiếu phiên bản",
    "consultation.": "Đợt lấy ý kiến",
    "recipient.": "Cơ quan được lấy ý kiến",
    "reminder.": "Đôn đốc",
    "reply.": "Văn bản, ý kiến góp ý",
    "synthesis.": "Tổng hợp",
    "disposition.": "Tiếp thu, giải trình",
    "report.": "Yêu cầu báo cáo",
}

OBJECTS = {
    "Agency": "Cơ quan",
    "AuditEntry": "Nhật ký",
    "Comment": "Ý kiến",
    "Consultation": "Đợt lấy ý kiến",
    "Disposition": "Nhóm ý kiến",
    "DraftImport": "Bản nhập dự thảo",
    "DraftVersion": "Phiên bản dự thảo",
    "DraftingUnit": "Đơn vị soạn thảo",
    "Recipient": "Cơ quan được lấy ý kiến",
    "Reminder": "Thư đôn đốc",
    "Reply": "Văn bản góp ý",
    "ReportRequest": "Yêu cầu báo cáo",
    "ReportForm": "Biểu mẫu báo cáo",
    "ReportSubmission": "Báo cáo",
    "ReportRecipient": "Cơ quan báo cáo",
    "User": "Tài khoản",
}

DETAILS = {
    "agencies": "Cơ quan",
    "agency": "Cơ quan",
    "after": "Sau",
    "before": "Trước",
    "can_submit": "Được gửi văn bản",
    "cells": "Số ô",
    "changes": "Thay đổi",
    "clause": "Điều khoản",
    "clause_id": "Mã điều khoản",
    "clauses": "Số điều khoản",
    "cleared_silence": "Bỏ ghi nhận không trả lời",
    "closed_at": "Kết thúc lúc",
    "code": "Mã",
    "comment_id": "Mã ý kiến",
    "comment_ids": "Mã các ý kiến",
    "comments": "Số ý kiến",
    "count": "Số lượng",
    "created": "Thêm mới",
    "deactivated": "Ngừng hoạt động",
    "deadline_at": "Hạn",
    "decision": "Quyết định",
    "early": "Kết thúc sớm",
    "error": "Lỗi",
    "explanation": "Giải trình",
    "fields": "Các trường",
    "filename": "Tệp",
    "is_active": "Đang hoạt động",
    "is_late": "Gửi muộn",
    "late": "Gửi muộn",
    "letter_number": "Số văn bản",
    "merged_disposition_id": "Nhóm đã gộp",
    "new_disposition_id": "Nhóm mới",
    "new_version": "Phiên bản mới",
    "number": "Số phiên bản",
    "old_clause": "Điều khoản cũ",
    "old_version": "Phiên bản cũ",
    "opens_at": "Mở lúc",
    "outcome": "Kết quả",
    "period": "Kỳ báo cáo",
    "position": "Ý kiến chung",
    "previous": "Trước đó",
    "previous_id": "Đợt trước",
    "recipients": "Số cơ quan",
    "role": "Vai trò",
    "rows": "Số dòng",
    "source": "Nguồn",
    "step": "Bước",
    "tasks": "Số nhiệm vụ",
    "threshold": "Ngưỡng nhóm",
    "to": "Gửi tới",
    "units": "Số đơn vị tách được",
    "until": "Đến",
    "updated": "Cập nhật",
    "username": "Tên đăng nhập",
    "version": "Phiên bản",
    "version_id": "Mã phiên bản",
}

# Never shown, whatever an entry holds: the words of comments (see the module's docstring).
HIDDEN = frozenset({"text", "proposed_wording", "comment_text", "wording"})


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


def object_label(object_type: str) -> str:
    return OBJECTS.get(object_type, object_type)


def describe(details: dict) -> list[tuple[str, str]]:
    """(label, value) pairs in Vietnamese for an entry's details, without any comment text."""
    return [(DETAILS.get(key, key), _value(value)) for key, value in sorted(details.items()) if key not in HIDDEN]


def _value(value) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if value is None or value == "":
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{DETAILS.get(key, key)}: {_value(item)}" for key, item in value.items() if key not in HIDDEN)
    if isinstance(value, list | tuple):
        return ", ".join(_value(item) for item in _flat(value))
    return str(value)


def _flat(values: Iterable) -> Iterable:
    for item in values:
        yield from (_flat(item) if isinstance(item, list | tuple) else (item,))
