"""Download contracts or KPIs as CSV or XLSX (the columns the importers read)."""

from django.http import Http404, HttpResponse

from concord.web.views.access import viewer_required

from ..export import TABLES, as_csv, as_xlsx

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@viewer_required
def export(request, what, fmt):
    if what not in TABLES or fmt not in TYPES:
        raise Http404("No such export")
    columns, rows = TABLES[what]
    found = rows(request.user)
    body = as_csv(columns, found) if fmt == "csv" else as_xlsx(columns, found, what)
    response = HttpResponse(body, content_type=TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{what}.{fmt}"'
    return response
