"""The history tab of any governance record: who changed what, when, from what to what."""

from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from concord.web.views.access import viewer_required

from .common import trail

TRACKED = {
    "forum": "Forum",
    "meeting": "Meeting",
    "proposal": "Proposal",
    "agreement": "Agreement",
    "commitment": "Commitment",
    "position": "Position",
}


def changes(record) -> list[tuple[str, object, object]]:
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous)
    return [(c.field, c.old, c.new) for c in delta.changes]


@viewer_required
def history(request, model, pk):
    if model not in TRACKED:
        raise Http404("No history for that kind of record")
    found = get_object_or_404(apps.get_model("governance", TRACKED[model]), pk=pk)
    records = found.history.select_related("history_user").order_by("-history_date", "-pk")
    rows = [(r, changes(r)) for r in records]
    context = {"object": found, "model": model, "rows": rows, "crumbs": trail()}
    return render(request, "governance/history.html", context)
