"""Funnel-plot control limits and significance (PHEindicatormethods `calculate_funnel_limits`,
`assign_funnel_significance`), vectorised over many organisations at once.

Proportions use Wilson-score limits around the overall proportion; ratios (observed/expected) and
rates use exact Poisson limits. Bands: 95% ("0.025" each side) and 99.8% ("0.001").
"""

import math

import numpy as np
from scipy.special import gammaincc
from scipy.stats import chi2

from concord.stats.confidence import LEVELS, StatsError, tail, z_value
from concord.stats.rates import EXACT_BELOW, byars_lower, byars_upper

__all__ = [
    "BANDS",
    "DSR_TOO_FEW",
    "HIGH_95",
    "HIGH_998",
    "LOW_95",
    "LOW_998",
    "NOT_SIGNIFICANT",
    "axis_limits",
    "plotting_grid",
    "poisson_ratio_limits",
    "proportion_funnel",
    "proportion_limits",
    "rate_funnel",
    "rate_significance",
    "ratio_funnel",
    "ratio_limit_table",
    "ratio_significance",
    "significance_outside",
]

HIGH_998, HIGH_95 = "High (0.001)", "High (0.025)"
LOW_998, LOW_95 = "Low (0.001)", "Low (0.025)"
NOT_SIGNIFICANT = "Not significant"
DSR_TOO_FEW = "Not applicable for events less than 10 for dsrs"
BANDS = ("95", "998")


def proportion_limits(denominators, baseline: float, multiplier: float = 100) -> dict:
    """Control limits around `baseline` (a proportion) at each denominator, × multiplier and
    clipped to [0, 100] as the reference does. The upper limit is the proportion whose Wilson
    lower bound equals the baseline; the lower limit the one whose Wilson upper bound does."""
    n = np.asarray(denominators, dtype=float)
    limits = {}
    for band in BANDS:
        z2 = z_value(LEVELS[band]) ** 2
        shift = baseline * (1 + z2 / n) - z2 / (2 * n)
        a, b = 1 + z2 / n, 2 * shift + z2 / n
        c = shift**2 - z2**2 / (4 * n**2)
        root = np.sqrt(np.maximum(b * b - 4 * a * c, 0))
        limits[f"lower_{band}"] = np.clip((b - root) / (2 * a) * multiplier, 0, 100)
        limits[f"upper_{band}"] = np.clip((b + root) / (2 * a) * multiplier, 0, 100)
    return limits


def _check_counts(numerators, denominators, *, proportion: bool) -> None:
    x, n = np.asarray(numerators, dtype=float), np.asarray(denominators, dtype=float)
    _fail_at(n <= 0, "denominators must be greater than zero")
    _fail_at(x < 0, "numerators must be greater than or equal to zero")
    if proportion:
        _fail_at(x > n, "numerators must be less than or equal to denominator for a proportion")


def _fail_at(bad: np.ndarray, message: str) -> None:
    if bad.any():
        raise StatsError(f"row {int(np.argmax(bad)) + 1}: {message}")


def proportion_funnel(numerators, denominators, multiplier: float = 100) -> dict:
    """Each row's value, the limits at its own denominator and its significance."""
    _check_counts(numerators, denominators, proportion=True)
    x, n = np.asarray(numerators, dtype=float), np.asarray(denominators, dtype=float)
    baseline = x.sum() / n.sum()
    limits = proportion_limits(n, baseline, multiplier)
    value = x / n * multiplier
    return {
        "baseline": baseline * multiplier,
        "value": value,
        **limits,
        "significance": significance_outside(value, limits),
    }


def significance_outside(value, limits) -> np.ndarray:
    """Low before high, 99.8% before 95%, as the reference checks them."""
    return np.select(
        [
            value < limits["lower_998"],
            value < limits["lower_95"],
            value > limits["upper_998"],
            value > limits["upper_95"],
        ],
        [LOW_998, LOW_95, HIGH_998, HIGH_95],
        default=NOT_SIGNIFICANT,
    )


def _expected_at_limit(observed, band: str, side: str) -> np.ndarray:
    """Expected count at which `observed` sits exactly on the limit: for the lower limit
    P(X <= O) = p, i.e. chi2(1-p, 2O+2)/2; for the upper P(X >= O) = p, chi2(p, 2O)/2."""
    o, p = np.asarray(observed, dtype=float), tail(LEVELS[band])
    if side == "lower":
        return chi2.ppf(1 - p, 2 * o + 2) / 2
    return np.where(o > 0, chi2.ppf(p, np.maximum(2 * o, 1e-300)) / 2, 0.0)


def ratio_limit_table(observed) -> dict:
    """The reference's plotting table: for each observed count, the expected counts at the
    limits and the limits as ratios O/E."""
    o = np.asarray(observed, dtype=float)
    table = {"observed": o}
    for band in BANDS:
        for side in ("lower", "upper"):
            expected = _expected_at_limit(o, band, side)
            table[f"{side}_{band}_expected"] = expected
            with np.errstate(divide="ignore"):
                table[f"{side}_{band}"] = o / expected
    return table


def poisson_ratio_limits(expected, band: str) -> tuple[np.ndarray, np.ndarray]:
    """Limits of O/E at a given expected count: the (continuous) observed count O at which
    the reference's limit curve passes through E, found by bisection on Q(O+1, E) = p."""
    e, p = np.asarray(expected, dtype=float), tail(LEVELS[band])
    lower = _solve_observed(e, lambda o: gammaincc(o + 1, e) - p)
    upper = _solve_observed(e, lambda o: gammaincc(o, e) - (1 - p))
    with np.errstate(divide="ignore", invalid="ignore"):
        return lower / e, upper / e


def _solve_observed(e, excess, steps: int = 60) -> np.ndarray:
    low = np.zeros_like(e)
    high = e + 10 * np.sqrt(e) + 20
    for _ in range(steps):
        middle = (low + high) / 2
        above = excess(middle) > 0  # excess rises with the observed count
        high = np.where(above, middle, high)
        low = np.where(above, low, middle)
    return (low + high) / 2


def ratio_funnel(observed, expected, multiplier: float = 1) -> dict:
    """Observed/expected for each row (× multiplier: 100 for "ratio × 100"), the funnel limits
    at its expected count, and its significance from its own exact/Byar's limits."""
    _check_counts(observed, expected, proportion=False)
    o, e = np.asarray(observed, dtype=float), np.asarray(expected, dtype=float)
    result = {"baseline": multiplier, "value": o / e * multiplier}
    for band in BANDS:
        lower, upper = poisson_ratio_limits(e, band)
        result[f"lower_{band}"], result[f"upper_{band}"] = lower * multiplier, upper * multiplier
    result["significance"] = ratio_significance(o, e)
    return result


def _smr_limits(observed: float, expected: float, band: str) -> tuple[float, float]:
    """A ratio's own limits: exact below 10 observed, Byar's from 10; the lower is 0 at O = 0."""
    p = tail(LEVELS[band])
    if observed < EXACT_BELOW:
        lower = chi2.ppf(p, 2 * observed) / 2 if observed > 0 else 0.0
        upper = chi2.ppf(1 - p, 2 * observed + 2) / 2
    else:
        lower = byars_lower(observed, LEVELS[band]) or 0.0
        upper = byars_upper(observed, LEVELS[band])
    return lower / expected, upper / expected


def ratio_significance(observed, expected, reference: float = 1.0) -> np.ndarray:
    """High first (99.8% then 95%), then low, comparing each row's limits with `reference`."""
    labels = []
    for o, e in zip(np.ravel(observed), np.ravel(expected), strict=True):
        lo998, hi998 = _smr_limits(o, e, "998")
        lo95, hi95 = _smr_limits(o, e, "95")
        checks = [
            (lo998 > reference, HIGH_998),
            (lo95 > reference, HIGH_95),
            (hi998 < reference, LOW_998),
            (hi95 < reference, LOW_95),
        ]
        labels.append(next((label for hit, label in checks if hit), NOT_SIGNIFICANT))
    return np.array(labels)


def rate_funnel(events, denominators, multiplier: float = 100_000, *, dsr_values=None) -> dict:
    """Crude rates (events/denominator), or DSRs given their values (the denominator is then
    derived as multiplier × events / value). Limits at each row's own denominator."""
    _check_counts(events, np.ones_like(np.asarray(events, dtype=float)), proportion=False)
    x = np.asarray(events, dtype=float)
    d = _derived_denominators(x, denominators, multiplier, dsr_values)
    rows = ~np.isnan(d)
    average = x[rows].sum() / d[rows].sum()
    result = {"baseline": average * multiplier, "value": x / d * multiplier}
    for band in BANDS:
        lower, upper = poisson_ratio_limits(average * d, band)
        result[f"lower_{band}"] = lower * average * multiplier
        result[f"upper_{band}"] = upper * average * multiplier
    result["significance"] = rate_significance(x, d, average, dsr=dsr_values is not None)
    return result


def _derived_denominators(events, denominators, multiplier, dsr_values):
    if dsr_values is None:
        d = np.asarray(denominators, dtype=float)
        _fail_at(d <= 0, "denominators must be greater than zero")
        return d
    values = np.asarray(dsr_values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(events > 0, multiplier * events / values, np.nan)


def rate_significance(events, d, average, *, dsr: bool) -> np.ndarray:
    labels = ratio_significance(events, np.where(np.isnan(d), 1, d), reference=average)
    if dsr:
        labels = np.where(events < EXACT_BELOW, DSR_TOO_FEW, labels)
    return labels


def axis_limits(denominators) -> tuple[float, float]:
    """The reference's axis: from 0 (or 95% of the smallest, to 1 significant figure) to 105%
    of the largest, rounded up to 2 significant figures."""
    d = np.asarray(denominators, dtype=float)
    low = 0.0 if d.max() > 2 * d.min() else _round_down(d.min() * 0.95, 1)
    return low, _round_up(d.max() * 1.05, 2)


def _round_up(x: float, figures: int) -> float:
    scale = 10 ** (math.floor(math.log10(x)) - figures + 1)
    return math.ceil(x / scale) * scale


def _round_down(x: float, figures: int) -> float:
    scale = 10 ** (math.floor(math.log10(x)) - figures + 1)
    return math.floor(x / scale) * scale


def plotting_grid(axis_min: float, axis_max: float, points: int = 100, ratio: bool = False):
    """Denominators at which the reference draws its curves: geometric steps, at least 1 apart."""
    grid = [max(1.0, axis_min)]
    offset = 102 if ratio else 101
    for j in range(2, points + 1):
        previous = grid[-1]
        step = round((axis_max / previous) ** (1 / (offset - j)) * previous)
        grid.append(max(step, previous + 1))
    return np.array(grid)
