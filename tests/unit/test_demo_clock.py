"""The demo's story clock: a whole-year shift that starts the story's commitments in the load
day's financial year, meetings moved to midweek, period labels moved with the dates."""

import datetime as dt

import pytest

from concord.demo.clock import (
    STORY_START,
    StoryClock,
    add_years,
    financial_year_start,
    midweek,
    shift_period,
    shift_years,
)

LOAD_DAYS = [dt.date(2026, 12, 2), dt.date(2027, 6, 15), dt.date(2030, 2, 28), dt.date(2027, 4, 1)]


@pytest.mark.parametrize("today", LOAD_DAYS)
def test_the_commitments_start_within_the_twelve_months_before_the_load_day(today):
    start = add_years(STORY_START, shift_years(today))
    assert start <= today < add_years(start, 1)
    assert (start.month, start.day) == (4, 1)


def test_the_financial_year_turns_on_1_april():
    assert financial_year_start(dt.date(2027, 3, 31)) == dt.date(2026, 4, 1)
    assert financial_year_start(dt.date(2027, 4, 1)) == dt.date(2027, 4, 1)
    assert shift_years(dt.date(2026, 12, 2)) == 5
    assert shift_years(dt.date(2030, 2, 28)) == 8


def test_29_february_falls_back_to_28_february_in_a_common_year():
    assert add_years(dt.date(2020, 2, 29), 1) == dt.date(2021, 2, 28)
    assert add_years(dt.date(2020, 2, 29), 4) == dt.date(2024, 2, 29)


def test_every_day_of_the_week_moves_at_most_two_days_to_tuesday_wednesday_or_thursday():
    for offset in range(7):
        day = dt.date(2026, 11, 30) + dt.timedelta(days=offset)  # a Monday onwards
        moved = midweek(day)
        assert moved.weekday() in (1, 2, 3)
        assert abs((moved - day).days) <= 2


@pytest.mark.parametrize(
    ("label", "years", "moved"),
    [
        ("2021-22", 5, "2026-27"),
        ("2020-21", 8, "2028-29"),
        ("2099-00", 1, "2100-01"),
        ("2021-22 Q3", 5, "2026-27 Q3"),
        ("2021-22 Q4", 5, "2026-27 Q4"),
        ("2021-03", 5, "2026-03"),
        ("2021-01", 0, "2021-01"),
    ],
)
def test_period_labels_move_with_the_dates(label, years, moved):
    assert shift_period(label, years) == moved


def test_the_clock_moves_story_dates_and_leaves_empty_ones_empty():
    clock = StoryClock(dt.date(2026, 12, 2))
    assert clock.date("2021-04-01") == dt.date(2026, 4, 1)
    assert clock.date(None) is None and clock.period("") == ""
    assert clock.period("2023-24") == "2028-29"
    meeting = clock.meeting("2021-01-27")  # shifted to 2026-01-27, a Tuesday
    assert meeting == dt.date(2026, 1, 27) and meeting.weekday() in (1, 2, 3)
    assert clock.meeting("2021-02-20").weekday() in (1, 2, 3)  # 2026-02-20 is a Friday


def test_a_step_before_a_meeting_stays_before_it_when_the_meeting_moves_back():
    clock = StoryClock(dt.date(2026, 12, 2))
    # 2021-02-19 and 2021-02-20 shift to Thursday and Friday 19-20 February 2026; the meeting
    # moves back to Thursday the 19th, and a position dated the day of the story meeting with it.
    assert clock.meeting("2021-02-20") == dt.date(2026, 2, 19)
    assert clock.before_meeting("2021-02-20", "2021-02-20") == dt.date(2026, 2, 19)
    assert clock.before_meeting("2021-02-15", "2021-02-20") == dt.date(2026, 2, 15)


def test_story_days_after_the_load_day_have_not_happened():
    clock = StoryClock(dt.date(2027, 4, 10))
    assert clock.has_happened(clock.meeting("2021-03-17"))
    assert not clock.has_happened(clock.meeting("2021-04-17"))  # shifted into 2027-04-15
