from django.core.paginator import Paginator
from django.shortcuts import render

from concord.organisations.models import ImportBatch

from . import crumbs
from .access import viewer_required

PER_PAGE = 50


@viewer_required
def history(request):
    batches = ImportBatch.objects.select_related("imported_by")
    page = Paginator(batches, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/import_list.html",
        {"page": page, "section": "imports", "crumbs": crumbs.home()},
    )
