"""Time: stored in UTC, shown in Asia/Ho_Chi_Minh.

Pure rules take ``now`` as an argument; only the edges (views, commands) call :func:`now_utc`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC datetime; naive values are taken to be UTC already (as SQLite returns them)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(VN_TZ)


def local_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=VN_TZ).astimezone(UTC)


def local_year_bounds(year: int) -> tuple[datetime, datetime]:
    """The first and the last instant (UTC) of a calendar year in local time."""
    return local_to_utc(date(year, 1, 1), time(0)), local_to_utc(date(year + 1, 1, 1), time(0)) - timedelta.resolution


def end_of_day_before(day: date) -> datetime:
    """ "trước ngày 09/3/2021" means replies must arrive by the end of 8 March (local time)."""
    return local_to_utc(day, time(0, 0))


def format_local(moment: datetime | None, with_time: bool = True) -> str:
    if moment is None:
        return ""
    local = to_local(moment)
    return local.strftime("%H:%M %d/%m/%Y") if with_time else local.strftime("%d/%m/%Y")


def format_duration_vi(delta: timedelta) -> str:
    """'còn 2 ngày 3 giờ' style remaining time, or 'đã hết hạn'."""
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return "đã hết hạn"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"còn {days} ngày {hours} giờ"
    if hours:
        return f"còn {hours} giờ {minutes} phút"
    return f"còn {max(minutes, 1)} phút"
