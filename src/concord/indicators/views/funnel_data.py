"""The funnel plot drawn from a Funnel (concord.indicators.presentation.funnel)."""

from concord.indicators.presentation.figures import unit_suffix
from concord.web.charts.funnel import FunnelFigure, FunnelPoint

__all__ = ["funnel_figure"]


def funnel_figure(indicator, funnel, highlight, heading: str) -> FunnelFigure:
    points = [
        FunnelPoint(
            r.organisation.name,
            float(r.denominator),
            float(r.value),
            r.organisation.pk == highlight.pk,
        )
        for r in funnel.rows
    ]
    return FunnelFigure(
        heading=heading,
        unit=unit_suffix(indicator),
        x_label="Denominator",
        baseline=funnel.baseline,
        points=points,
        grid=funnel.grid,
        limits=funnel.at_grid,
    )
