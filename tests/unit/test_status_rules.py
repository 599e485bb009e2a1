"""The status rules of concord.accountability.status, one case per rule (see its docstring)."""

import dataclasses

import pytest

from concord.accountability import status as s
from concord.accountability.status import Evidence, assess

# A measured period: dementia diagnosis rate 65.0% (95% interval 63.0–67.0%) against a
# milestone of 64.0%, higher is better, measured this period, common cause variation.
MEASURED = Evidence(
    period="2022-03",
    started=True,
    final=False,
    indicator="Dementia diagnosis rate",
    higher_is_better=True,
    milestone=64.0,
    milestone_source="trajectory 2021-22",
    unit="percentage",
    latest_period="2022-03",
    age=0,
    value=65.0,
    lower=63.0,
    upper=67.0,
    variation="common",
    assurance="hit_or_miss",
)


def case(**changes) -> s.Assessment:
    return assess(dataclasses.replace(MEASURED, **changes))


def test_rule_1_before_the_start_is_not_yet_due():
    found = case(started=False)
    assert (found.status, found.rule) == (s.NOT_YET_DUE, 1)


def test_rule_2_no_indicator_is_no_data():
    found = case(indicator=None)
    assert (found.status, found.rule) == (s.NO_DATA, 2)


def test_rule_3_no_target_is_no_data():
    found = case(milestone=None)
    assert (found.status, found.rule) == (s.NO_DATA, 3)


def test_rule_4_an_indicator_without_direction_is_no_data():
    found = case(higher_is_better=None)
    assert (found.status, found.rule) == (s.NO_DATA, 4)


def test_rule_5_nothing_measured_is_no_data():
    found = case(value=None, latest_period=None, age=None)
    assert (found.status, found.rule) == (s.NO_DATA, 5)


def test_rule_5_a_stale_measurement_is_no_data_and_says_how_old():
    found = case(age=s.STALE_AFTER_PERIODS + 1, latest_period="2021-11")
    assert (found.status, found.rule) == (s.NO_DATA, 5)
    assert f"{s.STALE_AFTER_PERIODS + 1} periods earlier" in found.explanation


def test_rule_5_a_measurement_exactly_at_the_limit_still_counts():
    assert case(age=s.STALE_AFTER_PERIODS).status == s.ON_TRACK


@pytest.mark.parametrize(("value", "expected"), [(64.0, s.MET), (63.9, s.MISSED)])
def test_rule_6_after_the_due_date_the_target_is_met_or_missed(value, expected):
    found = case(final=True, value=value)
    assert (found.status, found.rule) == (expected, 6)


def test_rule_6_lower_is_better_reverses_the_verdict():
    found = case(final=True, higher_is_better=False, value=63.0)
    assert found.status == s.MET


def test_rule_7_a_significant_gap_is_off_track():
    found = case(value=60.0, lower=58.5, upper=61.5)  # the whole interval below 64.0
    assert (found.status, found.rule) == (s.OFF_TRACK, 7)
    assert "60.0%" in found.explanation and "64.0%" in found.explanation


def test_rule_7_lower_is_better_a_significant_gap_above():
    found = case(higher_is_better=False, value=70.0, lower=66.0, upper=74.0)
    assert (found.status, found.rule) == (s.OFF_TRACK, 7)


def test_rule_8_consistently_failing_is_off_track_even_when_the_gap_is_not_significant():
    found = case(value=63.5, lower=61.0, upper=66.0, assurance="fail")
    assert (found.status, found.rule) == (s.OFF_TRACK, 8)


def test_rule_9_a_gap_that_is_not_significant_is_at_risk():
    found = case(value=63.5, lower=61.0, upper=66.0)
    assert (found.status, found.rule) == (s.AT_RISK, 9)
    assert "not significant" in found.explanation


def test_rule_9_without_an_interval_a_gap_is_at_risk_not_off_track():
    found = case(value=50.0, lower=None, upper=None)
    assert (found.status, found.rule) == (s.AT_RISK, 9)


def test_rule_10_meeting_the_milestone_with_a_special_cause_of_concern_is_at_risk():
    found = case(variation="concern")
    assert (found.status, found.rule) == (s.AT_RISK, 10)


def test_rule_11_meeting_the_milestone_is_on_track():
    found = case()
    assert (found.status, found.rule) == (s.ON_TRACK, 11)
    assert found.explanation.startswith("On track in 2022-03 (rule 11)")


def test_every_assessment_carries_its_numbers():
    found = case()
    assert found.numbers["value"] == MEASURED.value
    assert found.numbers["milestone"] == MEASURED.milestone


def test_the_worst_of_several_indicators_decides():
    found = s.worst([case(), case(value=60.0, lower=58.5, upper=61.5), case(variation="concern")])
    assert found.status == s.OFF_TRACK


def test_rule_5_a_later_figure_withheld_by_disclosure_control_is_no_data_and_says_why():
    found = case(latest_period="2022-02", age=1, withheld="2022-03")
    assert (found.status, found.rule) == (s.NO_DATA, 5)
    assert "for 2022-03, is withheld by disclosure control" in found.explanation
