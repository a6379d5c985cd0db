"""Reporting periods as officials name them, their Decree 09 cut-off, and the next period."""

from __future__ import annotations

from datetime import date

import pytest

from commentsvc.reports.periods import Period


@pytest.mark.parametrize(
    ("period", "label", "cutoff"),
    [
        (Period("month", 2021, 5), "tháng 5/2021", (date(2021, 4, 15), date(2021, 5, 14))),
        (Period("month", 2021, 1), "tháng 1/2021", (date(2020, 12, 15), date(2021, 1, 14))),
        (Period("quarter", 2019, 3), "quý III/2019", (date(2019, 6, 15), date(2019, 9, 14))),
        (Period("quarter", 2019, 1), "quý I/2019", (date(2018, 12, 15), date(2019, 3, 14))),
        (Period("half_year", 2021, 1), "6 tháng đầu năm 2021", (date(2020, 12, 15), date(2021, 6, 14))),
        (Period("year", 2023, 1), "năm 2023", (date(2022, 12, 15), date(2023, 12, 14))),
        (
            Period("range", start=date(2021, 1, 1), end=date(2021, 5, 20)),
            "từ ngày 01/01/2021 đến ngày 20/05/2021",
            (date(2021, 1, 1), date(2021, 5, 20)),
        ),
    ],
)
def test_labels_and_cutoffs(period, label, cutoff):
    assert period.label == label
    assert period.cutoff == cutoff


def test_next_periods_roll_over_the_year():
    assert Period("quarter", 2019, 4).next() == Period("quarter", 2020, 1)
    assert Period("month", 2021, 5).next() == Period("month", 2021, 6)
    assert Period("half_year", 2021, 2).next() == Period("half_year", 2022, 1)
    nxt = Period("range", start=date(2021, 1, 1), end=date(2021, 1, 10)).next()
    assert (nxt.start, nxt.end) == (date(2021, 1, 11), date(2021, 1, 20))


@pytest.mark.parametrize("args", [("quarter", 2019, 5), ("month", 2021, 13), ("year", 1990, 1)])
def test_impossible_periods_are_refused(args):
    with pytest.raises(ValueError, match="phải từ"):
        Period(*args)
