"""Funnel limits against ukhsa-collaboration/PHEindicatormethods' own test tables:
- tests/testthat/testdata_funnel_prop_outputs.csv (commit 63894a99103ffc9e0a3e8a15644200a3abb95669)
- tests/testthat/testdata_funnel_prop_inputs.csv (commit 3352ce5d861197880cae0ccb329a0ce50424bfda)
- tests/testthat/testdata_funnel_ratio_outputs.csv (commit 8ac28e54249d9b01d586b19d1d1b39f5af3d49ac)
- tests/testthat/testdata_funnel_rate_outputs.csv (commit 39d5df1f793223db24173db8971ba3c2f834b8d8)
"""

import numpy as np
import pytest

from concord.stats.confidence import StatsError
from concord.stats.funnels import (
    axis_limits,
    plotting_grid,
    poisson_ratio_limits,
    proportion_funnel,
    proportion_limits,
    rate_funnel,
    ratio_funnel,
    ratio_limit_table,
    ratio_significance,
    significance_outside,
)

PROPORTION_BASELINE = 0.80642448  # the table's Baseline column, as a proportion
# Population, Lower2s0025limit, Upper2s0025limit, Lower3s0001limit, Upper3s0001limit
PROPORTION_ROWS = [
    (1, 3.204264, 100, 0, 100),
    (3, 35.933491, 100, 10.150815, 100),
    (18, 62.390093, 98.894803, 51.864359, 100),
    (41, 68.548635, 92.73626, 61.574398, 99.710497),
    (1008, 78.203374, 83.081521, 76.796814, 84.488082),
    (110000, 80.408963, 80.875933, 80.274317, 81.010578),
]


def test_proportion_limits_match_the_reference_table():
    n = [row[0] for row in PROPORTION_ROWS]
    limits = proportion_limits(n, PROPORTION_BASELINE)
    for key, column in [("lower_95", 1), ("upper_95", 2), ("lower_998", 3), ("upper_998", 4)]:
        assert limits[key] == pytest.approx([r[column] for r in PROPORTION_ROWS], abs=2e-5)


def test_plotting_grid_reproduces_the_reference_denominators():
    low, high = axis_limits([101060, 17951])  # largest and smallest denominators of the inputs
    grid = plotting_grid(low, high)
    assert (low, high) == (0, 110000)
    assert len(grid) == 100
    assert grid[:16].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 18]
    assert grid[-4:].tolist() == [80452, 89294, 99108, 110000]


# numerator, denominator, significance from the reference inputs
SIGNIFICANCE_ROWS = [
    (35078.488, 41980, "High (0.001)"),
    (24803.6256, 31824, "Low (0.001)"),
    (50050.7443, 61921, "Not significant"),
    (26789.238, 33012, "High (0.025)"),
    (30277.5312, 37828, "Low (0.025)"),
]


@pytest.mark.parametrize(("x", "n", "expected"), SIGNIFICANCE_ROWS)
def test_proportion_significance_matches_the_reference(x, n, expected):
    limits = proportion_limits([n], PROPORTION_BASELINE)
    value = np.array([x / n * 100])
    assert significance_outside(value, limits)[0] == expected


def test_proportion_funnel_uses_the_pooled_baseline():
    result = proportion_funnel([10, 30], [100, 100])
    assert result["baseline"] == pytest.approx(20)
    assert result["value"].tolist() == [10, 30]


def test_proportion_funnel_names_the_bad_row():
    with pytest.raises(StatsError, match="row 2: numerators must be less than"):
        proportion_funnel([65, 80, 30], [100, 50, 200])
    with pytest.raises(StatsError, match="row 3: denominators must be greater than zero"):
        proportion_funnel([65, 80, 30], [100, 100, 0])


# Observed, lower_2s_exp_events, upper_2s_exp_events, lower_3s_exp_events, upper_3s_exp_events
RATIO_ROWS = [
    (1, 5.571644585, 0.025317898, 9.233410143, 0.001000547),
    (10, 18.39035799, 4.795387629, 24.13397235, 2.960519925),
    (100, 121.6268111, 81.36400699, 134.9243187, 71.92139974),
    (716, 770.4222128, 664.5083011, 802.60414, 636.1521174),
]


def test_ratio_limit_table_matches_the_reference():
    table = ratio_limit_table([r[0] for r in RATIO_ROWS])
    for key, column in [
        ("lower_95_expected", 1),
        ("upper_95_expected", 2),
        ("lower_998_expected", 3),
        ("upper_998_expected", 4),
    ]:
        # the reference bisects; METHODS notes up to 4.7e-5 relative difference at O = 1, 2
        assert table[key] == pytest.approx([r[column] for r in RATIO_ROWS], rel=5e-5)
    assert table["lower_95"][1] == pytest.approx(1 - 0.456236795, rel=1e-6)  # lower_2s_count + 1


def test_ratio_limits_at_an_expected_count_lie_on_the_reference_curve():
    expected = [r[1] for r in RATIO_ROWS[1:]]
    lower, _ = poisson_ratio_limits(expected, "95")
    assert lower == pytest.approx([r[0] / r[1] for r in RATIO_ROWS[1:]], rel=1e-6)
    _, upper = poisson_ratio_limits([r[4] for r in RATIO_ROWS[1:]], "998")
    assert upper == pytest.approx([r[0] / r[4] for r in RATIO_ROWS[1:]], rel=1e-6)


def test_ratio_significance_order_and_zero_observed():
    labels = ratio_significance(
        [151, 0, 8, 124], [106.4429719, 240.6273499, 6.239860227, 183.894409]
    )
    assert labels.tolist() == ["High (0.001)", "Low (0.001)", "Not significant", "Low (0.001)"]


def test_ratio_funnel_rows():
    result = ratio_funnel([8, 151], [6.239860227, 106.4429719])
    assert result["value"] == pytest.approx([8 / 6.239860227, 151 / 106.4429719])
    assert (result["lower_95"] < 1).all() and (result["upper_95"] > 1).all()


# Events, lower_2s_population_1_year, lower_2s_limit, upper_3s_population_1_year, upper_3s_limit
RATE_ROWS = [
    (10, 5276.757672, 63.17010446, 849.4639547, 392.4043292),
    (1360, 411529.9259, 110.158048, 358342.3275, 126.5084525),
]
RATE_BASELINE, YEARS = 116.1720835, 3  # per 100,000; the reference table uses 3 years of data


@pytest.mark.parametrize(("events", "low_pop", "low_limit", "high_pop", "high_limit"), RATE_ROWS)
def test_rate_limits_at_a_population_match_the_reference(
    events, low_pop, low_limit, high_pop, high_limit
):
    average = RATE_BASELINE / 100_000
    lower, _ = poisson_ratio_limits([average * low_pop * YEARS], "95")
    _, upper = poisson_ratio_limits([average * high_pop * YEARS], "998")
    assert lower[0] * RATE_BASELINE == pytest.approx(low_limit, rel=1e-6)
    assert upper[0] * RATE_BASELINE == pytest.approx(high_limit, rel=1e-6)


def test_rate_funnel_crude_and_dsr():
    crude = rate_funnel([5, 50, 500], [10_000, 10_000, 100_000])
    assert crude["baseline"] == pytest.approx(555 / 120_000 * 100_000)
    dsr = rate_funnel([5, 50], None, dsr_values=[40.0, 600.0])
    assert dsr["significance"][0] == "Not applicable for events less than 10 for dsrs"
