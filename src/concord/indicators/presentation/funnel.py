"""The funnel of one period's peers, from their figures as the person may see them
(concord.stats.funnels).

Proportions (Wilson CI method) use Wilson-score limits around the peers' overall proportion;
rates (Byar/exact method) use exact Poisson limits around the peers' overall rate. Pages, charts,
packs and the API all take their funnel from `funnel_of`.
"""

from dataclasses import dataclass

import numpy as np

from concord.stats.funnels import (
    axis_limits,
    plotting_grid,
    poisson_ratio_limits,
    proportion_limits,
    rate_significance,
    significance_outside,
)

from .figures import LIMITS

__all__ = ["funnel_of"]

MINIMUM_PEERS = 2
PROPORTION_UNITS = ("percentage", "proportion")
BANDS = ("95", "998")


@dataclass
class Funnel:
    """The peers plotted (Shown rows with counts), the baseline, the limits at each row's own
    denominator and on the plotting grid, and each row's significance."""

    method: str  # "proportion" or "rate"
    rows: list
    baseline: float
    at_rows: dict  # limit name -> array, one per row
    grid: list
    at_grid: dict  # limit name -> list, one per grid point
    significance: list

    def index_of(self, organisation) -> int | None:
        ids = [r.organisation.pk for r in self.rows]
        return ids.index(organisation.pk) if organisation.pk in ids else None

    def limits_for(self, organisation) -> dict:
        at = self.index_of(organisation)
        return {name: float(self.at_rows[name][at]) for name in LIMITS}

    def labels(self) -> dict:
        """{organisation id: significance label}."""
        return {r.organisation.pk: s for r, s in zip(self.rows, self.significance, strict=True)}


def _method_of(indicator) -> str | None:
    if indicator.ci_method == "wilson" and indicator.unit in PROPORTION_UNITS:
        return "proportion"
    if indicator.ci_method == "byar_exact" and indicator.unit == "rate":
        return "rate"
    return None


def _plottable(rows) -> list:
    """Rows with counts to plot: not suppressed, a denominator above zero."""
    return [
        r
        for r in rows
        if not r.suppressed
        and isinstance(r.numerator, (int, float))
        and isinstance(r.denominator, (int, float))
        and r.denominator > 0
    ]


def _proportion_band(x, n, multiplier, grid):
    baseline = x.sum() / n.sum()
    at_rows = proportion_limits(n, baseline, multiplier)
    labels = significance_outside(x / n * multiplier, at_rows)
    return baseline * multiplier, at_rows, proportion_limits(grid, baseline, multiplier), labels


def _rate_limits(average, denominators, multiplier) -> dict:
    limits = {}
    for band in BANDS:
        lower, upper = poisson_ratio_limits(average * np.asarray(denominators), band)
        limits[f"lower_{band}"] = lower * average * multiplier
        limits[f"upper_{band}"] = upper * average * multiplier
    return limits


def _rate_band(x, n, multiplier, grid):
    average = x.sum() / n.sum()
    labels = rate_significance(x, n, average, dsr=False)
    return (
        average * multiplier,
        _rate_limits(average, n, multiplier),
        _rate_limits(average, grid, multiplier),
        labels,
    )


def funnel_of(indicator, rows) -> tuple[Funnel | None, str]:
    """(Funnel, "") for the peers' shown rows, or (None, why there is none)."""
    method, given = _method_of(indicator), rows
    rows = _plottable(given)
    if method is None:
        return None, f"No funnel plot: the {indicator.get_ci_method_display()} method has none."
    if given and not rows and not any(r.suppressed for r in given):
        return None, "No funnel plot: these figures were published as values, without counts."
    if len(rows) < MINIMUM_PEERS:
        return None, "No funnel plot: fewer than two peers have figures for this period."
    x = np.array([float(r.numerator) for r in rows])
    n = np.array([float(r.denominator) for r in rows])
    if method == "rate" and x.sum() == 0:
        return None, "No funnel plot: no peer has any events in this period."
    grid = plotting_grid(*axis_limits(n))
    band = _proportion_band if method == "proportion" else _rate_band
    baseline, at_rows, at_grid, labels = band(x, n, indicator.multiplier, grid)
    return Funnel(
        method=method,
        rows=rows,
        baseline=float(baseline),
        at_rows=at_rows,
        grid=[float(g) for g in grid],
        at_grid={k: [float(v) for v in vals] for k, vals in at_grid.items()},
        significance=[str(s) for s in labels],
    ), ""
