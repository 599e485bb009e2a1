"""A commitment's status in every period, each with its explanation, and its charts."""

from django.shortcuts import get_object_or_404, render

from concord.governance.models import Commitment
from concord.web.views.access import viewer_required

from .. import charts
from .. import scorecards as sc
from .scorecards import rules_context, trail


@viewer_required
def commitment(request, pk):
    found = get_object_or_404(Commitment.objects.select_related("party", "agreement__forum"), pk=pk)
    rows = list(found.statuses.select_related("period").order_by("-period__start"))
    drawn = [(i, charts.spc_chart(i, found, ident=f"spc-{i.pk}")) for i in found.indicators.all()]
    context = {
        "commitment": found,
        "current": rows[0] if rows else None,
        "rows": rows,
        "charts": drawn,
        "any_chart": any(chart for _, chart in drawn),
        "flags": found.red_flags.all(),
        "synthetic": sc.synthetic_behind(Commitment.objects.filter(pk=found.pk)),
        "crumbs": trail(),
        **rules_context(),
    }
    return render(request, "accountability/commitment.html", context)
