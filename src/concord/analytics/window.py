"""The window of a computation: financial quarters, numbered from 0, as the queries count them.

A date's quarter is `(year × 12 + month − 1 − first month) ÷ 3`, rounded down, so dates before
the window fall in negative quarters and the arithmetic is the same on every engine.
"""

import datetime as dt
from dataclasses import dataclass

from concord.indicators.periods import PeriodSpec, quarter

__all__ = ["Window"]


@dataclass(frozen=True)
class Window:
    first_year: int  # the financial year of quarter 0 (2016 for 2016-17)
    quarters: int

    @classmethod
    def ending(cls, last_year: int, years: int) -> "Window":
        """`years` financial years, the last starting in April of `last_year`."""
        return cls(last_year - years + 1, years * 4)

    @property
    def first_month(self) -> int:
        """Months since year 0 of the window's first month (April of first_year)."""
        return self.first_year * 12 + 3

    def period(self, k: int) -> PeriodSpec:
        return quarter(self.first_year + k // 4, k % 4 + 1)

    @property
    def start(self) -> dt.date:
        return self.period(0).start

    @property
    def end(self) -> dt.date:
        return self.period(self.quarters - 1).end

    def quarter_of(self, date: dt.date) -> int:
        return (date.year * 12 + date.month - 1 - self.first_month) // 3

    def rows(self) -> list[tuple[int, dt.date, dt.date, str]]:
        """(q, start, end, label) of every quarter: the engines' `quarters` table."""
        return [
            (k, p.start, p.end, p.label) for k in range(self.quarters) for p in [self.period(k)]
        ]
