"""Tables as downloads, CSV or Excel: the rows a page shows, in the form a spreadsheet reads.

A page builds a `Table` from the same rows it renders and hands it to `download` when the
query string asks for `format=csv` or `format=xlsx`, so the figures cannot differ. Text that a
spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, a tab or a carriage return) is
neutralised, following OWASP's guidance on CSV injection: in CSV it gains a leading apostrophe;
in Excel it is stored as a text cell marked as quoted (as when a person types an apostrophe
first), which Excel never evaluates, not even once the cell is edited. Numbers stay numbers, and
so does text that is only a number ("-3.5"): a spreadsheet reads it as that number, never a
formula.

This is the one writer of cells for every export: the pages' downloads (`download`), the
indicator CSVs (`write_csv`), contracts and KPIs (`csv_bytes`, `xlsx_bytes`), and the command
line's tables (`write_csv` onto standard output). `restored` undoes the apostrophe for an
importer that reads an export back.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

__all__ = [
    "FORMATS",
    "Table",
    "csv_bytes",
    "csv_cell",
    "download",
    "format_asked",
    "links",
    "neutralised",
    "restored",
    "write_csv",
    "xlsx_bytes",
]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_WIDEST = 60


@dataclass
class Table:
    """What to download: `name` makes the file name, `title` and `notes` head the sheet."""

    name: str
    title: str
    headings: Sequence[str]
    rows: Iterable[Sequence]
    notes: Sequence[str] = field(default_factory=tuple)


def format_asked(request) -> str | None:
    """The download format the query string asks for, if any."""
    asked = request.GET.get("format", "")
    return asked if asked in FORMATS else None


def links(request) -> dict:
    """Query strings for the page's download links, keeping its filters."""
    query = request.GET.copy()
    query.pop("page", None)
    by_format = {}
    for fmt in FORMATS:
        query["format"] = fmt
        by_format[fmt] = "?" + query.urlencode()
    return by_format


def _runnable(value) -> bool:
    """Whether a spreadsheet would take this value for a formula: text starting with one of
    `FORMULA_STARTS`, unless the text is only a number."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)
    )


def neutralised(value):
    """Text a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    return "'" + value if _runnable(value) else value


def restored(value: str) -> str:
    """What `neutralised` was given: an importer reading an export back calls this."""
    if value.startswith("'") and _runnable(value[1:]):
        return value[1:]
    return value


def csv_cell(value, exact: bool = False) -> str:
    """One value as CSV text: blank for nothing, yes or no, ISO dates, local times, short
    floats, and text neutralised. `exact` is for what programs read (the command line): floats
    in full and flags as True or False."""
    if value is None:
        return ""
    if exact and not isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value.tzinfo else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.0f}"
    return str(neutralised(value))


def write_csv(
    stream, headings: Sequence, rows: Iterable[Sequence], lineterminator="\r\n", exact=False
):
    """The heading row and the rows written as CSV onto `stream` (a file, standard output or
    an HttpResponse), every cell through `csv_cell`."""
    writer = csv.writer(stream, lineterminator=lineterminator)
    writer.writerow([csv_cell(h, exact) for h in headings])
    writer.writerows([csv_cell(v, exact) for v in row] for row in rows)


def csv_bytes(headings: Sequence, rows: Iterable[Sequence], lineterminator="\r\n") -> bytes:
    """The rows as a CSV file, UTF-8 with a byte-order mark (the mark tells Excel it is UTF-8)."""
    out = io.StringIO()
    write_csv(out, headings, rows, lineterminator)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _as_csv(table: Table) -> bytes:
    return csv_bytes(table.headings, table.rows)


def _xlsx_cell(sheet, value, bold=False):
    if isinstance(value, dt.datetime) and value.tzinfo:
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        value = "yes" if value else "no"
    cell = WriteOnlyCell(sheet, value=None if value is None else value)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # stored as text: never read as a formula
        if _runnable(value):
            cell.quotePrefix = True  # and kept as text when a person edits the cell
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(table: Table, exported: dt.datetime | None = None) -> bytes:
    """The table as a workbook: a sheet of its rows, then an About sheet."""
    return _as_xlsx(table, exported or timezone.localtime())


def _as_xlsx(table: Table, exported: dt.datetime) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.title[:31].translate(str.maketrans("", "", "[]:*?/\\")))
    rows = [list(row) for row in table.rows]
    for n, heading in enumerate(table.headings):
        longest = max([len(str(heading)), *(len(str(r[n] or "")) for r in rows[:500])])
        sheet.column_dimensions[_column(n)].width = min(_WIDEST, longest + 2)
    sheet.append([_xlsx_cell(sheet, h, bold=True) for h in table.headings])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    about = book.create_sheet(title="About")
    about.append([_xlsx_cell(about, table.title, bold=True)])
    about.append([_xlsx_cell(about, f"Exported from Concord on {exported:%d %B %Y at %H:%M}")])
    for note in table.notes:
        about.append([_xlsx_cell(about, note)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def download(table: Table, fmt: str) -> HttpResponse:
    """The table as a file to save, named for what it is and the day it was exported."""
    exported = timezone.localtime()
    body = _as_csv(table) if fmt == "csv" else _as_xlsx(table, exported)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"concord-{slugify(table.name)}-{exported:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
