"""Reporting periods (pure): how officials name them and the data cut-off of Decree 09/2019/NĐ-CP.

A monthly report covers the 15th of the previous month to the 14th of the month; a quarterly one, the 15th of the
month before the quarter to the 14th of its last month; six months, 15/12 of the previous year to 14/6; a year,
15/12 to 14/12. A request may also name a plain date range. The deadline to send is separate (set by the request).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROMAN = ("I", "II", "III", "IV")
KINDS = ("month", "quarter", "half_year", "year", "range")
KIND_LABELS = {
    "month": "Tháng",
    "quarter": "Quý",
    "half_year": "6 tháng",
    "year": "Năm",
    "range": "Khoảng thời gian",
}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int | None = None
    number: int | None = None  # month 1–12, quarter 1–4, half 1–2
    start: date | None = None  # a range only
    end: date | None = None

    def __post_init__(self) -> None:
        limits = {"month": 12, "quarter": 4, "half_year": 2, "year": 1}
        if self.kind not in KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.kind == "range":
            if self.start is None or self.end is None or self.end < self.start:
                raise ValueError("Khoảng thời gian báo cáo không hợp lệ: ngày kết thúc phải sau ngày bắt đầu.")
            return
        if self.year is None or not 2000 <= self.year <= 2100:
            raise ValueError("Năm báo cáo phải từ 2000 đến 2100.")
        number = self.number or 1
        if not 1 <= number <= limits[self.kind]:
            raise ValueError(f"Kỳ báo cáo phải từ 1 đến {limits[self.kind]}.")

    @property
    def label(self) -> str:
        """ "tháng 5/2021", "quý III/2019", "6 tháng đầu năm 2021", "năm 2023", "từ ngày 01/01/2021 đến ngày …"."""
        if self.kind == "month":
            return f"tháng {self.number}/{self.year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[self.number - 1]}/{self.year}"
        if self.kind == "half_year":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == "year":
            return f"năm {self.year}"
        return f"từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"

    @property
    def cutoff(self) -> tuple[date, date]:
        """The data the report covers (Decree 09/2019/NĐ-CP); a range is its own cut-off."""
        if self.kind == "range":
            return self.start, self.end
        if self.kind == "month":
            return _day_15_before(self.year, self.number), date(self.year, self.number, 14)
        if self.kind == "quarter":
            first_month, last_month = 3 * self.number - 2, 3 * self.number
            return _day_15_before(self.year, first_month), date(self.year, last_month, 14)
        if self.kind == "half_year" and self.number == 2:
            return date(self.year, 6, 15), date(self.year, 12, 14)
        if self.kind == "half_year":
            return date(self.year - 1, 12, 15), date(self.year, 6, 14)
        return date(self.year - 1, 12, 15), date(self.year, 12, 14)

    @property
    def cutoff_label(self) -> str:
        start, end = self.cutoff
        return f"Số liệu tính từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"

    def next(self) -> Period:
        """The following period of the same kind; a range moves by its own length."""
        if self.kind == "range":
            length = self.end - self.start
            start = self.end.fromordinal(self.end.toordinal() + 1)
            return Period("range", start=start, end=start + length)
        if self.kind == "year":
            return Period("year", self.year + 1, 1)
        count = {"month": 12, "quarter": 4, "half_year": 2}[self.kind]
        if self.number == count:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.number + 1)


def _day_15_before(year: int, month: int) -> date:
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)
