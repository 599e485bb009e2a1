"""The demo's story clock: agreed terms move by whole years, events by whole weeks."""

import datetime as dt

import pytest

from concord.demo.clock import STORY_START, StoryClock, add_years, midweek, shift_period

LOAD_DAYS = [
    dt.date(2026, 12, 2),
    dt.date(2026, 4, 5),
    dt.date(2027, 6, 15),
    dt.date(2030, 2, 28),
    dt.date(2031, 10, 1),
]


@pytest.mark.parametrize("today", LOAD_DAYS)
def test_the_commitments_started_six_to_eighteen_months_before_the_load_day(today):
    clock = StoryClock(today)
    start = clock.date(STORY_START.isoformat())
    assert start.month == 4 and start.day == 1
    months = (today.year - start.year) * 12 + today.month - start.month
    assert 6 <= months <= 18


@pytest.mark.parametrize("today", LOAD_DAYS)
def test_events_keep_their_weekday_and_stay_near_the_terms(today):
    clock = StoryClock(today)
    for story_day in ("2020-12-09", "2021-01-13", "2021-02-10", "2021-03-17", "2021-03-04"):
        moved = clock.event(story_day)
        assert moved.weekday() == dt.date.fromisoformat(story_day).weekday()
        assert abs((moved - clock.date(story_day)).days) <= 3
        assert moved < today


def test_periods_move_with_the_years():
    clock = StoryClock(dt.date(2026, 12, 2))
    assert clock.years == 5
    assert clock.period("2021-22") == "2026-27"
    assert clock.period("2021-22 Q3") == "2026-27 Q3"
    assert clock.period("2021-03") == "2026-03"
    assert clock.period("") == "" and clock.date(None) is None and clock.event("") is None


def test_the_29th_of_february_becomes_the_28th_in_a_common_year():
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert shift_period("2024-02", 1) == "2025-02"


def test_meetings_planned_ahead_are_midweek_about_a_month_on():
    for today in LOAD_DAYS:
        day = StoryClock(today).next_meeting_day()
        assert day.weekday() in (1, 2, 3) and 26 <= (day - today).days <= 30
    assert [midweek(dt.date(2026, 11, 30) + dt.timedelta(days=n)).weekday() for n in range(7)] == [
        1,
        1,
        2,
        3,
        3,
        3,
        1,
    ]
