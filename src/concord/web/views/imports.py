from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from concord.indicators.models import ComputationRun
from concord.organisations.models import ImportBatch

from . import crumbs
from .access import viewer_required

PER_PAGE = 50


def paged(request, records):
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return {"page": page, "page_range": page.paginator.get_elided_page_range(page.number)}


@viewer_required
def history(request):
    batches = ImportBatch.objects.select_related("imported_by")
    return render(
        request,
        "web/import_list.html",
        {**paged(request, batches), "section": "imports", "crumbs": crumbs.home()},
    )


@viewer_required
def computations(request):
    """Computation runs, newest first: engine, data snapshot, code version, time and rows."""
    runs = ComputationRun.objects.select_related("run_by")
    trail = [*crumbs.home(), ("Imports", reverse("imports"))]
    return render(
        request,
        "web/computation_list.html",
        {**paged(request, runs), "section": "imports", "crumbs": trail},
    )
