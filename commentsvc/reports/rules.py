"""What an agency may do with a report request now, and its state for the team (pure: takes ``now``).

The deadline itself (window, extension, on time) is core/deadlines.py, shared with consultations. The difference is
silence: a report not submitted by the agency's own deadline is "chưa báo cáo", never agreement.
"""

from __future__ import annotations

import enum
from datetime import datetime

from commentsvc.consultations.rules import Phase, phase  # noqa: F401 - the same phases, own words
from commentsvc.core.deadlines import Window, is_on_time

# The phase of a request is the phase of a consultation (same window, same clock); only the words differ.
PHASE_LABELS = {
    Phase.DRAFT: "Bản nháp (chưa gửi)",
    Phase.SCHEDULED: "Chưa đến thời gian báo cáo",
    Phase.OPEN: "Đang nhận báo cáo",
    Phase.ENDED: "Đã hết hạn",
    Phase.CLOSED: "Đã kết thúc",
}


class ReportState(enum.StrEnum):
    NOT_OPENED = "not_opened"
    OPENED = "opened"
    FILLING = "filling"
    SUBMITTED_ON_TIME = "submitted_on_time"
    SUBMITTED_LATE = "submitted_late"
    NOT_REPORTED = "not_reported"  # its own deadline has passed without a submitted report

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def has_reported(self) -> bool:
        return self in (ReportState.SUBMITTED_ON_TIME, ReportState.SUBMITTED_LATE)


STATE_LABELS = {
    ReportState.NOT_OPENED: "Chưa mở",
    ReportState.OPENED: "Đã mở",
    ReportState.FILLING: "Đang nhập số liệu",
    ReportState.SUBMITTED_ON_TIME: "Đã báo cáo đúng hạn",
    ReportState.SUBMITTED_LATE: "Đã báo cáo quá hạn",
    ReportState.NOT_REPORTED: "Chưa báo cáo (quá hạn)",
}


def refusal_reason(window: Window, now: datetime, *, is_submitted: bool) -> str | None:
    """Why the agency may not change its figures now (Vietnamese), or None when it may."""
    if is_submitted:
        return "Cơ quan đã gửi báo cáo; số liệu không thể sửa nữa."
    if not window.is_sent or now < window.opens_at:
        return "Yêu cầu báo cáo chưa mở."
    if window.is_closed_by_team:
        return "Yêu cầu báo cáo đã kết thúc; không thể nhập thêm số liệu."
    if not is_on_time(window, now) and not window.accepts_late:
        return "Đã hết hạn báo cáo; đơn vị yêu cầu không nhận báo cáo gửi muộn."
    return None


def report_state(window: Window, now: datetime, *, is_submitted: bool, is_late: bool, has_values: bool, opened: bool):
    if is_submitted:
        return ReportState.SUBMITTED_LATE if is_late else ReportState.SUBMITTED_ON_TIME
    if window.is_sent and (window.is_closed_by_team or not is_on_time(window, now)):
        return ReportState.NOT_REPORTED
    if has_values:
        return ReportState.FILLING
    return ReportState.OPENED if opened else ReportState.NOT_OPENED


def may_be_reminded(window: Window, now: datetime, *, is_submitted: bool) -> bool:
    """Whether reminding this agency makes sense now: it has not reported and may still (late, when accepted)."""
    return refusal_reason(window, now, is_submitted=is_submitted) is None


def reminder_refusal(window: Window, now: datetime) -> str | None:
    """Why no reminder may be sent for the request now (Vietnamese), or None."""
    if not window.is_sent:
        return "Yêu cầu báo cáo chưa được gửi; chưa thể đôn đốc."
    if window.is_closed_by_team:
        return "Yêu cầu báo cáo đã kết thúc; không gửi thư đôn đốc nữa vì cơ quan không thể gửi báo cáo."
    if now < window.opens_at:
        return "Yêu cầu báo cáo chưa bắt đầu; chưa thể đôn đốc."
    return None
