"""CSV downloads of the tables the pages show, with the same disclosure control."""

import csv

from django.http import HttpResponse
from django.utils.text import slugify

from concord.stats.disclosure import SUPPRESSED

from ..exports import neutralised


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(neutralised(value))


def csv_response(name: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return response


NOTE = f"Counts of 1 to 7 are shown as {SUPPRESSED}; other counts are rounded to the nearest 5."
