"""The demo's story clock: moves the demo's story so that it happens around the day the demo
is loaded, while published facts keep their true dates.

The rule (one truth for every demo loader):

- the story's agreed terms (commitments' start, due and review dates, baseline and trajectory
  periods) move by a whole number of years, so financial years and their labels stay aligned
  ("2021-22" becomes "2026-27");
- the number of years puts the commitments' start (`STORY_START`, 1 April 2021 as written) on
  1 April of the financial year that contains the day six months before the load day: the
  agreement is six to eighteen months old, so there are months of figures to judge it on;
- the story's events (meetings, positions, seats, actions) move by the whole number of weeks
  nearest to those years, so each keeps its weekday: no forum meets at a weekend, and events
  stay within three days of the terms they lead to.

Registry dates (ODS), the published QOF years and the published dementia diagnosis series are
facts and are never moved.
"""

import datetime as dt
from dataclasses import dataclass

from concord.indicators.periods import parse_period

__all__ = ["STORY_START", "StoryClock", "add_years", "midweek", "shift_period"]

STORY_START = dt.date(2021, 4, 1)  # the day the story's commitments start, as written

# Monday..Sunday → days to add to reach the nearest of Tuesday, Wednesday, Thursday.
TO_MIDWEEK = (1, 0, 0, 0, -1, -2, 2)


def financial_year_start(day: dt.date) -> dt.date:
    """1 April of the financial year that contains `day`."""
    return dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def shift_years(today: dt.date) -> int:
    """Whole years to add to the story so its commitments started six to eighteen months ago."""
    return financial_year_start(today - dt.timedelta(days=183)).year - STORY_START.year


def add_years(day: dt.date, years: int) -> dt.date:
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def midweek(day: dt.date) -> dt.date:
    """The nearest Tuesday, Wednesday or Thursday to `day`."""
    return day + dt.timedelta(days=TO_MIDWEEK[day.weekday()])


def shift_period(label: str, years: int) -> str:
    """A period label moved by whole years: 2021-22 → 2026-27, 2021-22 Q3, 2021-03 likewise."""
    spec = parse_period(label)
    start = add_years(spec.start, years)
    if spec.period_type == "month":
        return f"{start.year}-{start.month:02d}"
    first = start.year if start.month >= 4 else start.year - 1
    fy = f"{first}-{(first + 1) % 100:02d}"
    if spec.period_type == "quarter":
        return f"{fy} {label.strip()[-2:]}"
    return fy


@dataclass(frozen=True)
class StoryClock:
    """The load day and the shift it gives; moves the story's terms, events and periods."""

    today: dt.date

    @property
    def years(self) -> int:
        return shift_years(self.today)

    @property
    def weeks(self) -> int:
        """The whole weeks nearest to `years`: events keep their weekday."""
        return round((add_years(STORY_START, self.years) - STORY_START).days / 7)

    def date(self, text: str | None) -> dt.date | None:
        """An agreed term's date (ISO text as the demo data write it), moved by whole years."""
        return add_years(dt.date.fromisoformat(text), self.years) if text else None

    def event(self, text: str | None) -> dt.date | None:
        """An event's date, moved by whole weeks."""
        if not text:
            return None
        return dt.date.fromisoformat(text) + dt.timedelta(weeks=self.weeks)

    def period(self, label: str | None) -> str | None:
        """A story period label, moved by whole years; empty stays empty."""
        return shift_period(label, self.years) if label else label

    def next_meeting_day(self) -> dt.date:
        """A midweek day about a month after the load day, to plan meetings ahead from."""
        return midweek(self.today + dt.timedelta(days=28))
