"""Crude rates with exact Poisson limits below 10 events, Byar's from 10 (PHEindicatormethods)."""

import math

from scipy.stats import chi2

from concord.stats.confidence import LEVELS, Estimate, StatsError, tail, z_value

__all__ = [
    "BYARS",
    "EXACT",
    "EXACT_BELOW",
    "byars_lower",
    "byars_upper",
    "check_count",
    "count_estimate",
    "crude_rate",
    "exact_lower",
    "exact_upper",
    "poisson_limits",
]

EXACT_BELOW = 10  # events below this use exact Poisson limits; from it, Byar's approximation
EXACT, BYARS = "Exact", "Byars"


def check_count(count: float) -> None:
    if count < 0:
        raise StatsError("observed events must be greater than or equal to zero")


def byars_lower(count: float, confidence: float = 0.95) -> float | None:
    """Byar's lower limit for a Poisson count; None where it would be negative."""
    check_count(count)
    if count == 0:
        return None
    z = z_value(confidence)
    limit = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    return None if limit < 0 else limit


def byars_upper(count: float, confidence: float = 0.95) -> float:
    check_count(count)
    z, c = z_value(confidence), count + 1
    return c * (1 - 1 / (9 * c) + z / (3 * math.sqrt(c))) ** 3


def exact_lower(count: float, confidence: float = 0.95) -> float:
    """Lower limit from the chi-square distribution: χ²(p, 2x)/2, and 0 for no events."""
    check_count(count)
    return 0.0 if count == 0 else float(chi2.ppf(tail(confidence), 2 * count) / 2)


def exact_upper(count: float, confidence: float = 0.95) -> float:
    check_count(count)
    return float(chi2.ppf(1 - tail(confidence), 2 * count + 2) / 2)


def _poisson_method(count: float) -> str:
    return EXACT if count < EXACT_BELOW else BYARS


def poisson_limits(count: float, confidence: float = 0.95) -> tuple[float | None, float]:
    """Limits for a count: exact below 10 events, Byar's from 10."""
    if _poisson_method(count) == EXACT:
        return exact_lower(count, confidence), exact_upper(count, confidence)
    return byars_lower(count, confidence), byars_upper(count, confidence)


def _scaled(limit: float | None, factor: float) -> float | None:
    return None if limit is None else limit * factor


def count_estimate(count: float, factor: float) -> Estimate:
    """An Estimate for a count whose value and limits are all multiplied by `factor`."""
    lower_95, upper_95 = poisson_limits(count, LEVELS["95"])
    lower_998, upper_998 = poisson_limits(count, LEVELS["998"])
    return Estimate(
        value=count * factor,
        lower_95=_scaled(lower_95, factor),
        upper_95=_scaled(upper_95, factor),
        lower_998=_scaled(lower_998, factor),
        upper_998=_scaled(upper_998, factor),
        method=_poisson_method(count),
    )


def crude_rate(events: float, population: float, multiplier: float = 100_000) -> Estimate:
    """events / population × multiplier (per 100,000 by default). Events may exceed population."""
    check_count(events)
    if population <= 0:
        raise StatsError("population must be greater than zero")
    return count_estimate(events, multiplier / population)
