"""The dated ODS status rules: the periods a first file gives, and the day a later change began."""

import datetime as dt

from concord.organisations.statuses import OdsStatus, change_starts, first_periods

D = dt.date.fromisoformat
A, C, DORMANT, P = OdsStatus.ACTIVE, OdsStatus.CLOSED, OdsStatus.DORMANT, OdsStatus.PROPOSED


def test_a_first_file_gives_its_status_since_the_organisation_opened():
    assert first_periods(A, opened=D("1974-04-01"), closed=None) == [(A, D("1974-04-01"), None)]
    assert first_periods(DORMANT, opened=D("1991-04-01"), closed=None) == [
        (DORMANT, D("1991-04-01"), None)
    ]
    assert first_periods(P, opened=None, closed=None) == [(P, None, None)]


def test_a_first_file_closing_an_organisation_keeps_it_active_until_its_close_date():
    assert first_periods(C, opened=D("1974-04-01"), closed=D("2021-06-30")) == [
        (A, D("1974-04-01"), D("2021-06-30")),
        (C, D("2021-07-01"), None),
    ]
    assert first_periods(C, opened=D("1974-04-01"), closed=None) == [(C, D("1974-04-01"), None)]


def test_a_change_begins_on_the_files_date():
    on = D("2023-02-01")
    start = change_starts(
        DORMANT, opened=D("1974-04-01"), closed=None, since=D("1974-04-01"), on=on
    )
    assert start == on


def test_a_closure_begins_the_day_after_the_close_date_the_file_gives():
    since, on = D("1974-04-01"), D("2023-02-01")
    assert change_starts(C, opened=since, closed=D("2021-06-30"), since=since, on=on) == D(
        "2021-07-01"
    )
    # a close date after the file's date, or before the status it ends began, says nothing
    assert change_starts(C, opened=since, closed=D("2023-03-31"), since=since, on=on) == on
    later = D("2022-01-01")
    assert change_starts(C, opened=since, closed=D("2021-06-30"), since=later, on=on) == on


def test_becoming_active_begins_on_the_open_date_when_it_falls_between_the_files():
    since, on = D("2019-12-01"), D("2023-02-01")
    assert change_starts(A, opened=D("2020-04-01"), closed=None, since=since, on=on) == D(
        "2020-04-01"
    )
    assert change_starts(A, opened=D("1974-04-01"), closed=None, since=since, on=on) == on
    assert change_starts(A, opened=D("2020-04-01"), closed=None, since=None, on=on) == D(
        "2020-04-01"
    )
