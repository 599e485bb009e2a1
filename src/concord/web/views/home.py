"""Home: what is in this economy."""

import datetime as dt

from django.db.models import Count
from django.shortcuts import render

from concord.organisations.kinds import COMMISSIONER_KINDS, Kind
from concord.organisations.models import ImportBatch, Organisation
from concord.organisations.population import latest_extract_date, registered_population

from .access import viewer_required

LATEST_IMPORTS = 5


def kind_counts() -> list[tuple[str, int]]:
    """(kind label, number of organisations), in the order of the glossary."""
    counts = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")))
    return [(kind, counts[kind]) for kind in Kind.values if counts.get(kind)]


def commissioner_rows(on: dt.date | None) -> list[dict]:
    """Each commissioner with its practices open and its registered population on the extract
    date (a dormant practice still linked to its commissioner is not counted)."""
    rows = []
    for org in Organisation.objects.of_kind(*COMMISSIONER_KINDS).order_by("kind", "name"):
        practices = (
            Organisation.objects.practices().within(org, as_at=on).open_on(on) if on else None
        )
        rows.append(
            {
                "organisation": org,
                "practices": practices.count() if on else None,
                "population": registered_population(org, on) if on else None,
            }
        )
    return rows


@viewer_required
def home(request):
    extract_date = latest_extract_date()
    context = {
        "section": "home",
        "kind_counts": kind_counts(),
        "extract_date": extract_date,
        "commissioners": commissioner_rows(extract_date),
        "imports": ImportBatch.objects.select_related("imported_by")[:LATEST_IMPORTS],
    }
    return render(request, "web/home.html", context)
