"""The page's reading of its query (period, rebase points) and the SPC figure it draws from
the series' chart (concord.indicators.presentation.series)."""

from concord.indicators.presentation.figures import unit_suffix
from concord.indicators.presentation.series import rebase_positions as charted_positions
from concord.indicators.presentation.series import spc_of
from concord.stats.spc import RULE_SETS
from concord.web.charts.spc import SpcFigure

__all__ = [
    "ParamsInvalid",
    "chosen_period",
    "figure_of",
    "rebase_labels",
    "checked_rebase_positions",
    "spc_figure",
]


class ParamsInvalid(ValueError):
    """A query parameter the page cannot use; the message says what to write instead."""


def _held_labels(rows) -> str:
    labels = [r.period.label for r in rows]
    if len(labels) > 6:
        labels = [*labels[:3], "…", *labels[-2:]]
    return ", ".join(labels) or "none"


def chosen_period(rows, label: str | None, org):
    """The period named by ?period=, or the latest with a figure."""
    if not rows:
        return None
    if not label:
        return rows[-1].period
    for row in rows:
        if row.period.label == label.strip():
            return row.period
    raise ParamsInvalid(
        f"period={label!r}: {org.name} has no figure for that period; periods held: "
        f"{_held_labels(rows)}"
    )


def checked_rebase_positions(rows, labels: list[str]) -> list[int]:
    """The positions (among the charted values) where limits restart, from period labels."""
    positions, missing = charted_positions(rows, labels)
    if missing:
        raise ParamsInvalid(
            f"rebase={','.join(missing)}: not a period in the chart; periods held: "
            f"{_held_labels(rows)}"
        )
    return positions


def rebase_labels(text: str) -> list[str]:
    """?rebase=2021-04,2022-04 as labels."""
    return [part.strip() for part in text.split(",") if part.strip()]


def span(charted) -> str:
    return f"{charted[0].period.label} to {charted[-1].period.label}"


def _chart_note(charted) -> str:
    note = ""
    if charted.skipped:
        s = "s" if charted.skipped != 1 else ""
        note = f"{charted.skipped} period{s} with a suppressed or missing value left out. "
    if charted.chart is None:
        return note + "No chart: fewer than two periods have a value."
    if charted.gaps_after:
        gaps = len(charted.gaps_after)
        note += (
            f"The line is broken at {gaps} place{'s' if gaps != 1 else ''} where periods are "
            "missing or their value withheld. "
        )
    chart = charted.chart
    if not chart.has_limits:
        rules, minimum = chart.rules.upper(), RULE_SETS[chart.rules].minimum_points
        note += (
            f"A run chart: the {rules} rules need at least {minimum} points for process limits "
            f"and icons, and there are {len(chart.points)}."
        )
    if any(charted.synthetic):
        note += " Hollow points were computed from synthetic data (invented people)."
    return note.strip()


def figure_of(indicator, org, charted, milestones=None, target=None, heading=None) -> SpcFigure:
    return SpcFigure(
        labels=charted.labels,
        chart=charted.chart,
        heading=heading or f"{indicator.title}: {org.name}, {span(charted.rows)}",
        unit=unit_suffix(indicator),
        target=target,
        gaps_after=charted.gaps_after,
        synthetic=charted.synthetic,
        milestones=milestones or [],
    )


def spc_figure(indicator, org, rows, rebase: list[int]):
    """(SpcFigure, SpcChart, note); (None, None, note) when there is too little to draw."""
    target = indicator.national_target
    charted = spc_of(indicator, rows, target=target, rebase_at=rebase)
    note = _chart_note(charted)
    if charted.chart is None:
        return None, None, note
    return figure_of(indicator, org, charted, target=target), charted.chart, note
