"""The history tab of any governance record: who changed what, when, from what to what; for a
proposal or a meeting, also every record that hangs from it (positions, decisions, attendance,
agenda, commitments)."""

from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from concord.web.views.access import viewer_required

from ..timeline import timeline
from .common import trail

__all__ = ["TRACKED", "history"]

TRACKED = {
    "forum": "Forum",
    "meeting": "Meeting",
    "proposal": "Proposal",
    "agreement": "Agreement",
    "commitment": "Commitment",
    "position": "Position",
}


@viewer_required
def history(request, model, pk):
    if model not in TRACKED:
        raise Http404("No history for that kind of record")
    record = get_object_or_404(apps.get_model("governance", TRACKED[model]), pk=pk)
    context = {"object": record, "model": model, "rows": timeline(record), "crumbs": trail()}
    return render(request, "governance/history.html", context)
