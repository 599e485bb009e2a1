"""Status per commitment and period, computed from measurements by the refresh."""

import datetime as dt

import pytest

from concord.accountability import status as s
from concord.accountability.models import CommitmentStatus, MeasurementChange
from concord.accountability.refresh import after_measurements_changed, refresh
from concord.notifications.models import Notification
from tests.factories import PostFactory
from tests.integration.accountable import DUE, START, measure, senate_with

pytestmark = pytest.mark.django_db
DURING = dt.date(2021, 9, 15)  # the sixth month of the commitment
AFTER = dt.date(2022, 6, 1)


def statuses(commitment):
    return list(commitment.statuses.select_related("period").order_by("period__start"))


def test_every_month_from_the_start_is_assessed_and_the_last_is_current():
    senate, agreement = senate_with(seats=3)
    refresh(today=DURING)
    rows = statuses(agreement.commitments.first())
    assert [r.period.label for r in rows] == [f"2021-{m:02d}" for m in range(4, 10)]
    assert [r.is_current for r in rows] == [False] * 5 + [True]


def test_on_track_off_track_and_no_data_follow_the_measurements():
    senate, agreement = senate_with(seats=3)
    ccg, acute, council = (seat.organisation for seat in senate.seats)
    measure(ccg, START, [68.0] * 6)  # above the 66.7 milestone
    measure(acute, START, [62.0] * 6, half_width=2.0)  # 64.0 at most: significantly below
    refresh(today=DURING)
    current = {
        r.commitment.party: r
        for r in CommitmentStatus.objects.current().select_related("commitment__party")
    }
    assert (current[ccg].status, current[ccg].rule) == (s.ON_TRACK, 11)
    assert (current[acute].status, current[acute].rule) == (s.OFF_TRACK, 7)
    assert (current[council].status, current[council].rule) == (s.NO_DATA, 5)


def test_a_gap_inside_the_interval_is_at_risk():
    senate, agreement = senate_with(seats=3, measured=1)
    measure(senate.seats[0].organisation, START, [66.0] * 6, half_width=1.5)
    refresh(today=DURING)
    row = CommitmentStatus.objects.current().get(commitment__party=senate.seats[0].organisation)
    assert (row.status, row.rule) == (s.AT_RISK, 9)


def test_each_status_explains_itself_with_its_numbers():
    senate, agreement = senate_with(seats=3, measured=1)
    measure(senate.seats[0].organisation, START, [68.0] * 6)
    refresh(today=DURING)
    row = CommitmentStatus.objects.current().get(commitment__party=senate.seats[0].organisation)
    assert "68.0%" in row.explanation and "66.7%" in row.explanation
    assert "trajectory 2021-22" in row.explanation
    assert row.numbers["value"] == 68.0 and row.numbers["latest_period"] == "2021-09"


def test_data_older_than_three_periods_is_no_data():
    senate, agreement = senate_with(seats=3, measured=1)
    measure(senate.seats[0].organisation, START, [68.0])  # April only
    refresh(today=DURING)
    rows = statuses(agreement.commitments.get(party=senate.seats[0].organisation))
    assert [r.status for r in rows] == [s.ON_TRACK] * 4 + [s.NO_DATA] * 2  # Apr–Jul, Aug–Sep


def test_after_the_due_date_the_commitment_is_met_or_missed():
    senate, agreement = senate_with(seats=3, measured=2)
    ccg, acute = senate.seats[0].organisation, senate.seats[1].organisation
    measure(ccg, START, [67.0] * 12)
    measure(acute, START, [66.0] * 12)
    refresh(today=AFTER)
    current = dict(CommitmentStatus.objects.current().values_list("commitment__party", "status"))
    assert current[ccg.pk] == s.MET and current[acute.pk] == s.MISSED
    last = CommitmentStatus.objects.current().get(commitment__party=ccg)
    assert last.period.end == DUE


def test_a_commitment_without_an_indicator_has_no_data_and_says_why():
    senate, agreement = senate_with(seats=3, measured=0)
    refresh(today=DURING)
    row = CommitmentStatus.objects.current().first()
    assert (row.status, row.rule) == (s.NO_DATA, 2)
    assert "no indicator" in row.explanation


def test_before_the_start_the_commitment_is_not_yet_due():
    senate, agreement = senate_with(seats=3)
    refresh(today=START - dt.timedelta(days=20))
    assert set(CommitmentStatus.objects.values_list("status", flat=True)) == {s.NOT_YET_DUE}


def test_the_owner_is_told_once_per_change():
    senate, agreement = senate_with(seats=3, measured=1)
    org = senate.seats[0].organisation
    owner = PostFactory(organisation=org, person__email="owner@example.org", start=START).person
    told = Notification.objects.filter(recipient=owner, key__startswith="status:")
    refresh(today=DURING)
    first = told.count()
    refresh(today=DURING)
    assert told.count() == first == 1
    measure(org, START, [68.0] * 6)
    refresh(today=DURING)
    latest = told.last()
    assert told.count() == 2
    assert "now on track (was no data)" in latest.text


def test_a_change_of_measurements_refreshes_status_when_it_commits(
    django_capture_on_commit_callbacks,
):
    senate, agreement = senate_with(seats=3, measured=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        after_measurements_changed(reason="the import of a file", rows=1)
        assert not CommitmentStatus.objects.exists()  # not before the commit
    assert len(callbacks) == 1
    assert CommitmentStatus.objects.current().count() == 3
    assert MeasurementChange.objects.get().refreshed_at is not None


def test_no_change_and_nothing_owed_does_not_refresh(django_capture_on_commit_callbacks):
    senate_with(seats=3, measured=1)
    with django_capture_on_commit_callbacks(execute=True):
        after_measurements_changed(reason="the import of a file", rows=0)
    assert not CommitmentStatus.objects.exists() and not MeasurementChange.objects.exists()


def test_under_thirteen_points_the_status_reads_a_run_chart_with_no_signal_or_icon():
    """Making Data Count (MDC SQL v2.6): fewer than 13 points is a run chart, without limits or
    icons. Twelve points with a clear fall at the end give no special cause and no assurance;
    a thirteenth gives both."""
    senate, agreement = senate_with(seats=3, measured=1)
    ccg = senate.seats[0].organisation
    falling = [75.0, 75.4, 74.8, 75.2, 74.9, 75.1, 75.3, 74.7, 70.0, 69.0, 68.0, 67.0]
    measure(ccg, dt.date(2020, 10, 1), falling)
    refresh(today=dt.date(2021, 10, 15))
    row = CommitmentStatus.objects.current().get(commitment__party=ccg)
    assert row.numbers["variation"] is None and row.numbers["assurance"] is None
    measure(ccg, dt.date(2020, 10, 1), [*falling, 66.8])
    refresh(today=dt.date(2021, 11, 15))
    row = CommitmentStatus.objects.current().get(commitment__party=ccg)
    assert row.numbers["variation"] == "concern" and row.numbers["assurance"] is not None
