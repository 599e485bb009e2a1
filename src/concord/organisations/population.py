"""Registered population, rolled up over the dated hierarchy as at the extract date."""

import datetime as dt

from django.db.models import Sum

from .kinds import Kind
from .models import Organisation, PopulationCount


def latest_extract_date(org=None) -> dt.date | None:
    qs = PopulationCount.objects.all()
    if org is not None and org.kind == Kind.PRACTICE:
        qs = qs.filter(organisation=org)
    return qs.order_by("-extract_date").values_list("extract_date", flat=True).first()


def registered_population(org, extract_date: dt.date, sex="all", age_band="all") -> int | None:
    """Patients registered with `org` (a practice, or the practices within it on that date)."""
    if org.kind == Kind.PRACTICE:
        practice_ids = [org.pk]
    else:
        practice_ids = Organisation.objects.practices().within(org, as_at=extract_date)
    total = PopulationCount.objects.filter(
        organisation__in=practice_ids, extract_date=extract_date, sex=sex, age_band=age_band
    ).aggregate(total=Sum("patients"))["total"]
    return total


def population_series(org) -> list[tuple[dt.date, int]]:
    """(extract date, patients) for every extract date we hold, rolled up as at each date."""
    dates = PopulationCount.objects.values_list("extract_date", flat=True).distinct()
    series = [(d, registered_population(org, d)) for d in sorted(set(dates))]
    return [(d, n) for d, n in series if n is not None]
