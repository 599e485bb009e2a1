"""DSR, SMR and ISR against the values PHEindicatormethods publishes for its own tests.

Every expected value comes from tests/unit/stats/phe_workbook.py, which transcribes
ukhsa-collaboration/PHEindicatormethods tests/testthat/testdata_DSR_ISR.xlsx (sheets
testdata_multiarea, refdata, testdata_err2, testresults_DSR, testresults_ISR) at commit
093fd288d8f8949dbcfbed70049dbbf385b6141d. The workbook holds full doubles; R's testthat compares
them at about 1.5e-8 relative, and so do these tests.
"""

import pytest

from concord.stats.dsr import TOO_FEW, dsr
from concord.stats.isr import expected_count, isr, observed_count, reference_rate, smr

from .phe_workbook import (
    COUNTS,
    DSR_PER_100000,
    ERR2,
    ISR_RESULTS,
    POPULATION,
    REFERENCE_COUNTS,
    REFERENCE_POPULATION,
)

TESTTHAT = 1.5e-8  # testthat's default tolerance for expect_equal


def figures(estimate) -> tuple:
    return (
        estimate.value,
        estimate.lower_95,
        estimate.upper_95,
        estimate.lower_998,
        estimate.upper_998,
    )


def close(ours: tuple, published: tuple) -> None:
    for mine, theirs in zip(ours, published, strict=True):
        if theirs is None:
            assert mine is None
        else:
            assert mine == pytest.approx(theirs, rel=TESTTHAT)


@pytest.mark.parametrize("area", sorted(COUNTS))
def test_dsr_per_100000_as_published(area):  # testresults_DSR rows 5-7
    result = dsr(COUNTS[area], POPULATION)
    close(figures(result), DSR_PER_100000[area])


def test_an_empty_count_in_dsr_is_zero():  # testdata_tiny's 10-14 band
    tiny = COUNTS["testdata_tiny"]
    assert tiny[2] is None
    as_zero = [0 if count is None else count for count in tiny]
    assert dsr(tiny, POPULATION) == dsr(as_zero, POPULATION)
    assert dsr(tiny, POPULATION).method == TOO_FEW  # 9 events in all


def test_dsr_names_the_band_with_no_population():
    with pytest.raises(ValueError, match="population of age band 2 must be greater than zero"):
        dsr(COUNTS["testdata_big"], (636, 0, *POPULATION[2:]))


def published(area: str, statistic: str) -> dict:
    observed, expected, reference_rate, *limits, method = ISR_RESULTS[(area, statistic)]
    return {
        "observed": observed,
        "expected": expected,
        "reference_rate": reference_rate,
        "limits": tuple(limits),
        "method": method,
    }


def test_observed_and_expected_counts_as_published():
    for area, counts in COUNTS.items():
        row = published(area, "ratio x 1")
        assert observed_count(counts) == row["observed"]  # the empty cell counts 0
        assert expected_count(REFERENCE_COUNTS, REFERENCE_POPULATION, POPULATION) == (
            pytest.approx(row["expected"], rel=TESTTHAT)
        )


@pytest.mark.parametrize("area", sorted(COUNTS))
@pytest.mark.parametrize("refvalue", [1, 100])
def test_smr_as_published(area, refvalue):  # testresults_ISR rows 7-12
    row = published(area, f"ratio x {refvalue}")
    expected = expected_count(REFERENCE_COUNTS, REFERENCE_POPULATION, POPULATION)
    result = smr(observed_count(COUNTS[area]), expected, reference_value=refvalue)
    close(figures(result), row["limits"])
    assert result.method == row["method"]


@pytest.mark.parametrize("area", sorted(COUNTS))
@pytest.mark.parametrize("multiplier", [100_000, 1000])
def test_isr_as_published(area, multiplier):  # testresults_ISR rows 1-6
    row = published(area, f"rate per {multiplier}")
    expected = expected_count(REFERENCE_COUNTS, REFERENCE_POPULATION, POPULATION)
    assert reference_rate(REFERENCE_COUNTS, REFERENCE_POPULATION, multiplier) == (
        pytest.approx(row["reference_rate"], rel=TESTTHAT)
    )
    result = isr(
        observed_count(COUNTS[area]),
        expected,
        REFERENCE_COUNTS,
        REFERENCE_POPULATION,
        multiplier=multiplier,
    )
    close(figures(result), row["limits"])
    assert result.method == row["method"]


@pytest.mark.parametrize("area", sorted(ERR2))
def test_a_band_with_no_population_contributes_nothing(area):  # testresults_ISR rows 13-16
    counts, populations = ERR2[area]
    expected = expected_count(REFERENCE_COUNTS, REFERENCE_POPULATION, populations)
    ratio, rate = published(area, "ratio x 100"), published(area, "rate per 100000")
    assert expected == pytest.approx(ratio["expected"], rel=TESTTHAT)
    result = smr(observed_count(counts), expected, reference_value=100)
    close(figures(result)[:3], ratio["limits"][:3])  # the sheet gives 95% limits only
    observed = observed_count(counts)
    result = isr(observed, expected, REFERENCE_COUNTS, REFERENCE_POPULATION)
    close(figures(result)[:3], rate["limits"][:3])
