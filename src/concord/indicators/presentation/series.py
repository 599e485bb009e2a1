"""An organisation's series for one indicator and its XmR chart (concord.stats.spc), from the
figures as the person may see them. The organisation × indicator page, its CSV, the API, the
commitment page, packs and the status of commitments chart the same values with the same rules.

Periods missing from the series, or whose value is withheld, are gaps: the chart breaks its
line there (`gaps_after`).
Under the `mdc` rules fewer than 13 values give a run chart, without limits or icons.
"""

from dataclasses import dataclass, field

from concord.indicators.models import Measurement
from concord.indicators.periods import ordinal
from concord.stats.spc import RULE_SETS, SpcChart, xmr_chart

from .figures import Shown, seen

__all__ = ["rebase_positions", "series_of", "spc_of"]

MINIMUM_TO_DRAW = 2


@dataclass
class Charted:
    """The rows with a value, their chart, and where periods are missing between them."""

    rows: list  # Shown, the charted ones, in period order
    chart: SpcChart | None
    gaps_after: list = field(default_factory=list)  # positions followed by missing periods
    skipped: int = 0  # rows without a value to chart (suppressed or missing)

    @property
    def labels(self) -> list[str]:
        return [r.period.label for r in self.rows]

    @property
    def synthetic(self) -> list[bool]:
        return [r.synthetic for r in self.rows]


def measurements(indicator, organisation):
    """The organisation's measurements of the indicator, of its period type, oldest first."""
    return (
        Measurement.objects.shown()
        .filter(
            indicator=indicator,
            organisation=organisation,
            period__period_type=indicator.period_type,
        )
        .order_by("period__start")
    )


def series_of(indicator, organisation, analyst: bool) -> list[Shown]:
    return [seen(m, analyst, indicator) for m in measurements(indicator, organisation)]


def gaps_after(rows: list[Shown]) -> list[int]:
    """Positions k where the period after rows[k] is not the one that follows it."""
    return [
        k for k in range(len(rows) - 1) if ordinal(rows[k + 1].period) - ordinal(rows[k].period) > 1
    ]


def rebase_positions(rows: list[Shown], labels) -> tuple[list[int], list[str]]:
    """The positions among the charted rows where limits restart, from period labels, and the
    labels that name no charted period."""
    charted = [r.period.label for r in rows if r.has_value]
    missing = [label for label in labels if label not in charted]
    positions = {charted.index(label) for label in labels if label in charted}
    return sorted(k for k in positions if k > 0), missing


def _rules_for(indicator, asked=None):
    return RULE_SETS[asked or indicator.spc_rules]


def spc_of(
    indicator, rows: list[Shown], *, target=None, rebase_at=(), rules=None, baseline=None
) -> Charted:
    """The XmR chart of the rows that have a value; `rebase_at` are positions among them.
    None for the chart when fewer than two values can be drawn."""
    charted = [r for r in rows if r.has_value]
    skipped = len(rows) - len(charted)
    if len(charted) < MINIMUM_TO_DRAW:
        return Charted(charted, None, [], skipped)
    chart = xmr_chart(
        [r.value for r in charted],
        rules=_rules_for(indicator, rules),
        improvement=indicator.improvement,
        target=target,
        rebase_at=rebase_at,
        baseline=baseline,
    )
    return Charted(charted, chart, gaps_after(charted), skipped)
