"""A funnel plot's figures from the peers' shown measurements (concord.stats.funnels).

Proportions (Wilson CI method) use Wilson-score limits around the peers' overall proportion;
rates (Byar/exact method) use exact Poisson limits around the peers' overall rate.
"""

import numpy as np

from concord.stats.funnels import (
    axis_limits,
    plotting_grid,
    poisson_ratio_limits,
    proportion_limits,
    rate_significance,
    significance_outside,
)

from ..charts.funnel import FunnelFigure, FunnelPoint
from .shown import unit_suffix

MINIMUM_PEERS = 2
PROPORTION_UNITS = ("percentage", "proportion")


def funnel_kind(indicator) -> str | None:
    if indicator.ci_method == "wilson" and indicator.unit in PROPORTION_UNITS:
        return "proportion"
    if indicator.ci_method == "byar_exact" and indicator.unit == "rate":
        return "rate"
    return None


def plottable(rows) -> list:
    """Rows with counts to plot: not suppressed, a denominator above zero."""
    return [
        r
        for r in rows
        if not r.suppressed
        and isinstance(r.numerator, (int, float))
        and isinstance(r.denominator, (int, float))
        and r.denominator > 0
    ]


def proportion_band(x, n, multiplier, grid):
    baseline = x.sum() / n.sum()
    at_points = proportion_limits(n, baseline, multiplier)
    return (
        baseline * multiplier,
        proportion_limits(grid, baseline, multiplier),
        significance_outside(x / n * multiplier, at_points),
    )


def rate_band(x, n, multiplier, grid):
    average = x.sum() / n.sum()
    limits = {}
    for band in ("95", "998"):
        lower, upper = poisson_ratio_limits(average * grid, band)
        limits[f"lower_{band}"] = lower * average * multiplier
        limits[f"upper_{band}"] = upper * average * multiplier
    return average * multiplier, limits, rate_significance(x, n, average, dsr=False)


def funnel(indicator, rows, highlight, heading: str):
    """(FunnelFigure or None, {organisation id: significance label}, a note when not drawn)."""
    kind, given = funnel_kind(indicator), rows
    rows = plottable(given)
    if kind is None:
        return None, {}, f"No funnel plot: the {indicator.get_ci_method_display()} method has none."
    if given and not rows and not any(r.suppressed for r in given):
        return None, {}, "No funnel plot: these figures were published as values, without counts."
    if len(rows) < MINIMUM_PEERS:
        return None, {}, "No funnel plot: fewer than two peers have figures for this period."
    x = np.array([float(r.numerator) for r in rows])
    n = np.array([float(r.denominator) for r in rows])
    if kind == "rate" and x.sum() == 0:
        return None, {}, "No funnel plot: no peer has any events in this period."
    grid = plotting_grid(*axis_limits(n))
    band = proportion_band if kind == "proportion" else rate_band
    baseline, limits, labels = band(x, n, indicator.multiplier, grid)
    points = [
        FunnelPoint(
            r.organisation.name,
            float(r.denominator),
            float(x_i / n_i * indicator.multiplier),
            r.organisation.pk == highlight.pk,
        )
        for r, x_i, n_i in zip(rows, x, n, strict=True)
    ]
    figure = FunnelFigure(
        heading=heading,
        unit=unit_suffix(indicator),
        x_label="Denominator",
        baseline=float(baseline),
        points=points,
        grid=[float(g) for g in grid],
        limits={k: [float(v) for v in vals] for k, vals in limits.items()},
    )
    return figure, {r.organisation.pk: str(s) for r, s in zip(rows, labels, strict=True)}, ""
