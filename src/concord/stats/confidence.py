"""What every interval shares: the confidence level, its z value, and the estimate record."""

from dataclasses import asdict, dataclass
from functools import cache

from scipy.stats import norm

__all__ = ["Estimate", "LEVELS", "StatsError", "confidence_level", "tail", "z_value"]

LEVELS = {"95": 0.95, "998": 0.998}  # the two levels every estimate carries (2 and 3 sigma)


class StatsError(ValueError):
    """Input a method cannot accept (a negative count, a numerator above its denominator...)."""


def confidence_level(confidence: float) -> float:
    """0.95 or 95 -> 0.95. Accepts [0.9, 1] or [90, 100], as PHEindicatormethods does."""
    if 0.9 <= confidence <= 1:
        return float(confidence)
    if 90 <= confidence <= 100:
        return confidence / 100
    raise StatsError("confidence level must be between 90 and 100 or between 0.9 and 1")


@cache  # one normal quantile per level, not one per estimate: keeps bulk roll-ups fast
def z_value(confidence: float) -> float:
    """Two-sided normal quantile: 1.959964 at 95%, 3.090232 at 99.8%."""
    return float(norm.ppf(1 - (1 - confidence_level(confidence)) / 2))


def tail(confidence: float) -> float:
    """The probability in each tail: 0.025 at 95%, 0.001 at 99.8%."""
    return (1 - confidence_level(confidence)) / 2


@dataclass(frozen=True)
class Estimate:
    """A value with its 95% and 99.8% limits, in the units the multiplier gives."""

    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_998: float | None
    upper_998: float | None
    method: str

    def as_dict(self) -> dict:
        return asdict(self)
