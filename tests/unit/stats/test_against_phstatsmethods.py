"""Cross-check against an independent implementation of the same PHE methods.

PHStatsMethods (DHSC, Python port of PHEindicatormethods; PyPI `PHStatsMethods` 0.1.16, dev
dependency) computes exact/Byar's rates, Dobson DSRs with the 2013 European Standard Population,
and indirectly standardised ratios and rates. Every case below is computed by both and must agree
to 1e-6 relative: the expected values come from that package, our code computes its own.
"""

import numpy as np
import pytest

from concord.stats import dsr, isr, proportions, rates

pd = pytest.importorskip("pandas")
phs = pytest.importorskip("PHStatsMethods")

LEVELS = [0.95, 0.998]
KEYS = ("lower_95_ci", "upper_95_ci", "lower_99_8_ci", "upper_99_8_ci")


def ours(estimate) -> list:
    return [
        estimate.value,
        estimate.lower_95,
        estimate.upper_95,
        estimate.lower_998,
        estimate.upper_998,
    ]


def theirs(row) -> list:
    return [row["Value"], *(row[k] for k in KEYS)]


def agree(a: list, b: list) -> None:
    for x, y in zip(a, b, strict=True):
        if x is None or y is None or (isinstance(y, float) and np.isnan(y)):
            assert (x is None) and (y is None or np.isnan(y))
        else:
            assert x == pytest.approx(y, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize(
    "events,population",
    [(1, 100), (5, 1000), (9, 250), (10, 5000), (65, 2000), (1045, 98000)],
)
def test_crude_rates_agree(events, population):
    frame = pd.DataFrame({"a": ["x"], "n": [events], "d": [population]})
    row = phs.ph_rate(frame, "n", "d", group_cols="a", confidence=LEVELS).iloc[0]
    agree(ours(rates.crude_rate(events, population)), theirs(row))


@pytest.mark.parametrize(
    "numerator,denominator", [(0, 10), (1, 3), (65, 100), (550, 2400), (30, 30)]
)
def test_proportions_agree(numerator, denominator):
    frame = pd.DataFrame({"a": ["x"], "n": [numerator], "d": [denominator]})
    row = phs.ph_proportion(frame, "n", "d", group_cols="a", confidence=LEVELS).iloc[0]
    agree(ours(proportions.proportion(numerator, denominator)), theirs(row))


REFERENCE = {"rn": [50, 120, 90, 300], "rp": [20000, 30000, 25000, 40000]}
AREAS = {
    "small": {"obs": [3, 4, 2, 0], "pop": [1000, 2000, 1500, 500]},
    "large": {"obs": [30, 44, 25, 60], "pop": [10000, 20000, 15000, 9000]},
}


def isr_frame(area: str):
    return pd.DataFrame({"area": area, **AREAS[area], **REFERENCE})


@pytest.mark.parametrize("area", sorted(AREAS))
def test_indirectly_standardised_ratios_agree(area):
    frame = isr_frame(area)
    row = phs.ph_ISRatio(
        frame, "obs", "pop", "rn", "rp", group_cols="area", confidence=LEVELS
    ).iloc[0]
    expected = isr.expected_count(REFERENCE["rn"], REFERENCE["rp"], AREAS[area]["pop"])
    assert expected == pytest.approx(row["Expected"])
    agree(ours(isr.smr(sum(AREAS[area]["obs"]), expected)), theirs(row))


@pytest.mark.parametrize("area", sorted(AREAS))
def test_indirectly_standardised_rates_agree(area):
    frame = isr_frame(area)
    row = phs.ph_ISRate(frame, "obs", "pop", "rn", "rp", group_cols="area", confidence=LEVELS).iloc[
        0
    ]
    expected = isr.expected_count(REFERENCE["rn"], REFERENCE["rp"], AREAS[area]["pop"])
    estimate = isr.isr(sum(AREAS[area]["obs"]), expected, REFERENCE["rn"], REFERENCE["rp"])
    agree(ours(estimate), theirs(row))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_directly_standardised_rates_agree(seed):
    rng = np.random.default_rng(seed)
    populations = rng.integers(500, 20000, size=19)
    events = rng.poisson(populations * np.linspace(0.0005, 0.08, 19))
    frame = pd.DataFrame({"a": "x", "n": events, "d": populations, "esp": dsr.ESP2013})
    row = phs.ph_dsr(
        frame, "n", "d", "esp", group_cols="a", confidence=LEVELS, euro_standard_pops=False
    ).iloc[0]
    agree(ours(dsr.dsr(events, populations)), theirs(row))


def test_an_empty_count_and_a_band_with_no_population_agree():
    """A missing count is 0 and a band with no population adds nothing to the expected count,
    in both implementations."""
    frame = pd.DataFrame(
        {"area": "gaps", "obs": [3, np.nan, 2, 7], "pop": [1000, 2000, 0, 500], **REFERENCE}
    )
    row = phs.ph_ISRatio(
        frame, "obs", "pop", "rn", "rp", group_cols="area", confidence=LEVELS
    ).iloc[0]
    observed = isr.observed_count(frame["obs"])
    expected = isr.expected_count(REFERENCE["rn"], REFERENCE["rp"], frame["pop"])
    assert (observed, expected) == pytest.approx((row["Observed"], row["Expected"]))
    agree(ours(isr.smr(observed, expected)), theirs(row))
