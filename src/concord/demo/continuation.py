"""The demo's synthetic continuation: a published monthly series carried on past its last
published month, so a demo loaded on any day has figures for its commitments to be judged on.

Illustrative, not published data: every figure made here must be stored and shown labelled as a
synthetic continuation. The figures are deterministic: a series' random numbers are seeded by
its name alone, so two loads give the same figures and a later load only adds later months.

Each month moves part of the way from the last value toward the commitment's target for that
month (its trajectory), offset by a seeded "performance" so that some series run on track, some
at risk and some off track, with a little noise. The numerator is the value applied to the
denominator implied by the last published limits; value and limits are then computed from the
numerator and denominator by the indicator's own method (concord.indicators.limits), as for any
imported measurement.
"""

import hashlib
import random
from dataclasses import dataclass

from concord.indicators.limits import estimate
from concord.indicators.periods import parse_period
from concord.stats.confidence import LEVELS, z_value

__all__ = [
    "PERFORMANCE",
    "carry_on",
    "continue_series",
    "implied_denominator",
    "next_months",
    "rng_for",
]

PULL = 0.15  # share of the gap to the target closed each month
NOISE = 0.4  # standard deviation of a month's noise, in the indicator's unit
PERFORMANCE = (-4.0, -1.5, 0.5, 1.5)  # off track, at risk, on track, ahead (offset from target)


@dataclass(frozen=True)
class Continued:
    period: str
    numerator: float
    denominator: float
    figures: dict  # value, lower_95, upper_95, lower_998, upper_998


def rng_for(key: str) -> random.Random:
    """A random generator seeded by the series' name alone (stable across loads and processes)."""
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


def implied_denominator(value: float, lower: float, upper: float, multiplier: float = 100) -> float:
    """The denominator a proportion's published 95% interval implies (normal approximation)."""
    p, half = value / multiplier, (upper - lower) / 2 / multiplier
    if not 0 < p < 1 or half <= 0:
        raise ValueError("a proportion strictly between 0 and 1 with an interval is needed")
    return round(z_value(LEVELS["95"]) ** 2 * p * (1 - p) / half**2)


def next_months(last: str, until: str) -> list[str]:
    """Month labels after `last` up to and including `until` (both YYYY-MM)."""
    start, end = parse_period(last, "month").start, parse_period(until, "month").start
    months, year, month = [], start.year, start.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if (year, month) > (end.year, end.month):
            return months
        months.append(f"{year}-{month:02d}")


def continue_series(
    *, key: str, indicator, last_value: float, last_period: str, until: str, target_for, denominator
) -> list[Continued]:
    """The months after `last_period` up to `until`, each with numerator, denominator, figures.

    `target_for(period)` gives the target the series runs toward in that month (None: hold the
    level); `indicator` supplies the unit, multiplier and CI method.
    """
    return carry_on(
        key=key,
        indicator=indicator,
        last_value=last_value,
        periods=next_months(last_period, until),
        target_for=target_for,
        denominator=denominator,
    )


def carry_on(*, key, indicator, last_value, periods, target_for, denominator) -> list[Continued]:
    """The series carried on over `periods` (labels, in order), as `continue_series` says."""
    rng = rng_for(key)
    offset = rng.choice(PERFORMANCE)
    value, made = last_value, []
    for period in periods:
        target = target_for(period)
        aim = value if target is None else target + offset
        value += PULL * (aim - value) + rng.gauss(0, NOISE)
        numerator = max(0.0, round(value / indicator.multiplier * denominator))
        if indicator.denominator_kind != "estimate":
            numerator = min(numerator, float(denominator))
        figures = estimate(indicator, numerator, denominator)
        value = figures["value"] if figures["value"] is not None else value
        made.append(Continued(period, numerator, float(denominator), figures))
    return made
