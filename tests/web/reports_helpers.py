"""A report request scene shared by the report tests: forms 01 and 03 and a task list, sent to three agencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from commentsvc.agencies.models import AgencyGroup
from commentsvc.core.clock import now_utc
from commentsvc.reports import operations, queries
from commentsvc.reports.models import FormKind, ReportRequest
from commentsvc.reports.periods import Period
from commentsvc.reports.template import TaskIn
from tests.unit.reports_data import EVERY_TYPE

LETTER = operations.ReportLetter("12/BTP-CNTT", date(2026, 1, 5), "Nguyễn Văn A")


@dataclass
class ReportScene:
    request: ReportRequest
    team: object
    ministry: object
    other: object
    province: object
    members: dict
    now: object

    def recipient(self, agency, request=None):
        return queries.recipient_for_agency((request or self.request).id, agency.id)

    def form(self, agency, code: str):
        return next(form for form in queries.forms_for(self.recipient(agency)) if form.code == code)


def draft_request(factory, title: str, period: Period, deadline_days: int = 10) -> tuple[ReportRequest, object]:
    """A draft request of a new drafting unit, opening now, due in ``deadline_days``, and its team member."""
    unit = factory.unit()
    team = factory.drafter(unit)
    now = now_utc()
    request = operations.create_request(
        unit=unit, title=title, period=period, opens_at=now, deadline_at=now + timedelta(days=deadline_days), user=team
    )
    return request, team


def build_report_scene(db, factory, *, deadline_days: int = 10) -> ReportScene:
    """Forms 01 (ministries: Bộ Tư pháp, Bộ Y tế) and 03 (a province), and a task list with two tasks of Bộ Tư pháp
    and one whose lead agency is unknown; sent now, due in ``deadline_days``; one member per agency may submit."""
    ministry = factory.agency(name="Bộ Tư pháp")
    other = factory.agency(name="Bộ Y tế")
    province = factory.agency(name="Ủy ban nhân dân tỉnh An Giang", group=AgencyGroup.PROVINCE)
    request, team = draft_request(factory, "Báo cáo Chính phủ số", Period("quarter", 2019, 3), deadline_days)
    now = request.opens_at
    operations.add_form(request, code="01", title="Bộ", layout=EVERY_TYPE, user=team)
    operations.add_form(request, code="03", title="Tỉnh", layout=EVERY_TYPE, user=team)
    tasks = operations.add_form(request, code="NV", title="Nhiệm vụ", layout=EVERY_TYPE, kind=FormKind.TASKS)
    operations.add_tasks(
        tasks,
        [
            TaskIn(2, "1", "Nhóm 1", "Xây dựng nền tảng", "Bộ Tư pháp", "2025"),
            TaskIn(3, "2", "Nhóm 1", "Kết nối dữ liệu", "Bộ Tư pháp", "2024"),
            TaskIn(4, "3", "Nhóm 2", "Đào tạo", "Bộ Không Có", "2024"),
        ],
    )
    operations.add_agencies(request, [ministry, other, province], user=team)
    operations.open_request(request, now, user=team)
    db.session.commit()
    members = {agency.id: factory.member(agency, can_submit=True) for agency in (ministry, other, province)}
    return ReportScene(request, team, ministry, other, province, members, now)
