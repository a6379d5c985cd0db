"""Demo report requests (idempotent): quarterly e-government figures with forms 01/02/03, two periods so that the
team sees last period's values and trends; and a task-list request built from a task table written for the demo.

Figures are made up, deterministic (from each agency's code), and never those of a real agency.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

import sqlalchemy as sa
from openpyxl import Workbook

from commentsvc.accounts.models import User
from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.core.clock import now_utc
from commentsvc.core.db import db
from commentsvc.reports import operations, queries
from commentsvc.reports.layout import Column, ColumnType, FormLayout, Row
from commentsvc.reports.models import FormKind, ReportRequest
from commentsvc.reports.periods import Period
from commentsvc.reports.template import read_task_table

QUARTERLY_TITLE = "Báo cáo số liệu phát triển Chính phủ số"
TASKS_TITLE = "Báo cáo tình hình thực hiện Kế hoạch kinh tế số, xã hội số"
COLUMNS = (
    Column("total", "Tổng số", ColumnType.INTEGER),
    Column("done", "Số đã thực hiện", ColumnType.INTEGER),
    Column("share", "Tỷ lệ (%)", ColumnType.PERCENT),
    Column("linked", "Kết nối nền tảng dùng chung (Có/Không)", ColumnType.YES_NO),
    Column("note", "Ghi chú", ColumnType.TEXT),
)
ROWS = {
    "01": (
        "Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
        "Hồ sơ nộp trực tuyến",
        "Hệ thống thông tin được phê duyệt cấp độ an toàn",
        "Văn bản trao đổi dưới dạng điện tử",
    ),
    "02": ("Hệ thống thông tin được phê duyệt cấp độ an toàn", "Văn bản trao đổi dưới dạng điện tử"),
    "03": (
        "Thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình",
        "Hồ sơ nộp trực tuyến",
        "Cơ sở dữ liệu chuyên ngành đã kết nối",
        "Văn bản trao đổi dưới dạng điện tử",
    ),
}
FORM_TITLES = {
    "01": "Số liệu Chính phủ số của bộ, cơ quan ngang bộ",
    "02": "Số liệu Chính phủ số của cơ quan thuộc Chính phủ",
    "03": "Số liệu Chính phủ số của tỉnh, thành phố",
}
SILENT = {"BTP", "BTC", "UBND-HNI", "BQP", "UBND-LCU", "DTNVN"}  # demo users' agencies report themselves

# The demo task table (number, group, task, lead agency, deadline): 24 tasks in 6 groups.
TASKS = (
    ("1", "Thể chế số", "Rà soát văn bản quy phạm pháp luật cản trở chuyển đổi số", "Bộ Tư pháp", "Quý II/2026"),
    ("2", "Thể chế số", "Xây dựng quy định về chia sẻ dữ liệu giữa các cơ quan nhà nước", "Bộ Công an", "2026"),
    ("3", "Thể chế số", "Hướng dẫn giá trị pháp lý của văn bản điện tử", "Bộ Tư pháp", "Quý IV/2026"),
    ("4", "Thể chế số", "Sửa đổi quy định về hóa đơn điện tử", "Bộ Tài chính", "2026"),
    ("5", "Hạ tầng số", "Phát triển mạng 5G tại các khu công nghiệp", "Bộ Khoa học và Công nghệ", "2026"),
    ("6", "Hạ tầng số", "Nâng cấp trung tâm dữ liệu quốc gia", "Bộ Công an", "2027"),
    ("7", "Hạ tầng số", "Phủ sóng băng rộng tới các thôn, bản vùng sâu", "Bộ Khoa học và Công nghệ", "2026"),
    ("8", "Hạ tầng số", "Xây dựng trung tâm dữ liệu của thành phố", "UBND thành phố Hà Nội", "2027"),
    ("9", "Dữ liệu số", "Hoàn thiện cơ sở dữ liệu quốc gia về dân cư", "Bộ Công an", "Hằng năm"),
    ("10", "Dữ liệu số", "Xây dựng cơ sở dữ liệu hộ tịch điện tử", "Bộ Tư pháp", "2026"),
    ("11", "Dữ liệu số", "Mở dữ liệu thống kê tài chính công", "Bộ Tài chính", "2026"),
    ("12", "Dữ liệu số", "Số hóa hồ sơ đất đai", "Bộ Nông nghiệp và Môi trường", "2027"),
    ("13", "Chính phủ số", "Cung cấp dịch vụ công trực tuyến toàn trình", "Văn phòng Chính phủ", "Hằng năm"),
    ("14", "Chính phủ số", "Triển khai hệ thống quản lý văn bản liên thông", "Bộ Nội vụ", "2026"),
    ("15", "Chính phủ số", "Triển khai dịch vụ công trực tuyến cấp thành phố", "UBND thành phố Hà Nội", "2026"),
    ("16", "Chính phủ số", "Triển khai hồ sơ sức khỏe điện tử", "Bộ Y tế", "2026"),
    ("17", "Kinh tế số", "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số", "Bộ Công Thương", "Hằng năm"),
    ("18", "Kinh tế số", "Phát triển thương mại điện tử nông thôn", "Bộ Công Thương", "2026"),
    ("19", "Kinh tế số", "Thanh toán không dùng tiền mặt trong dịch vụ công", "Ngân hàng Nhà nước Việt Nam", "2026"),
    ("20", "Kinh tế số", "Thúc đẩy du lịch thông minh", "Bộ Văn hóa, Thể thao và Du lịch", "2027"),
    ("21", "Xã hội số", "Phổ cập kỹ năng số cho người dân", "Bộ Giáo dục và Đào tạo", "Hằng năm"),
    ("22", "Xã hội số", "Tổ đồng hành chuyển đổi số cộng đồng", "UBND thành phố Hà Nội", "Hằng năm"),
    ("23", "Xã hội số", "Đào tạo cán bộ về an toàn thông tin", "Bộ Nội vụ", "2026"),
    ("24", "Xã hội số", "Chương trình giáo dục số trong trường phổ thông", "Bộ Giáo dục và Đào tạo", "2027"),
)
TASK_REPORTERS = ("BCA", "BKHCN", "BCT", "BYT", "BNV", "NHNN")
STATUSES = ("Hoàn thành", "Đang thực hiện", "Đang thực hiện", "Chưa thực hiện", "Quá hạn")


def _number(code: str, salt: str, low: int, high: int) -> int:
    digest = hashlib.sha256(f"{code}|{salt}".encode()).digest()
    return low + int.from_bytes(digest[:4], "big") % (high - low + 1)


def _values(agency: Agency, form, shift: int) -> dict:
    values = {}
    for row in form.layout.rows:
        total = _number(agency.code, row.key, 40, 400)
        done = min(total, _number(agency.code, row.key + "d", 10, total) + shift)
        values[(row.key, "total")] = str(total)
        values[(row.key, "done")] = str(done)
        values[(row.key, "share")] = f"{100 * done / total:.1f}".replace(".", ",")
        values[(row.key, "linked")] = "Có" if _number(agency.code, row.key + "l", 0, 3) else "Không"
    return values


def _layout(code: str) -> FormLayout:
    return FormLayout(COLUMNS, tuple(Row(f"r{n}", label) for n, label in enumerate(ROWS[code], start=1)))


def _submit_all(report: ReportRequest, codes_to_skip: set[str], now, shift: int, letter_day: date) -> None:
    for recipient in report.recipients:
        agency = recipient.agency
        if agency.code in codes_to_skip:
            continue
        submitter = _member(agency)
        for form in queries.forms_for(recipient):
            operations.save_cells(recipient, form, _values(agency, form, shift), user=submitter, now=now)
        number = f"{_number(agency.code, 'letter', 100, 999)}/{agency.code}-CNTT"
        operations.submit_report(
            recipient, operations.ReportLetter(number, letter_day, "Lãnh đạo đơn vị"), user=submitter, now=now
        )


class _System:
    """Who saves demo figures when the agency has no demo account: recorded as no user in the audit log."""

    id = None


def _member(agency: Agency):
    user = db.session.scalar(sa.select(User).where(User.agency_id == agency.id, User.can_submit.is_(True)))
    return user or _System()


def load_demo_reports(unit) -> None:
    """Create the demo requests of ``unit`` unless they exist."""
    if db.session.scalar(sa.select(ReportRequest.id).where(ReportRequest.drafting_unit_id == unit.id).limit(1)):
        return
    now = now_utc()
    _quarterly(unit, now)
    _task_list(unit, now)
    db.session.flush()


def _quarterly(unit, now) -> None:
    previous = operations.create_request(
        unit=unit,
        title=QUARTERLY_TITLE,
        period=Period("quarter", 2026, 2),
        opens_at=now - timedelta(days=120),
        deadline_at=now - timedelta(days=95),
        contact_name="Nguyễn Thị Hà",
        contact_phone="024 3943 0000",
        contact_email="chinhphuso@example.gov.vn",
        letter_number="1021/CĐS-CPS",
    )
    for code in ("01", "02", "03"):
        operations.add_form(previous, code=code, title=FORM_TITLES[code], layout=_layout(code))
    operations.add_groups(previous, [AgencyGroup.MINISTRY, AgencyGroup.GOVERNMENT_AGENCY, AgencyGroup.PROVINCE])
    previous.opens_at = now - timedelta(days=120)
    operations.open_request(previous, now - timedelta(days=120))
    _submit_all(
        previous, SILENT | {"BNG", "UBND-SLA"}, now - timedelta(days=100), 0, (now - timedelta(days=100)).date()
    )
    operations.close_request(previous, now - timedelta(days=90))
    current = operations.next_period(previous, now - timedelta(days=20))
    current.deadline_at = now + timedelta(days=5)
    operations.open_request(current, now - timedelta(days=20))
    _submit_all(
        current,
        SILENT | {"UBND-DBN", "UBND-SLA", "VHLKHXH"},
        now - timedelta(days=2),
        15,
        (now - timedelta(days=2)).date(),
    )


def _task_table() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH MỤC NHIỆM VỤ NĂM 2026 (bảng mẫu của bản trình diễn)"])
    sheet.append(["STT", "Nhóm nhiệm vụ", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"])
    for task in TASKS:
        sheet.append(list(task))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _task_list(unit, now) -> None:
    report = operations.create_request(
        unit=unit,
        title=TASKS_TITLE,
        period=Period("range", start=date(2026, 1, 1), end=date(2026, 11, 20)),
        opens_at=now - timedelta(days=10),
        deadline_at=now + timedelta(days=10),
        contact_name="Phạm Văn Thịnh",
        contact_phone="0904 000 000",
    )
    form = operations.add_form(
        report, code="NV", title="Tình hình thực hiện nhiệm vụ", layout=FormLayout(), kind=FormKind.TASKS
    )
    operations.add_tasks(form, read_task_table(_task_table()))
    leads = {task.lead_agency for task in form.tasks if task.lead_agency is not None}
    operations.add_agencies(report, sorted(leads, key=lambda agency: agency.sort_key))
    operations.open_request(report, now - timedelta(days=10))
    for recipient in report.recipients:
        if recipient.agency.code not in TASK_REPORTERS:
            continue
        rows = form.layout_for(recipient.agency_id).rows
        typed = {}
        for row in rows:
            status = STATUSES[_number(recipient.agency.code, row.key, 0, len(STATUSES) - 1)]
            typed[(row.key, "status")] = status
            typed[(row.key, "result")] = "Đã ban hành văn bản hướng dẫn" if status == "Hoàn thành" else ""
            typed[(row.key, "difficulties")] = "Thiếu kinh phí" if status == "Quá hạn" else ""
        member = _member(recipient.agency)
        operations.save_cells(recipient, form, typed, user=member, now=now - timedelta(days=1))
        letter = operations.ReportLetter(
            f"{_number(recipient.agency.code, 'nv', 10, 99)}/{recipient.agency.code}-KHTC",
            (now - timedelta(days=1)).date(),
            "Lãnh đạo",
        )
        operations.submit_report(recipient, letter, user=member, now=now - timedelta(days=1))
