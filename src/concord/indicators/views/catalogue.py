"""The indicator catalogue and each indicator's governed definition with its versions."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from concord.access.roles import is_analyst
from concord.indicators.models import Indicator, Measurement
from concord.indicators.presentation.figures import seen, unit_suffix
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

__all__ = ["catalogue", "definition", "latest_figures"]


def _catalogue_crumbs():
    return [*crumbs.home(), ("Indicators", reverse("indicators"))]


@viewer_required
def catalogue(request):
    today = timezone.localdate()
    indicators = list(Indicator.objects.all())
    context = {
        "section": "indicators",
        "crumbs": crumbs.home(),
        "indicators": indicators,
        "today": today,
        "overdue": sum(i.next_review < today for i in indicators),
    }
    return render(request, "indicators/catalogue.html", context)


@viewer_required
def definition(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    context = {
        "section": "indicators",
        "crumbs": _catalogue_crumbs(),
        "indicator": indicator,
        "versions": indicator.versions.select_related("loaded_by").order_by("-number"),
        "overdue": indicator.next_review < timezone.localdate(),
        "unit": unit_suffix(indicator),
    }
    return render(request, "indicators/definition.html", context)


def latest_figures(org, user) -> list:
    """The latest figure of each indicator held for `org`, as this person may see it."""
    # Which figure is each indicator's latest, from ids alone: every figure held for `org` (an
    # organisation's whole series) made into objects was most of the organisation page's time.
    latest_ids = {}
    held = Measurement.objects.filter(organisation=org).order_by(
        "indicator__title", "-period__start"
    )
    for pk, indicator_id in held.values_list("pk", "indicator_id"):
        latest_ids.setdefault(indicator_id, pk)
    rows = Measurement.objects.shown().in_bulk(latest_ids.values())
    latest = {indicator_id: rows[pk] for indicator_id, pk in latest_ids.items()}
    analyst = is_analyst(user) if latest else False
    return [(m.indicator, seen(m, analyst), unit_suffix(m.indicator)) for m in latest.values()]
