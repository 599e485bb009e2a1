"""A measurement's value and 95% / 99.8% limits, by the indicator's CI method (concord.stats)."""

from concord.stats.proportions import proportion
from concord.stats.rates import count_estimate, crude_rate

__all__ = ["FIELDS", "estimate"]

FIELDS = ("value", "lower_95", "upper_95", "lower_998", "upper_998")
NOTHING = dict.fromkeys(FIELDS)


def _value_only(value: float | None) -> dict:
    return {**NOTHING, "value": value}


def _from_estimate(estimate) -> dict:
    return {field: getattr(estimate, field) for field in FIELDS}


def _count(indicator, numerator: float) -> dict:
    if indicator.ci_method == "byar_exact":
        return _from_estimate(count_estimate(numerator, indicator.multiplier))
    return _value_only(numerator * indicator.multiplier)


def _ratio(indicator, numerator: float, denominator: float) -> dict:
    method = indicator.ci_method
    if method == "wilson" and numerator <= denominator:
        return _from_estimate(proportion(numerator, denominator, indicator.multiplier))
    if method == "byar_exact":
        return _from_estimate(crude_rate(numerator, denominator, indicator.multiplier))
    # Dobson limits need the age-specific counts; an estimate above its denominator (a dementia
    # diagnosis rate over 100%) has no Wilson limits: the value stands alone.
    return _value_only(numerator / denominator * indicator.multiplier)


def estimate(indicator, numerator: float | None, denominator: float | None) -> dict:
    """value, lower_95, upper_95, lower_998, upper_998 for one numerator and denominator."""
    if numerator is None:
        return dict(NOTHING)
    if indicator.unit == "count":
        return _count(indicator, numerator)
    if not denominator:
        return dict(NOTHING)
    return _ratio(indicator, numerator, denominator)
