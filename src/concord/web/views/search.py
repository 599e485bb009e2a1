"""The search page: every kind of record a viewer may see, found by a word."""

from django.shortcuts import render

from ..remembered import remembered
from ..search import SOURCES, search
from . import crumbs
from .access import viewer_required

__all__ = ["search_page"]

PER_KIND = 5
PER_PAGE = 20


def _page(value) -> int:
    try:
        return max(1, min(int(value), 1000))
    except (TypeError, ValueError):
        return 1


@viewer_required
def search_page(request):
    kind = request.GET.get("kind")
    kind = kind if kind in SOURCES else None
    page = _page(request.GET.get("page"))
    limit = PER_PAGE if kind else PER_KIND
    offset = (page - 1) * PER_PAGE if kind else 0
    query, user = request.GET.get("q"), request.user
    results = remembered(
        ("search", query, limit, offset, user.pk),
        lambda: search(query, user, limit=limit, offset=offset),
    )
    groups = [
        {
            "kind": name,
            "label": source.label,
            "count": results.counts.get(name, 0),
            "results": results.results.get(name, []),
        }
        for name, source in SOURCES.items()
        if results.counts.get(name)
    ]
    shown = [g for g in groups if g["kind"] == kind] if kind else groups
    count = results.counts.get(kind, 0) if kind else 0
    context = {
        "crumbs": crumbs.home(),
        "query": results.query,
        "found": results,
        "groups": groups,
        "shown": shown,
        "kind": kind,
        "page": page,
        "previous": page - 1 if kind and page > 1 else None,
        "next": page + 1 if kind and offset + PER_PAGE < count else None,
    }
    return render(request, "web/search.html", context)
