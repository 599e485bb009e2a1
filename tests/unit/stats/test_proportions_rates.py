"""Wilson proportions and crude rates.

Inputs and error cases from ukhsa-collaboration/PHEindicatormethods, tests/testthat/testWilson.R
and testByars.R (commit 0d9bf7e28a2acee518f56dd2e86e672ec7a786b0). Their expected values sit in
an Excel workbook, so the Wilson limits are checked against scipy's independent Wilson interval
(`binomtest(...).proportion_ci(method="wilson")`) and the exact Poisson limits against the
Poisson distribution they invert.
"""

import pytest
from scipy.stats import binomtest, poisson

from concord.stats.confidence import StatsError, confidence_level, z_value
from concord.stats.proportions import proportion, wilson_limits
from concord.stats.rates import (
    byars_lower,
    byars_upper,
    crude_rate,
    exact_lower,
    exact_upper,
    poisson_limits,
)

WILSON_INPUTS = [(65, 100), (1045, 5000)]  # testWilson.R, with 0.445/1 below


@pytest.mark.parametrize(("x", "n"), WILSON_INPUTS)
@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_wilson_matches_an_independent_implementation(x, n, confidence):
    expected = binomtest(x, n).proportion_ci(confidence_level=confidence, method="wilson")
    assert wilson_limits(x, n, confidence) == pytest.approx((expected.low, expected.high))


def test_wilson_accepts_percent_or_fraction_and_non_integer_counts():
    assert wilson_limits(0.445, 1, 99.8) == wilson_limits(0.445, 1, 0.998)
    lower, upper = wilson_limits(0.445, 1)
    assert 0 < lower < 0.445 < upper < 1


def test_wilson_at_full_confidence_is_zero_to_one():
    assert wilson_limits(65, 100, confidence=1) == (0.0, 1.0)


def test_z_values_are_the_published_ones():
    assert z_value(95) == pytest.approx(1.959964, abs=1e-6)
    assert z_value(0.998) == pytest.approx(3.090232, abs=1e-6)


@pytest.mark.parametrize(
    ("x", "n", "message"),
    [
        (-4, 1, "greater than or equal to zero"),
        (80, -6, "greater than zero"),
        (80, 50, "less than or equal to denominator"),
    ],
)
def test_wilson_errors(x, n, message):
    with pytest.raises(StatsError, match=message):
        wilson_limits(x, n)


@pytest.mark.parametrize("confidence", [0.7, 14, 125])
def test_confidence_outside_the_allowed_ranges_is_an_error(confidence):
    with pytest.raises(StatsError, match="between 90 and 100 or between 0.9 and 1"):
        confidence_level(confidence)


def test_proportion_scales_value_and_limits_by_the_multiplier():
    as_fraction, as_percent = proportion(65, 100), proportion(65, 100, multiplier=100)
    assert as_percent.value == 65
    assert as_percent.lower_95 == pytest.approx(as_fraction.lower_95 * 100)
    assert as_percent.upper_998 == pytest.approx(as_fraction.upper_998 * 100)
    assert as_percent.lower_998 < as_percent.lower_95 < 65 < as_percent.upper_95


@pytest.mark.parametrize("x", [1, 5, 9])
def test_exact_limits_invert_the_poisson_distribution(x):
    lower, upper = exact_lower(x), exact_upper(x)
    assert poisson.sf(x - 1, lower) == pytest.approx(0.025)  # P(X >= x | lower) = 2.5%
    assert poisson.cdf(x, upper) == pytest.approx(0.025)  # P(X <= x | upper) = 2.5%


def test_exact_lower_limit_of_no_events_is_zero():
    assert exact_lower(0) == 0
    assert poisson.cdf(0, exact_upper(0)) == pytest.approx(0.025)


@pytest.mark.parametrize("x", [65, 1045])  # testByars.R
def test_byars_approximates_the_exact_limits_for_larger_counts(x):
    assert byars_lower(x) == pytest.approx(exact_lower(x), rel=2e-3)
    assert byars_upper(x, 99.8) == pytest.approx(exact_upper(x, 99.8), rel=2e-3)


def test_byars_errors_on_negative_counts():
    with pytest.raises(StatsError, match="greater than or equal to zero"):
        byars_lower(-4)


def test_rate_switches_from_exact_to_byars_at_ten_events():
    assert crude_rate(9, 1000).method == "Exact"
    assert crude_rate(10, 1000).method == "Byars"
    assert poisson_limits(10) == (byars_lower(10), byars_upper(10))


def test_rate_value_and_limits_per_multiplier():
    rate = crude_rate(1, 100)  # the command's example
    assert rate.value == 1000
    assert rate.lower_95 == pytest.approx(exact_lower(1) / 100 * 100_000)
    assert rate.upper_998 == pytest.approx(exact_upper(1, 0.998) / 100 * 100_000)


def test_rate_allows_events_above_population():  # testRates.R uses 250/220
    assert crude_rate(250, 220).value == pytest.approx(250 / 220 * 100_000)


def test_rate_needs_a_positive_population():
    with pytest.raises(StatsError, match="population"):
        crude_rate(3, 0)
