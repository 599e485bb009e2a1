"""The demo's synthetic continuation of a published series: deterministic, toward the target
with a seeded performance, and computed by the indicator's own method."""

import pytest

from concord.demo.continuation import (
    PERFORMANCE,
    continue_series,
    implied_denominator,
    next_months,
    rng_for,
)
from concord.indicators.limits import estimate
from concord.indicators.models import Indicator

RATE = Indicator(
    code="dementia-diagnosis-rate-65",
    unit="percentage",
    denominator_kind="estimate",
    multiplier=100,
    ci_method="wilson",
)


def series(key="dementia-diagnosis-rate-65/02H", until="2026-11", target=66.7):
    return continue_series(
        key=key,
        indicator=RATE,
        last_value=66.1,
        last_period="2021-01",
        until=until,
        target_for=lambda period: target,
        denominator=2400,
    )


def test_months_run_from_the_one_after_the_last_to_the_last_wanted():
    assert next_months("2020-11", "2021-02") == ["2020-12", "2021-01", "2021-02"]
    assert next_months("2021-01", "2021-01") == []


def test_the_same_series_gives_the_same_figures_and_a_later_day_only_adds_months():
    first, again, later = series(), series(), series(until="2027-05")
    assert first == again
    assert later[: len(first)] == first and len(later) == len(first) + 6


def test_different_series_draw_different_figures():
    assert series()[-1].figures != series(key="dementia-diagnosis-rate-65/LOC-02H-1")[-1].figures


def test_value_and_limits_are_the_indicators_own_calculation_from_its_counts():
    for month in series():
        assert month.figures == estimate(RATE, month.numerator, month.denominator)
        assert month.figures["lower_95"] < month.figures["value"] < month.figures["upper_95"]


def test_the_series_settles_around_its_target_plus_its_seeded_performance():
    made = series()
    offset = rng_for("dementia-diagnosis-rate-65/02H").choice(PERFORMANCE)
    tail = [m.figures["value"] for m in made[-24:]]
    assert abs(sum(tail) / len(tail) - (66.7 + offset)) < 1.5


def test_performances_spread_series_on_and_off_track():
    keys = [f"dementia-diagnosis-rate-65/{code}" for code in ("02H", "LOC-02H-1", "LOC-02H-2")]
    keys += [f"x/{n}" for n in range(20)]
    assert {rng_for(k).choice(PERFORMANCE) < 0 for k in keys} == {True, False}


def test_the_denominator_is_implied_by_the_published_interval():
    n = implied_denominator(68.8, 61.1, 75.4)
    limits = estimate(RATE, 0.688 * n, n)
    assert limits["lower_95"] == pytest.approx(61.1, abs=0.6)
    assert limits["upper_95"] == pytest.approx(75.4, abs=0.6)
    with pytest.raises(ValueError):
        implied_denominator(68.8, 70, 70)
