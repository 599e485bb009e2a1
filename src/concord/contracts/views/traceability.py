"""The traceability report and a provider's obligations."""

from django.shortcuts import get_object_or_404, render

from concord.organisations.models import Organisation
from concord.web.views.access import viewer_required

from .. import traceability
from .common import trail

__all__ = ["MONTH_CHOICES", "months_asked", "obligations", "report"]

MONTH_CHOICES = (3, 6, 12, 24)


def months_asked(request) -> int:
    try:
        months = int(request.GET.get("months", traceability.DEFAULT_MONTHS))
    except ValueError:
        return traceability.DEFAULT_MONTHS
    return min(max(months, 1), 120)


@viewer_required
def report(request):
    traced = traceability.report(months=months_asked(request))
    context = {
        "report": traced,
        "month_choices": MONTH_CHOICES,
        "section": "contracts",
        "crumbs": trail(),
    }
    return render(request, "contracts/traceability.html", context)


@viewer_required
def obligations(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    context = {
        "found": traceability.obligations(organisation),
        "section": "contracts",
        "crumbs": trail(),
    }
    return render(request, "contracts/obligations.html", context)
