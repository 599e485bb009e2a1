"""Directly standardised rates with Dobson limits (PHEindicatormethods `calculate_dsr`)."""

import math
import re

import numpy as np

from concord.stats.confidence import LEVELS, Estimate, StatsError
from concord.stats.rates import byars_lower, byars_upper

__all__ = [
    "DOBSON",
    "DOBSON_NON_INDEPENDENT",
    "ESP2013",
    "MINIMUM_EVENTS",
    "STANDARDS",
    "TOO_FEW",
    "band_of",
    "dobson",
    "dsr",
    "dsr_non_independent",
]

# European Standard Population 2013: 19 five-year bands, 0-4, 5-9, ..., 85-89, 90+ (sum 100,000)
ESP2013 = (5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
           7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000)  # fmt: skip
STANDARDS = {"esp2013": ESP2013}
MINIMUM_EVENTS = 10  # below this total the rate is not published (a reliability rule)
DOBSON = "Dobson"
DOBSON_NON_INDEPENDENT = "Dobson, with confidence adjusted for non-independent events"
TOO_FEW = "dsr NA for total count < 10"


def band_of(label: str, bands: int = len(ESP2013)) -> int | None:
    """Index of a five-year age band from its label: "0-4" -> 0, "85-89" -> 17, "90+" -> 18."""
    match = re.search(r"\d+", str(label))
    if not match or int(match.group()) % 5:
        return None
    return min(int(match.group()) // 5, bands - 1)


def _check_bands(events, populations, standard) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.nan_to_num(np.asarray(events, dtype=float))  # a missing count is 0
    n, w = np.asarray(populations, dtype=float), np.asarray(standard, dtype=float)
    if not (len(x) == len(n) == len(w)):
        raise StatsError(f"need {len(w)} age bands of events and population, one per band")
    if (x < 0).any():
        raise StatsError("events must be greater than or equal to zero")
    _check_populations(n)
    return x, n, w


def _check_populations(n: np.ndarray) -> None:
    """Every band needs a population above zero: a missing one is not taken as 0."""
    unusable = np.flatnonzero(np.isnan(n) | (n <= 0))
    if unusable.size:
        band = int(unusable[0])
        given = "nothing" if np.isnan(n[band]) else f"{n[band]:g}"
        raise StatsError(
            f"population of age band {band + 1} must be greater than zero, found {given}"
        )


def dsr(events, populations, *, standard=ESP2013, multiplier: float = 100_000) -> Estimate:
    """Σ(x·w/n)/Σw × multiplier, with Dobson limits; not given below 10 events in total."""
    x, n, w = _check_bands(events, populations, standard)
    variance = float((x * (w / n) ** 2).sum() / w.sum() ** 2)
    return dobson(float((x * w / n).sum() / w.sum()), variance, float(x.sum()), multiplier, DOBSON)


def dsr_non_independent(
    persons_by_events: dict, populations, *, standard=ESP2013, multiplier: float = 100_000
) -> Estimate:
    """For events that can recur in one person: `persons_by_events` maps k (events per person)
    to the count of persons with k events in each band. The variance is Σ k²·var_k."""
    n = np.asarray(populations, dtype=float)
    events = sum(
        k * np.nan_to_num(np.asarray(p, dtype=float)) for k, p in persons_by_events.items()
    )
    x, n, w = _check_bands(events, n, standard)
    variance = sum(
        k * k * float((_check_bands(p, n, w)[0] * (w / n) ** 2).sum() / w.sum() ** 2)
        for k, p in persons_by_events.items()
    )
    return dobson(
        float((x * w / n).sum() / w.sum()),
        variance,
        float(x.sum()),
        multiplier,
        DOBSON_NON_INDEPENDENT,
    )


def dobson(rate: float, variance: float, total: float, multiplier: float, method: str):
    """Limit = rate + √(var/X)·(Byar's limit of X − X), for the 95% and 99.8% levels."""
    if total < MINIMUM_EVENTS:
        return Estimate(None, None, None, None, None, TOO_FEW)
    spread = math.sqrt(variance / total)

    def limit(count):
        return (rate + spread * (count - total)) * multiplier

    return Estimate(
        value=rate * multiplier,
        lower_95=limit(byars_lower(total, LEVELS["95"])),
        upper_95=limit(byars_upper(total, LEVELS["95"])),
        lower_998=limit(byars_lower(total, LEVELS["998"])),
        upper_998=limit(byars_upper(total, LEVELS["998"])),
        method=method,
    )
