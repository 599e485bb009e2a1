"""A commitment's status in every period, each with its explanation, and its charts."""

from django.shortcuts import get_object_or_404, render

from concord.governance.models import Commitment
from concord.web.remembered import remembered
from concord.web.views.access import viewer_required

from .. import charts
from .. import scorecards as sc
from .scorecards import rules_context, trail

__all__ = ["commitment", "commitment_data"]


def commitment_data(pk: int) -> dict:
    """What the commitment's page shows, the same for every reader (lists, not querysets: it is
    remembered between reads)."""
    commitment = get_object_or_404(
        Commitment.objects.select_related("party", "agreement__forum"), pk=pk
    )
    rows = list(commitment.statuses.select_related("period").order_by("-period__start"))
    drawn = [
        (i, charts.spc_chart(i, commitment, ident=f"spc-{i.pk}"))
        for i in commitment.indicators.all()
    ]
    return {
        "commitment": commitment,
        "current": rows[0] if rows else None,
        "rows": rows,
        "charts": drawn,
        "any_chart": any(chart for _, chart in drawn),
        "flags": list(commitment.red_flags.all()),
        "synthetic": sc.synthetic_behind(Commitment.objects.filter(pk=commitment.pk)),
    }


@viewer_required
def commitment(request, pk):
    context = {
        **remembered(("commitment", pk), lambda: commitment_data(pk)),
        "crumbs": trail(),
        **rules_context(),
    }
    return render(request, "accountability/commitment.html", context)
