"""Home: what needs the signed-in person today, and a short summary of the economy."""

from django.db.models import Count
from django.shortcuts import render
from django.utils.timezone import localdate

from concord.accountability.needs import needs_for
from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation
from concord.organisations.population import latest_extract_date

from ..remembered import remembered
from .access import viewer_required

__all__ = ["home"]

SHOWN = 8  # items listed in each section; its link leads to the full list


def kind_counts() -> list[tuple[str, int]]:
    """(kind label, number of organisations), in the order of the glossary."""
    counts = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")))
    return [(kind, counts[kind]) for kind in Kind.values if counts.get(kind)]


def economy() -> dict:
    return {"kind_counts": kind_counts(), "extract_date": latest_extract_date()}


@viewer_required
def home(request):
    user, today = request.user, localdate()
    context = {
        "section": "home",
        "needs": remembered(("needs", user.pk, today), lambda: needs_for(user, today)),
        "shown": SHOWN,
        **remembered(("economy",), economy),
    }
    return render(request, "web/home.html", context)
