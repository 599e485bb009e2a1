"""Indirectly standardised ratios (SMR) and rates (PHEindicatormethods `calculate_ISRatio`,
`calculate_ISRate`): observed against the count expected at reference rates."""

import numpy as np

from concord.stats.confidence import Estimate, StatsError
from concord.stats.rates import check_count, count_estimate

__all__ = ["expected_count", "isr", "observed_count", "reference_rate", "smr"]


def observed_count(events) -> float:
    """Σ events over the bands; a missing count is 0."""
    x = np.nan_to_num(np.asarray(events, dtype=float))
    if (x < 0).any():
        raise StatsError("observed events must be greater than or equal to zero")
    return float(x.sum())


def expected_count(reference_events, reference_populations, populations) -> float:
    """Σ (reference events / reference population) × local population, band by band.
    A missing figure counts as 0, as does a band with no local population."""
    ref_x = np.nan_to_num(np.asarray(reference_events, dtype=float))
    ref_n = np.asarray(reference_populations, dtype=float)
    n = np.nan_to_num(np.asarray(populations, dtype=float))
    if not (len(ref_x) == len(ref_n) == len(n)):
        raise StatsError("reference events, reference populations and populations differ in length")
    if np.isnan(ref_n).any() or (ref_n <= 0).any():
        raise StatsError("reference populations must all be greater than zero")
    return float((ref_x / ref_n * n).sum())


def smr(observed: float, expected: float, *, reference_value: float = 1) -> Estimate:
    """O/E × reference_value (1, or 100 for "ratio × 100"), exact limits below 10 observed."""
    check_count(observed)
    if expected <= 0:
        raise StatsError("expected count must be greater than zero")
    return count_estimate(observed, reference_value / expected)


def isr(
    observed: float,
    expected: float,
    reference_events,
    reference_populations,
    *,
    multiplier: float = 100_000,
) -> Estimate:
    """O/E × the reference rate (Σ reference events / Σ reference population × multiplier)."""
    rate = reference_rate(reference_events, reference_populations, multiplier)
    return smr(observed, expected, reference_value=rate)


def reference_rate(reference_events, reference_populations, multiplier: float = 100_000) -> float:
    """Σ reference events / Σ reference population × multiplier; a missing count is 0."""
    ref_x = np.asarray(reference_events, dtype=float)
    ref_n = np.asarray(reference_populations, dtype=float)
    return float(np.nansum(ref_x) / np.nansum(ref_n) * multiplier)
