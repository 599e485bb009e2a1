"""Parents' figures are sums over the practices within them, on the hierarchy of a chosen date.

By default a period is rolled up on the hierarchy in force at its end (practices in a CCG on
31 March 2021 for 2020-21). `reaggregate` sums the same practice figures on the hierarchy of
another date, e.g. 2019-20 onto the sub-ICB locations of 2023, without storing anything.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from concord.accountability.refresh import after_measurements_changed
from concord.organisations.kinds import RelationshipKind
from concord.organisations.models import Organisation, Relationship

from .limits import estimate
from .models import ComputationRun, Measurement
from .writer import MeasurementSync

__all__ = ["Hierarchy", "reaggregate", "roll_up"]

ROLL_UP = "roll-up"


@dataclass
class Total:
    numerator: float = 0.0
    denominator: float | None = 0.0
    practices: int = 0

    def add(self, numerator: float, denominator: float | None) -> None:
        self.numerator += numerator
        self.practices += 1
        if denominator is None or self.denominator is None:
            self.denominator = None
        else:
            self.denominator += denominator


@dataclass(frozen=True)
class Aggregate:
    """One parent's figure on a chosen hierarchy: sums, value and limits, practices counted."""

    organisation: Organisation
    numerator: float
    denominator: float | None
    practices: int
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_998: float | None
    upper_998: float | None


class Hierarchy:
    """The dated hierarchy of one day, held in memory and walked upwards from each practice.

    The rule is the registry's (concord.organisations.hierarchy): an organisation is within all
    its own parents, and above them the walk climbs through `part_of` links, through `member_of`
    only from an organisation that is part of nothing. So a PCN's practice commissioned by
    another CCG counts in its PCN and its own CCG, never in the PCN's CCG.
    """

    def __init__(self, as_at: dt.date):
        self.part_of: dict[int, set[int]] = defaultdict(set)
        self.member_of: dict[int, set[int]] = defaultdict(set)
        links = Relationship.objects.hierarchy().in_force(as_at)
        for child_id, kind, parent_id in links.values_list("child_id", "kind", "parent_id"):
            (self.part_of if kind == RelationshipKind.PART_OF else self.member_of)[child_id].add(
                parent_id
            )

    def above(self, org_id: int) -> set[int]:
        ancestors, climbed, frontier = set(), {org_id}, {org_id}
        while frontier:
            upward = set()
            for org in frontier:
                ancestors |= self.part_of[org] | self.member_of[org]
                upward |= self.part_of[org] or self.member_of[org]
            frontier = upward - climbed
            climbed |= frontier
        return ancestors - {org_id}


def _practice_figures(indicators, period):
    """(indicator id, practice id, numerator, denominator) as imported for the period."""
    return (
        Measurement.objects.filter(indicator__in=indicators, period=period)
        .practices()
        .imported()
        .exclude(numerator__isnull=True)
        .values_list("indicator_id", "organisation_id", "numerator", "denominator")
    )


def _totals_on(indicators, period, as_at: dt.date) -> dict[tuple[int, int], Total]:
    """{(indicator id, parent id): Total} summed over the practices within each parent."""
    hierarchy, above = Hierarchy(as_at), {}
    totals: dict[tuple[int, int], Total] = defaultdict(Total)
    for indicator_id, practice_id, numerator, denominator in _practice_figures(indicators, period):
        if practice_id not in above:
            above[practice_id] = hierarchy.above(practice_id)
        for parent_id in above[practice_id]:
            totals[indicator_id, parent_id].add(numerator, denominator)
    return totals


@transaction.atomic
def roll_up(
    indicators, period, *, as_at: dt.date | None = None, by=None, synthetic: bool = False
) -> dict[str, int]:
    """Store every parent's aggregate for these indicators and period; returns the counts.
    `synthetic`: the practice figures were computed from synthetic data, and so are these.
    Calls the status refresh, which runs once the transaction commits."""
    indicators = list(indicators)
    as_at = as_at or period.end
    run = ComputationRun.objects.create(
        kind=ROLL_UP,
        as_at=as_at,
        run_by=by,
        notes=f"{period.label}: {len(indicators)} indicators"
        + (" (synthetic data)" if synthetic else ""),
        synthetic=synthetic,
    )
    by_id = {indicator.pk: indicator for indicator in indicators}
    sync = MeasurementSync(indicators, [period], computation=run, is_aggregate=True)
    for (indicator_id, parent_id), total in _totals_on(indicators, period, as_at).items():
        sync.want(by_id[indicator_id], parent_id, period, total.numerator, total.denominator)
    counts = sync.save(remove_stale=True)
    after_measurements_changed(
        reason=f"the roll-up of {period.label} (computation run {run.pk})",
        rows=counts["created"] + counts["updated"] + counts["removed"],
        computation=run,
    )
    return counts


def reaggregate(indicator, period, *, as_at: dt.date, kinds: tuple[str, ...] = ()):
    """The period's practice figures summed onto the hierarchy of `as_at`, parents by code."""
    totals = {
        parent_id: total for (_, parent_id), total in _totals_on([indicator], period, as_at).items()
    }
    parents = Organisation.objects.filter(pk__in=list(totals))
    if kinds:
        parents = parents.filter(kind__in=kinds)
    return [
        Aggregate(
            organisation=parent,
            numerator=totals[parent.pk].numerator,
            denominator=totals[parent.pk].denominator,
            practices=totals[parent.pk].practices,
            **estimate(indicator, totals[parent.pk].numerator, totals[parent.pk].denominator),
        )
        for parent in parents.order_by("code")
    ]
