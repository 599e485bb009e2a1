"""Wilson, Byar's, crude rates and DSR checked against values printed by another implementation.

PHEindicatormethods keeps its expected values in Excel workbooks. The values here come instead
from DataS-DHSC/PHStatsMethods, the Department of Health and Social Care's Python port of
PHEindicatormethods, which prints them in its own tests:

- WILSONS: ph_statistical_methods/tests/test.wilsons.py,
  commit 39b79b2713f42403a655b8cbd6ad0782d0b1e0c0.
- OLD_TESTS: ph_statistical_methods/archive/tests_old.py,
  commit 07ccda52457160cdb2cb67205654fccde3584db6.

Each value is asserted to the 16 significant figures it is printed with (rel=1e-12).
"""

import pytest

from concord.stats.dsr import dsr
from concord.stats.proportions import proportion, wilson_limits
from concord.stats.rates import byars_lower, byars_upper, crude_rate

PRINTED = 1e-12  # the values are printed as full doubles


@pytest.mark.parametrize(
    ("x", "n", "confidence", "lower"),
    [(20, 360, 0.95, 0.036248204600072345), (550, 2400, 0.998, 0.20375892211705743)],
)
def test_wilson_lower_as_printed_by_phstatsmethods(x, n, confidence, lower):  # WILSONS
    assert wilson_limits(x, n, confidence)[0] == pytest.approx(lower, rel=PRINTED)


@pytest.mark.parametrize(
    ("x", "n", "confidence", "upper"),
    [(30, 400, 0.95, 0.10504770626130437), (76, 238, 0.998, 0.418131030603369)],
)
def test_wilson_upper_as_printed_by_phstatsmethods(x, n, confidence, upper):  # WILSONS
    assert wilson_limits(x, n, confidence)[1] == pytest.approx(upper, rel=PRINTED)


def test_wilson_percentage_as_printed_by_phstatsmethods():  # OLD_TESTS test_wilson
    lower, upper = wilson_limits(100, 10000)
    assert (lower * 100, upper * 100) == pytest.approx(
        (0.8229336148148417, 1.2146982255114647), rel=PRINTED
    )


def test_proportion_as_printed_by_phstatsmethods():  # OLD_TESTS test_phe_proportion
    result = proportion(100, 1000, multiplier=100)
    assert (result.value, result.lower_95, result.upper_95) == pytest.approx(
        (10.0, 8.29094435930957, 12.01519631953484), rel=PRINTED
    )


def test_byars_lower_and_rate_as_printed_by_phstatsmethods():  # OLD_TESTS test_byars*, phe_rate
    assert byars_lower(100) == pytest.approx(81.36210549052788, rel=PRINTED)
    rate = crude_rate(100, 10000)
    assert (rate.value, rate.lower_95) == pytest.approx((1000.0, 813.6210549052789), rel=PRINTED)


def test_byars_upper_agrees_with_phstatsmethods_to_four_figures():
    """OLD_TESTS prints byars_upper(100) = 121.62458755509265. The Byar's formula in PHE's
    Technical Guide, (O+1)(1 - 1/(9(O+1)) + z/(3√(O+1)))³ with z = Φ⁻¹(0.975), gives
    121.62794; neither z = 1.96 nor z = 1.959964 reproduces the port's figure, so only the
    first four significant figures are shared. The current PHStatsMethods code
    (PHStatsMethods/confidence_intervals.py) uses the Guide's formula, so the archived
    figure is not taken as the reference."""
    assert byars_upper(100) == pytest.approx(121.62458755509265, rel=5e-5)


# OLD_TESTS obs_array / pop_array: 19 five-year bands standardised to ESP 2013 (the port's
# `european_standard_pop`, identical to ours), rate per 100,000.
OBSERVED = [50, 55, 55, 55, 60, 60, 65, 70, 70, 70, 70, 65, 60, 55, 50, 40, 25, 15, 10]
POPULATION = [509, 559, 559, 559, 609, 609, 659, 709, 709, 709, 709, 659, 609, 559, 509, 409,
              259, 159, 109]  # fmt: skip


def test_dsr_value_and_lower_limit_as_printed_by_phstatsmethods():  # OLD_TESTS test_phe_dsr
    result = dsr(OBSERVED, POPULATION)
    assert (result.value, result.lower_95) == pytest.approx(
        (9832.763039564017, 9232.668299548477), rel=PRINTED
    )
    # Its upper limit, 10461.61759955204, carries the Byar's upper difference described above.
    assert result.upper_95 == pytest.approx(10461.61759955204, rel=5e-6)
