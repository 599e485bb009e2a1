"""Download contracts or KPIs as CSV or XLSX (the columns the importers read)."""

from django.http import Http404

from concord.web.exports import FORMATS, download
from concord.web.views.access import viewer_required

from ..export import TABLES, table

__all__ = ["export"]


@viewer_required
def export(request, what, fmt):
    if what not in TABLES or fmt not in FORMATS:
        raise Http404("No such export")
    return download(table(what, request.user), fmt)
