"""XmR charts with the `mdc` and `ptd` rule sets.

Reference values: nhs-r-community/NHSRplotthedots, tests/testthat/test-ptd_spc_standard.R
(commit 2ec4e36851c074e231445e94db78e8cd24e6352b) and its snapshot
tests/testthat/_snaps/ptd_spc_standard.md (commit ea2177d4ccfed7dc14d8f57d20f1114d9b235295);
rule behaviour from tests/testthat/test-ptd_calculate_point_type.R
(commit 0b49a46faa87622267a3792ae3a90156090c8add) and assurance from
tests/testthat/test-ptd_calculate_assurance_type.R
(commit 47af41fdbf71eb2edc7aa06e614fd78be1622984).
"""

import numpy as np
import pytest

from concord.stats.spc import MDC, PTD, xmr_batch, xmr_chart

# R: set.seed(123); rnorm(20), as printed to 8 decimal places
RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499,
             0.46091621, -1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383,
             0.40077145, 0.11068272, -0.55584113, 1.78691314, 0.49785048, -1.96661716,
             0.70135590, -0.47279141]  # fmt: skip
ZIGZAG = [1.0, -1.0] * 5  # mean 0, mean moving range 2: limits ±5.32, 2-sigma ±3.5467


def limits(chart):
    point = chart.points[0]
    return point.mean, point.lower_limit, point.upper_limit


def test_ptd_limits_match_the_snapshot():
    assert limits(xmr_chart(RNORM_123, rules="ptd")) == pytest.approx(
        (0.1416238, -3.01138, 3.294627), abs=1e-6
    )


def test_ptd_screens_the_outlying_moving_ranges_but_keeps_the_mean():
    data = list(RNORM_123)
    data[14] = 10  # as the reference test sets y[15]
    assert limits(xmr_chart(data, rules="ptd")) == pytest.approx(
        (0.6694159, -2.383666, 3.722497), abs=1e-6
    )


def test_mdc_does_not_screen_and_matches_ptd_without_screening():
    data = list(RNORM_123)
    data[14] = 10
    assert limits(xmr_chart(data, rules="mdc")) == pytest.approx(
        (0.6694159, -4.596625, 5.935457), abs=1e-6
    )


def fired(chart, rule):
    return [i for i, p in enumerate(chart.points) if rule in p.special_cause]


def with_baseline(tail, rules, **options):
    return xmr_chart(ZIGZAG + tail, rules=rules, baseline=len(ZIGZAG), **options)


def test_shift_of_six_fires_under_mdc_only():
    tail = [0.5] * 6
    assert fired(with_baseline(tail, "mdc"), "shift") == list(range(10, 16))
    assert fired(with_baseline(tail, "ptd"), "shift") == []
    assert fired(with_baseline(tail + [0.5], "ptd"), "shift") == list(range(10, 17))


def test_a_point_on_the_mean_breaks_a_shift():
    assert fired(with_baseline([0.5] * 3 + [0.0] + [0.5] * 3, "mdc"), "shift") == []


def test_trend_of_six_fires_under_mdc_and_seven_under_ptd():
    rising = [-0.5, -0.3, -0.1, 0.1, 0.3, 0.5]
    data = [-1.0, 1.0] * 5 + rising  # the step into the trend falls (1 -> -0.5)
    assert fired(xmr_chart(data, rules="mdc", baseline=10), "trend") == list(range(10, 16))
    assert fired(xmr_chart(data, rules="ptd", baseline=10), "trend") == []
    longer = xmr_chart(data + [0.7], rules="ptd", baseline=10)
    assert fired(longer, "trend") == list(range(10, 17))


def test_a_tie_breaks_a_trend():
    data = [-1.0, 1.0] * 5 + [-0.5, -0.3, -0.1, -0.1, 0.1, 0.3, 0.5]
    assert fired(xmr_chart(data, rules="mdc", baseline=10), "trend") == []


def test_ptd_reference_trend_of_seven_rising_points():  # ptd_seven_point_trend(1:7)
    chart = xmr_chart([1, 2, 3, 4, 5, 6, 7], rules="ptd")
    assert fired(chart, "trend") == list(range(7))


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_two_in_three_flags_only_the_close_points(rules):
    chart = with_baseline([1.0, 4.0, 0.5, 4.0, 1.0, -1.0], rules)
    assert fired(chart, "two_in_three") == [11, 13]


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_two_in_three_needs_all_three_on_one_side(rules):
    chart = with_baseline([1.0, 4.0, -0.5, 4.0, -1.0, 1.0], rules)
    assert fired(chart, "two_in_three") == []


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_points_beyond_the_limits_do_not_count_for_two_in_three(rules):
    chart = with_baseline([1.0, 6.0, 0.5, 6.0, -1.0, 1.0], rules)
    assert fired(chart, "two_in_three") == []
    assert fired(chart, "outside_limits") == [11, 13]


def test_ptd_reference_two_close_points_on_opposite_sides_are_common_cause():
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    chart = xmr_chart(data, rules="ptd")
    assert [p.classification for p in chart.points[-2:]] == ["common", "common"]


@pytest.mark.parametrize(
    ("improvement", "classification", "icon"),
    [
        ("up", "improvement", "improvement_high"),
        ("down", "concern", "concern_high"),
        ("neither", "neither", "neither_high"),
    ],
)
def test_classification_follows_the_improvement_direction(improvement, classification, icon):
    chart = with_baseline([1.0, -1.0, 6.0], "mdc", improvement=improvement)
    assert chart.points[-1].special_cause == ["outside_limits"]
    assert chart.points[-1].classification == classification
    assert chart.variation_icon == icon


def test_low_outside_point_with_higher_is_better_is_concern_low():
    chart = with_baseline([1.0, -1.0, -6.0], "mdc")
    assert (chart.points[-1].classification, chart.variation_icon) == ("concern", "concern_low")


def test_common_cause_icon():
    chart = xmr_chart([1.0, -1.0] * 7, rules="mdc")
    assert {p.classification for p in chart.points} == {"common"}
    assert chart.variation_icon == "common_cause"


def test_conflict_rising_trend_below_the_mean():
    """A rising trend (high side) that is also a run below the mean (low side): MDC's tool shows
    improvement; PTD takes the first rule in its order (outside, trend, two-in-three, shift)."""
    tail = [-4.0, -3.5, -3.0, -2.5, -2.0, -1.5]
    mdc = with_baseline(tail, "mdc")
    assert {"trend", "shift"} <= set(mdc.points[-1].special_cause)
    assert mdc.points[-1].classification == "improvement"
    ptd = with_baseline(tail, "ptd")  # six rises: no ptd trend; seven below the mean: shift
    assert ptd.points[-1].special_cause == ["shift"]
    assert ptd.points[-1].classification == "concern"


def test_rebasing_computes_limits_per_segment_and_keeps_rules_inside_it():
    data = [1.0, -1.0] * 7 + [11.0, 9.0] * 7
    chart = xmr_chart(data, rules="mdc", rebase_at=[14])
    assert [chart.points[0].mean, chart.points[-1].mean] == [0, 10]
    assert [p.segment for p in chart.points] == [0] * 14 + [1] * 14
    assert all(p.classification == "common" for p in chart.points)
    unrebased = xmr_chart(data, rules="mdc")
    assert fired(unrebased, "shift") == list(range(28))


def test_baseline_fixes_the_limits_from_the_first_points():
    data = RNORM_123 + [2.0] * 5
    chart = xmr_chart(data, rules="mdc", baseline=12)
    assert chart.points[-1].mean == pytest.approx(np.mean(RNORM_123[:12]))
    moving = np.abs(np.diff(RNORM_123[:12])).mean()
    assert chart.points[-1].upper_limit == pytest.approx(np.mean(RNORM_123[:12]) + 2.66 * moving)


def test_mdc_needs_thirteen_points_for_limits():
    chart = xmr_chart([1.0, -1.0] * 6, rules="mdc")
    assert not chart.has_limits
    assert chart.variation_icon is None and chart.assurance_icon is None
    assert "run chart" in chart.warnings[0]
    assert xmr_chart([1.0, -1.0] * 6 + [1.0], rules="mdc").has_limits


def test_ptd_warns_of_trial_limits_below_twelve_points():
    assert "trial limits" in xmr_chart([1.0, -1.0] * 5, rules="ptd").warnings[0]


@pytest.mark.parametrize(
    ("target", "improvement", "icon"),
    [
        (6, "up", "fail"),
        (-6, "up", "pass"),
        (0, "up", "hit_or_miss"),
        (6, "down", "pass"),
        (-6, "down", "fail"),
        (6, "neither", None),
        (None, "up", None),
    ],
)
def test_assurance_icon(target, improvement, icon):  # limits are ±5.32 (see ZIGZAG)
    chart = xmr_chart([1.0, -1.0] * 7, rules="ptd", improvement=improvement, target=target)
    assert chart.assurance_icon == icon


def test_a_target_on_a_limit_is_pass_or_fail_for_mdc_and_inconsistent_for_ptd():
    upper = xmr_chart([1.0, -1.0] * 7, rules="mdc").points[-1].upper_limit
    assert xmr_chart([1.0, -1.0] * 7, rules="mdc", target=upper).assurance_icon == "fail"
    assert xmr_chart([1.0, -1.0] * 7, rules="ptd", target=upper).assurance_icon == "hit_or_miss"


def test_rule_sets_are_data():
    assert (MDC.shift_length, MDC.trend_length, MDC.screen_moving_ranges) == (6, 6, False)
    assert (PTD.shift_length, PTD.trend_length, PTD.screen_moving_ranges) == (7, 7, True)
    assert MDC.minimum_points == 13


def test_batch_gives_each_series_the_same_answer_as_one_at_a_time():
    rng = np.random.default_rng(7)
    values = rng.normal(10, 2, size=(50, 30))
    values[3, 20:] += 8  # a shift in one series
    batch = xmr_batch(values, MDC, "up")
    for row in (0, 3, 49):
        chart = xmr_chart(values[row], rules="mdc")
        assert [p.mean for p in chart.points] == pytest.approx(batch.mean[row])
        codes = ["common", "improvement", "concern", "neither"]
        assert [p.classification for p in chart.points] == [
            codes[c] for c in batch.classification[row]
        ]
    assert batch.classification[3, 20:].tolist().count(1) >= 6


def test_bad_series_are_refused():
    with pytest.raises(ValueError, match="finite"):
        xmr_chart([1.0, float("nan")] * 7)
    with pytest.raises(ValueError, match="improvement"):
        xmr_chart([1.0, -1.0] * 7, improvement="sideways")


def test_assurance_is_judged_on_the_latest_segments_limits():
    """NHSRplotthedots issue #172 (nhs-r-community/NHSRplotthedots, "Assurance icon is incorrect
    on rebased plots"): a process that consistently met a target of 90 is rebased; in its new
    segment the last seven points are all below the target and its limits straddle it: the
    process will hit and miss it. The icon comes from the latest segment's limits, not the
    first one's."""
    before = [96, 97, 95, 96, 98, 97, 96, 95, 97, 96, 98, 97, 96, 95, 97, 96, 97, 96, 95, 96]
    after = [88, 86, 89, 87, 85, 88, 86, 87, 89, 86, 88, 87, 86]
    whole = xmr_chart(before, rules="mdc", improvement="up", target=90)
    assert whole.assurance_icon == "pass"
    rebased = xmr_chart(
        before + after, rules="mdc", improvement="up", target=90, rebase_at=[len(before)]
    )
    assert all(p.value < 90 for p in rebased.points[-7:])
    latest = rebased.points[-1]
    assert latest.segment == 1 and latest.lower_limit < 90 < latest.upper_limit
    assert rebased.assurance_icon == "hit_or_miss"


def test_under_thirteen_points_mdc_gives_a_run_chart_not_an_error():
    """Making Data Count (MDC SQL v2.6, NHS England, 10/01/2024: fewer than 13 points gives a
    run chart with no limits or icons)."""
    chart = xmr_chart(list(range(12)), rules="mdc", improvement="up", target=5)
    assert not chart.has_limits
    assert chart.variation_icon is None and chart.assurance_icon is None
    assert all(p.classification == "common" and p.mean is None for p in chart.points)
