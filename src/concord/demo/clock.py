"""The demo's story clock: moves the demo's story dates so that the story happens around the
day the demo is loaded, while published facts keep their true dates.

The rule (one truth for every demo loader):

- the story is shifted by a whole number of years, so financial years and their labels stay
  aligned (a commitment starting 1 April 2021 for "2021-22" starts 1 April of a later year for
  the matching later financial year);
- the number of years is chosen so that the story's commitments, which start on
  `STORY_START` (1 April 2021), start on 1 April of the financial year that contains the load
  day: they started within the twelve months before the load day and run ahead of it;
- a meeting's shifted date is moved to the nearest Tuesday, Wednesday or Thursday (at most two
  days), so no forum meets at a weekend.

Registry dates (ODS), the published QOF years and the published dementia diagnosis series are
facts and are never shifted.
"""

import datetime as dt
from dataclasses import dataclass

from concord.indicators.periods import parse_period

STORY_START = dt.date(2021, 4, 1)  # the day the story's commitments start, as written

# Monday..Sunday → days to add to reach the nearest of Tuesday, Wednesday, Thursday.
TO_MIDWEEK = (1, 0, 0, 0, -1, -2, 2)


def financial_year_start(day: dt.date) -> dt.date:
    """1 April of the financial year that contains `day`."""
    return dt.date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def shift_years(today: dt.date) -> int:
    """Whole years to add to the story so its commitments start this financial year."""
    return financial_year_start(today).year - STORY_START.year


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
    """The load day and the shift it gives; moves the story's dates and periods."""

    today: dt.date

    @property
    def years(self) -> int:
        return shift_years(self.today)

    def date(self, text: str | None) -> dt.date | None:
        """A story date (ISO text as the demo data write it), shifted; None stays None."""
        return add_years(dt.date.fromisoformat(text), self.years) if text else None

    def meeting(self, text: str) -> dt.date:
        """A story meeting's date, shifted and moved to midweek."""
        return midweek(self.date(text))

    def period(self, label: str | None) -> str | None:
        """A story period label, shifted; empty stays empty."""
        return shift_period(label, self.years) if label else label

    def before_meeting(self, text: str, meeting: str) -> dt.date:
        """A step dated before a story meeting (a position, an amendment), shifted and kept no
        later than the meeting once the meeting has moved to midweek."""
        return min(self.date(text), self.meeting(meeting))

    def has_happened(self, day: dt.date) -> bool:
        """Whether a shifted story day has passed on the load day: a meeting after it is
        scheduled, not held."""
        return day <= self.today
