"""Registered population, rolled up over the dated hierarchy as at the extract date."""

import datetime as dt

from .hierarchy import descendant_ids_of_many
from .kinds import Kind
from .models import PopulationCount

__all__ = ["latest_extract_date", "registered_population", "registered_populations"]


def latest_extract_date(org=None) -> dt.date | None:
    qs = PopulationCount.objects.all()
    if org is not None and org.kind == Kind.PRACTICE:
        qs = qs.filter(organisation=org)
    return qs.order_by("-extract_date").values_list("extract_date", flat=True).first()


def registered_population(org, extract_date: dt.date, sex="all", age_band="all") -> int | None:
    """Patients registered with `org` (a practice, or the practices within it on that date)."""
    return registered_populations([org], extract_date, sex, age_band)[org.pk]


def _population_series(org) -> list[tuple[dt.date, int]]:
    """(extract date, patients) for every extract date we hold, rolled up as at each date."""
    dates = PopulationCount.objects.values_list("extract_date", flat=True).distinct()
    series = [(d, registered_population(org, d)) for d in sorted(set(dates))]
    return [(d, n) for d, n in series if n is not None]


def registered_populations(
    orgs, extract_date: dt.date | None, sex="all", age_band="all"
) -> dict[int, int | None]:
    """organisation id -> patients registered on the extract date: a practice's own count, or
    the sum over the practices within the organisation on that date (None when none is held).
    One walk of the hierarchy and one count query for however many organisations."""
    orgs = list(orgs)
    if extract_date is None:
        return {org.pk: None for org in orgs}
    groups = [org for org in orgs if org.kind != Kind.PRACTICE]
    within = descendant_ids_of_many(groups, extract_date) if groups else {}
    practices_of = {
        org.pk: {org.pk} if org.kind == Kind.PRACTICE else within[org.pk] for org in orgs
    }
    counts = dict(
        PopulationCount.objects.filter(
            organisation__in=set().union(*practices_of.values()),
            organisation__kind=Kind.PRACTICE,
            extract_date=extract_date,
            sex=sex,
            age_band=age_band,
        ).values_list("organisation_id", "patients")
    )
    totals = {}
    for org_id, practice_ids in practices_of.items():
        held = [counts[p] for p in practice_ids if p in counts]
        totals[org_id] = sum(held) if held else None
    return totals
