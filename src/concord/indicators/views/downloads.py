"""CSV downloads of the tables the pages show, with the same disclosure control.

Written by the downloads' kit (`concord.web.exports.write_csv`), so text a spreadsheet would run
as a formula is written inert. These files are read by programs as much as by people: their
headings are column names, a flag is True or False, and they carry no byte-order mark.
"""

from django.http import HttpResponse
from django.utils.text import slugify

from concord.stats.disclosure import SUPPRESSED
from concord.web.exports import write_csv

__all__ = ["NOTE", "csv_response"]


def csv_response(name: str, header: list[str], rows: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.csv"'
    flags = ([str(v) if isinstance(v, bool) else v for v in row] for row in rows)
    write_csv(response, header, flags)
    return response


NOTE = f"Counts of 1 to 7 are shown as {SUPPRESSED}; other counts are rounded to the nearest 5."
