from datetime import UTC, date, datetime, timedelta

from commentsvc.core.clock import end_of_day_before, format_duration_vi, format_local


def test_before_the_ninth_means_end_of_the_eighth_local_time():
    # "trước ngày 09/3/2021": midnight at the start of 9 March in Hà Nội is 17:00 UTC on 8 March.
    assert end_of_day_before(date(2021, 3, 9)) == datetime(2021, 3, 8, 17, 0, tzinfo=UTC)


def test_times_are_shown_in_ho_chi_minh_time():
    assert format_local(datetime(2026, 1, 4, 18, 30, tzinfo=UTC)) == "01:30 05/01/2026"


def test_remaining_time_in_vietnamese():
    assert format_duration_vi(timedelta(days=2, hours=3)) == "còn 2 ngày 3 giờ"
    assert format_duration_vi(timedelta(seconds=-1)) == "đã hết hạn"
