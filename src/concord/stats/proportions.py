"""Proportions with Wilson score limits (PHEindicatormethods `phe_proportion`)."""

import math

from concord.stats.confidence import LEVELS, Estimate, StatsError, confidence_level, z_value

__all__ = ["METHOD", "proportion", "wilson_limits"]

METHOD = "Wilson"


def _check_proportion(numerator: float, denominator: float) -> None:
    if numerator < 0:
        raise StatsError("numerator must be greater than or equal to zero")
    if denominator <= 0:
        raise StatsError("denominator must be greater than zero")
    if numerator > denominator:
        raise StatsError("numerator must be less than or equal to denominator")


def wilson_limits(numerator: float, denominator: float, confidence: float = 0.95):
    """(lower, upper) as proportions: Wilson (1927), Newcombe (1998); 0 and 1 at 100%."""
    _check_proportion(numerator, denominator)
    if confidence_level(confidence) == 1:
        return 0.0, 1.0
    x, n, z = numerator, denominator, z_value(confidence)
    centre = 2 * x + z * z
    spread = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    return (centre - spread) / (2 * (n + z * z)), (centre + spread) / (2 * (n + z * z))


def proportion(numerator: float, denominator: float, multiplier: float = 1) -> Estimate:
    """x/n × multiplier (1 for a proportion, 100 for a percentage) with 95% and 99.8% limits."""
    lower_95, upper_95 = wilson_limits(numerator, denominator, LEVELS["95"])
    lower_998, upper_998 = wilson_limits(numerator, denominator, LEVELS["998"])
    return Estimate(
        value=numerator / denominator * multiplier,
        lower_95=lower_95 * multiplier,
        upper_95=upper_95 * multiplier,
        lower_998=lower_998 * multiplier,
        upper_998=upper_998 * multiplier,
        method=METHOD,
    )
