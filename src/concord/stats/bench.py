"""Timings for `make bench`: SPC for 6,700 practices × 60 months and funnel limits for 6,700
practices, each beside a baseline measured in the same run (numpy's own mean and absolute
difference over the same array), so that the figures can be read on any machine."""

import time

import numpy as np

from concord.stats import funnels, spc

__all__ = ["BUDGET_SECONDS", "MONTHS", "PRACTICES", "baseline", "run", "timed"]

PRACTICES = 6_700
MONTHS = 60
BUDGET_SECONDS = 2.0  # SPC and funnels together (issue: "under 2 s together")


def timed(function, repeat: int = 3) -> float:
    """Best of `repeat` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _sample(seed: int = 2020):
    rng = np.random.default_rng(seed)
    denominators = rng.integers(1_000, 20_000, size=PRACTICES).astype(float)
    numerators = rng.binomial(denominators.astype(int), 0.65).astype(float)
    values = rng.normal(0.65, 0.02, size=(PRACTICES, MONTHS))
    return values, numerators, denominators


def baseline(values) -> None:
    values.mean(axis=1)
    np.abs(np.diff(values, axis=1)).mean(axis=1)


def run() -> list[dict]:
    values, numerators, denominators = _sample()
    spc_seconds = timed(lambda: spc.xmr_batch(values, spc.MDC, spc.UP))
    funnel_seconds = timed(lambda: funnels.proportion_funnel(numerators, denominators))
    numpy_seconds = timed(lambda: baseline(values))
    return [
        {
            "name": f"SPC XmR ({PRACTICES:,} series × {MONTHS} points, mdc rules)",
            "seconds": spc_seconds,
            "baseline_seconds": numpy_seconds,
        },
        {
            "name": f"Funnel limits and significance (proportions, {PRACTICES:,} practices)",
            "seconds": funnel_seconds,
            "baseline_seconds": numpy_seconds,
        },
        {
            "name": "SPC and funnels together",
            "seconds": spc_seconds + funnel_seconds,
            "baseline_seconds": numpy_seconds,
            "budget_seconds": BUDGET_SECONDS,
            "within_budget": spc_seconds + funnel_seconds < BUDGET_SECONDS,
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
