"""An organisation's series for one indicator: the period asked for, rebase points and the SPC
chart (concord.stats.spc) of the values the person may see."""

from concord.stats.spc import RULE_SETS, xmr_chart

from ..charts.spc import SpcFigure
from .shown import unit_suffix

IMPROVEMENT = {"higher_is_better": "up", "lower_is_better": "down"}
MINIMUM_TO_DRAW = 2


class ParamsInvalid(ValueError):
    """A query parameter the page cannot use; the message says what to write instead."""


def held_labels(rows) -> str:
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
        f"{held_labels(rows)}"
    )


def rebase_positions(rows, text: str) -> list[int]:
    """?rebase=2021-04,2022-04: the positions (among the charted values) where limits restart."""
    labels = [part.strip() for part in text.split(",") if part.strip()]
    charted = [r.period.label for r in rows if r.has_value]
    missing = [label for label in labels if label not in charted]
    if missing:
        raise ParamsInvalid(
            f"rebase={','.join(missing)}: not a period in the chart; periods held: "
            f"{held_labels(rows)}"
        )
    return sorted(charted.index(label) for label in labels if charted.index(label) > 0)


def span(charted) -> str:
    return f"{charted[0].period.label} to {charted[-1].period.label}"


def spc_figure(indicator, org, rows, rebase: list[int]):
    """(SpcFigure, SpcChart, note); (None, None, note) when there is too little to draw."""
    charted = [r for r in rows if r.has_value]
    skipped = len(rows) - len(charted)
    note = (
        f"{skipped} period{'s' if skipped != 1 else ''} with a suppressed or missing value "
        "left out. "
        if skipped
        else ""
    )
    if len(charted) < MINIMUM_TO_DRAW:
        return None, None, note + "No chart: fewer than two periods have a value."
    rules = RULE_SETS.get(indicator.spc_rules, RULE_SETS["mdc"])
    chart = xmr_chart(
        [r.value for r in charted],
        rules=rules,
        improvement=IMPROVEMENT.get(indicator.polarity, "neither"),
        target=indicator.national_target,
        rebase_at=rebase,
    )
    if not chart.has_limits:
        note += (
            f"A run chart: the {rules.name.upper()} rules need at least {rules.minimum_points} "
            f"points for process limits and icons, and there are {len(charted)}."
        )
    figure = SpcFigure(
        labels=[r.period.label for r in charted],
        chart=chart,
        heading=f"{indicator.title}: {org.name}, {span(charted)}",
        unit=unit_suffix(indicator),
        target=indicator.national_target,
    )
    return figure, chart, note
