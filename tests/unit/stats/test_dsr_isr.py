"""DSR (Dobson) and ISR/SMR, per ukhsa-collaboration/PHEindicatormethods R/DSR.R, R/ISRatio.R and
R/ISRate.R (commit 093fd288d8f8949dbcfbed70049dbbf385b6141d). That package's expected values sit in
an Excel workbook; these tests check the defining identities instead: with one band the Dobson
limits are Byar's limits of the crude rate, and the SMR limits are the Poisson limits of O/E."""

import pytest

from concord.stats.confidence import StatsError
from concord.stats.dsr import ESP2013, TOO_FEW, band_of, dsr, dsr_non_independent
from concord.stats.isr import expected_count, isr, smr
from concord.stats.rates import byars_lower, byars_upper, crude_rate, exact_upper


def test_esp2013_has_nineteen_bands_summing_to_100000():
    assert len(ESP2013) == 19 and sum(ESP2013) == 100_000
    assert (ESP2013[0], ESP2013[-1]) == (5000, 1000)


@pytest.mark.parametrize(("label", "band"), [("0-4", 0), ("5-9", 1), ("85-89", 17), ("90+", 18)])
def test_age_bands(label, band):
    assert band_of(label) == band


def test_one_band_dobson_equals_byars_on_the_crude_rate():
    rate, crude = dsr([25], [1000], standard=[1]), crude_rate(25, 1000)
    assert rate.value == pytest.approx(crude.value)
    assert rate.lower_95 == pytest.approx(crude.lower_95)
    assert rate.upper_998 == pytest.approx(crude.upper_998)


def test_dsr_weights_band_rates_by_the_standard_population():
    events = [10 + i for i in range(19)]
    populations = [1000 * (i + 1) for i in range(19)]
    expected = sum(x / n * w for x, n, w in zip(events, populations, ESP2013, strict=True))
    result = dsr(events, populations)
    assert result.value == pytest.approx(expected / 100_000 * 100_000)
    total = sum(events)
    variance = (
        sum(x * (w / n) ** 2 for x, n, w in zip(events, populations, ESP2013, strict=True))
        / 100_000**2
    )
    assert result.upper_95 == pytest.approx(
        (expected / 100_000 + (variance / total) ** 0.5 * (byars_upper(total) - total)) * 100_000
    )
    assert result.lower_95 < result.value < result.upper_95


def test_dsr_is_not_given_below_ten_events():
    result = dsr([1] * 9 + [0] * 10, [1000] * 19)
    assert result.value is None and result.upper_95 is None and result.method == TOO_FEW


def test_dsr_refuses_a_zero_population():
    with pytest.raises(StatsError, match="greater than zero"):
        dsr([1] * 19, [0] + [1000] * 18)


def test_non_independent_events_widen_the_interval():
    populations = [1000] * 19
    once, twice = [5] * 19, [2] * 19
    events = [a + 2 * b for a, b in zip(once, twice, strict=True)]
    independent = dsr(events, populations)
    adjusted = dsr_non_independent({1: once, 2: twice}, populations)
    assert adjusted.value == pytest.approx(independent.value)
    assert adjusted.upper_95 > independent.upper_95
    assert adjusted.method.startswith("Dobson, with confidence adjusted")


def test_expected_count_applies_reference_rates_band_by_band():
    assert expected_count([10, 40], [1000, 2000], [500, 100]) == pytest.approx(5 + 2)


def test_smr_uses_exact_limits_below_ten_and_byars_from_ten():
    small = smr(8, 6.239860227)
    assert small.method == "Exact"
    assert small.upper_95 == pytest.approx(exact_upper(8) / 6.239860227)
    large = smr(151, 106.4429719, reference_value=100)
    assert large.method == "Byars"
    assert large.lower_95 == pytest.approx(byars_lower(151) / 106.4429719 * 100)


def test_isr_scales_the_ratio_by_the_reference_rate():
    result = isr(30, 20, [100, 300], [100_000, 100_000])
    assert result.value == pytest.approx(30 / 20 * 200)
    assert result.upper_95 == pytest.approx(smr(30, 20).upper_95 * 200)
