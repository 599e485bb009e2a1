"""The pathway on a page: the stages left to right, who owns each, and for each stage's
indicators the latest value and whether it meets its target.

The value is the latest measurement for one of the stage's responsible organisations, or else
for the programme's lead organisation (the population the programme serves). The target is the
commitment's target where a commitment of the stage is measured by the indicator, else the
threshold of a contract's KPI serving one of the stage's commitments, else the national target.
The status is computed from the data, never typed in.
"""

from dataclasses import dataclass, field

from concord.indicators.models import Measurement
from concord.indicators.presentation.figures import seen
from concord.stats.disclosure import SUPPRESSED

from .models import Pathway

__all__ = [
    "MEETS",
    "MISSES",
    "NO_DATA",
    "NO_TARGET",
    "Reading",
    "StageCard",
    "card",
    "latest",
    "on_a_page",
    "target_for",
]

MEETS, MISSES, NO_TARGET, NO_DATA = "meets target", "misses target", "no target", "no data"


@dataclass
class Reading:
    indicator: object
    measurement: object | None
    target: float | None
    analyst: bool = False

    @property
    def shown(self):
        """The figures as this reader may see them (concord.indicators.presentation)."""
        if self.measurement is None:
            return None
        return seen(self.measurement, self.analyst, self.indicator)

    @property
    def value(self):
        """The value as this reader may see it (SUPPRESSED when its counts are too small)."""
        return None if self.shown is None else self.shown.shown_value

    @property
    def suppressed(self) -> bool:
        return self.value == SUPPRESSED

    @property
    def status(self) -> str:
        """Judged on the figure as everyone may see it, as commitments' statuses are."""
        everyone = None if self.measurement is None else seen(self.measurement, False)
        if everyone is None or everyone.value is None:
            return NO_DATA
        if self.target is None or self.indicator.polarity == "neither":
            return NO_TARGET
        value = everyone.value
        lower = self.indicator.improvement == "down"
        return MEETS if (value <= self.target if lower else value >= self.target) else MISSES

    @property
    def tag(self) -> str:
        return {MEETS: "green", MISSES: "red", NO_TARGET: "grey", NO_DATA: "white"}[self.status]


@dataclass
class StageCard:
    stage: object
    responsible: list
    readings: list[Reading] = field(default_factory=list)
    commitments: list = field(default_factory=list)


def latest(indicator, organisation_ids: list[int]):
    """The latest measurement among the organisations, preferring the first with any."""
    measurements = Measurement.objects.shown().filter(
        indicator=indicator,
        organisation_id__in=organisation_ids,
        period__period_type=indicator.period_type,
    )
    rows = list(measurements.order_by("-period__start"))
    for org_id in organisation_ids:
        mine = [m for m in rows if m.organisation_id == org_id]
        if mine:
            return mine[0]
    return None


def target_for(indicator, commitments) -> float | None:
    """The commitment's target, else the threshold of a KPI serving one of the stage's
    commitments with this indicator, else the national target."""
    for commitment in commitments:
        if commitment.target is not None and indicator in commitment.indicators.all():
            return commitment.target
    for commitment in commitments:
        for kpi in commitment.kpis.all():
            if kpi.indicator_id == indicator.pk:
                return kpi.threshold
    return indicator.national_target


def card(stage, lead_id: int, analyst: bool = False) -> StageCard:
    responsible = list(stage.responsible.all())
    commitments = list(stage.commitments.all())
    where = [o.pk for o in responsible] + [lead_id]
    readings = [
        Reading(i, latest(i, where), target_for(i, commitments), analyst)
        for i in stage.indicators.all()
    ]
    return StageCard(stage, responsible, readings, commitments)


def on_a_page(pathway: Pathway, analyst: bool = False) -> list[StageCard]:
    """The stage cards; values through disclosure control unless the reader is an analyst."""
    stages = pathway.stages.prefetch_related(
        "responsible",
        "indicators",
        "commitments__party",
        "commitments__indicators",
        "commitments__kpis",
    )
    return [card(stage, pathway.programme.lead_organisation_id, analyst) for stage in stages]
