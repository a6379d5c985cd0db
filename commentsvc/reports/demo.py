"""Demo report requests (idempotent): quarterly e-government figures with forms 01/02/03, two periods so that the
team sees last period's values and trends; and a task-list request built from a task table written for the demo
(171 tasks in 25 groups, data/demo_tasks.csv), on which most lead agencies have reported.

Figures are made up, deterministic (from each agency's code), and never those of a real agency.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date, timedelta

import sqlalchemy as sa
from openpyxl import Workbook

from commentsvc.accounts.models import User
from commentsvc.agencies.models import Agency, AgencyGroup
from commentsvc.config import ROOT
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

# The demo task table: 171 tasks in 25 groups led by ministries, government agencies and provinces of the directory
# (number, group, task, lead agency, deadline), written for the demo; imported as a team would import its Excel file.
TASK_TABLE = ROOT / "data" / "demo_tasks.csv"
# Lead agencies that have not reported on their tasks (besides the demo users' own, who report themselves).
TASKS_NOT_REPORTED = {"BNG", "UBND-SLA", "UBND-CBG", "VHLKHXH"}
STATUSES = ("Hoàn thành", "Đang thực hiện", "Đang thực hiện", "Chưa thực hiện", "Quá hạn", "Hoàn thành")
# A task due in a later year, or every year, is not yet overdue.
NOT_DUE_STATUSES = ("Hoàn thành", "Đang thực hiện", "Đang thực hiện", "Chưa thực hiện")
PROGRESS = (
    "Đã hoàn thành dự thảo, đang lấy ý kiến các cơ quan liên quan",
    "Đã phê duyệt đề cương, đang triển khai",
    "Đang lựa chọn nhà thầu",
    "Đã triển khai thí điểm tại một số đơn vị",
)
DIFFICULTIES = (
    "Chưa được bố trí kinh phí",
    "Thiếu nhân lực chuyên trách công nghệ thông tin",
    "Chờ hướng dẫn kỹ thuật về kết nối, chia sẻ dữ liệu",
    "Dữ liệu của các đơn vị chưa thống nhất, phải làm sạch lại",
)


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


def task_table() -> bytes:
    """The demo's task table as the Excel file a team would upload: a title line, the header, one line per task."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2026 (bảng mẫu của bản trình diễn)"])
    with TASK_TABLE.open(encoding="utf-8", newline="") as table:
        for line in csv.reader(table):
            sheet.append(line)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _task_report(code: str, row: Row, letter_day: date) -> dict[str, str]:
    """An agency's made-up report on one of its tasks: its status, a result and difficulties that fit it."""
    row_key = row.key
    year = re.search(r"\b(\d{4})\b", row.due)
    later = row.due == "Hằng năm" or (year is not None and int(year[1]) > letter_day.year)
    statuses = NOT_DUE_STATUSES if later else STATUSES
    status = statuses[_number(code, row_key, 0, len(statuses) - 1)]
    pick = _number(code, row_key + "x", 0, 3)
    if status == "Hoàn thành":
        day = letter_day - timedelta(days=_number(code, row_key + "d", 10, 200))
        result = f"Đã ban hành Quyết định số {_number(code, row_key, 100, 2999)}/QĐ-{code} ngày {day:%d/%m/%Y}"
        return {"status": status, "result": result, "difficulties": ""}
    if status == "Đang thực hiện":
        return {"status": status, "result": PROGRESS[pick], "difficulties": DIFFICULTIES[pick] if pick == 0 else ""}
    return {"status": status, "result": "", "difficulties": DIFFICULTIES[pick]}


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
    operations.add_tasks(form, read_task_table(task_table()))
    leads = {task.lead_agency for task in form.tasks if task.lead_agency is not None}
    operations.add_agencies(report, sorted(leads, key=lambda agency: agency.sort_key))
    operations.open_request(report, now - timedelta(days=10))
    day = now - timedelta(days=1)
    for recipient in report.recipients:
        code = recipient.agency.code
        if code in SILENT | TASKS_NOT_REPORTED:
            continue
        typed = {
            (row.key, column): value
            for row in form.layout_for(recipient.agency_id).rows
            for column, value in _task_report(code, row, day.date()).items()
        }
        member = _member(recipient.agency)
        operations.save_cells(recipient, form, typed, user=member, now=day)
        letter = operations.ReportLetter(f"{_number(code, 'nv', 10, 99)}/{code}-KHTC", day.date(), "Lãnh đạo")
        operations.submit_report(recipient, letter, user=member, now=day)
