"""Reporting periods from labels: financial year 2020-21, quarter 2020-21 Q4, month 2021-03."""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "PeriodInvalid",
    "PeriodSpec",
    "add_months",
    "financial_year",
    "month",
    "ordinal",
    "parse_period",
    "quarter",
]

FINANCIAL_YEAR = re.compile(r"^(\d{4})[-/](\d{2})$")
QUARTER = re.compile(r"^(\d{4})[-/](\d{2}) ?Q([1-4])$")


class PeriodInvalid(ValueError):
    pass


@dataclass(frozen=True)
class PeriodSpec:
    period_type: str
    start: dt.date
    end: dt.date
    label: str


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def financial_year(start_year: int) -> PeriodSpec:
    label = f"{start_year}-{(start_year + 1) % 100:02d}"
    end = dt.date(start_year + 1, 3, 31)
    return PeriodSpec("financial_year", dt.date(start_year, 4, 1), end, label)


def quarter(start_year: int, number: int) -> PeriodSpec:
    first_month = 4 + 3 * (number - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    end = _month_end(year + (month + 1) // 12, (month + 1) % 12 + 1)
    label = f"{financial_year(start_year).label} Q{number}"
    return PeriodSpec("quarter", dt.date(year, month, 1), end, label)


def month(year: int, number: int) -> PeriodSpec:
    if not 1 <= number <= 12:
        raise PeriodInvalid(f"month {number} is not between 01 and 12")
    label = f"{year}-{number:02d}"
    return PeriodSpec("month", dt.date(year, number, 1), _month_end(year, number), label)


def _consecutive(first: str, second: str) -> bool:
    return (int(first) + 1) % 100 == int(second)


def _year_or_month(text: str, first: str, second: str, period_type: str | None) -> PeriodSpec:
    if period_type == "month" or (period_type is None and not _consecutive(first, second)):
        return month(int(first), int(second))
    if not _consecutive(first, second):
        raise PeriodInvalid(f"{text!r} is not a financial year such as 2020-21")
    return financial_year(int(first))


def parse_period(text: str, period_type: str | None = None) -> PeriodSpec:
    """The period a label names. `period_type` settles 2010-11 (a year, or November 2010?)."""
    text = (text or "").strip()
    if match := QUARTER.match(text):
        if not _consecutive(match[1], match[2]):
            raise PeriodInvalid(f"{text!r}: the years of a financial year must be consecutive")
        spec = quarter(int(match[1]), int(match[3]))
    elif match := FINANCIAL_YEAR.match(text):
        spec = _year_or_month(text, match[1], match[2], period_type)
    else:
        raise PeriodInvalid(f"{text!r} is not a period: write 2020-21, 2020-21 Q4 or 2021-03")
    if period_type and spec.period_type != period_type:
        raise PeriodInvalid(f"{text!r} is a {spec.period_type}, expected a {period_type}")
    return spec


def ordinal(period) -> int:
    """Consecutive periods of one type have consecutive ordinals (a PeriodSpec or a Period)."""
    months = period.start.year * 12 + period.start.month - 1
    return {"month": months, "quarter": months // 3}.get(period.period_type, period.start.year)
