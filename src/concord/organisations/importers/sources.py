"""Readers shared by the importers: CSV files (headerless ODS files, files with a header row)
and Excel worksheets.

Each yields (row number as a spreadsheet shows it, fields) and fails on the first row that does
not have the expected shape, naming the file, the row and what was expected. CSV files are read
as UTF-8 (a byte order mark allowed; the published NHS files are plain ASCII, which is UTF-8)
through `csvtext.records`: a byte that is not UTF-8 or a field too long for the csv module is
refused naming its row and column.
"""

from collections.abc import Callable, Collection, Iterator, Sequence

from .csvtext import Unreadable, records

__all__ = ["header_rows", "read_headerless", "read_sheet", "read_with_header"]


def _column_label(index: int | None, labels: Sequence[str] | None) -> str | None:
    """How an error names the column at 0-based `index`: its label, else its number."""
    if index is None:
        return None
    return labels[index] if labels and index < len(labels) else str(index + 1)


def _csv_records(importer, labels: Sequence[str] | None = None) -> Iterator[tuple[int, list]]:
    """(row number, fields) of the importer's CSV file; row 1 is the first line.

    `labels` names the columns in errors: a header the caller fills in once it has read it."""
    with open(importer.path, "rb") as handle:
        try:
            yield from records(handle)
        except Unreadable as error:
            importer.fail(error.row, _column_label(error.column, labels), error.message)


def read_headerless(
    importer, columns: Collection[int], labels: Sequence[str] = ()
) -> Iterator[tuple[int, list[str]]]:
    """Rows of an ODS file (no header). `columns`: the column counts its layouts have;
    `labels`: how errors name the columns ("2 (name)"), by position."""
    expected = " or ".join(str(n) for n in sorted(columns))
    for number, fields in _csv_records(importer, labels):
        if len(fields) not in columns:
            importer.fail(number, None, f"expected {expected} columns, found {len(fields)}")
        yield number, fields


def read_with_header(importer, required: Collection) -> Iterator[tuple[int, dict]]:
    """Rows of a CSV file with a header row, as dicts; the header must name `required` columns.

    An item of `required` may be a tuple of alternative names, one of which must be present.
    Names are compared in capitals, as the NHS Digital files write them."""

    def check(header: list[str]) -> None:
        missing = [
            " or ".join(names) if isinstance(names, tuple) else names
            for names in required
            if not set(names if isinstance(names, tuple) else [names]) & set(header)
        ]
        if missing:
            importer.fail(1, None, f"expected a header naming {', '.join(missing)}")

    return header_rows(importer, check, upper=True)


def header_rows(
    importer, check: Callable[[list[str]], None], *, upper=False, skip_blank=False
) -> Iterator[tuple[int, dict]]:
    """(row number, {column: stripped text}) of a CSV file whose row 1 is its header, which
    `check` checks; every row must have the header's number of columns (blank rows skipped
    when `skip_blank`)."""
    header: list[str] = []
    reader = _csv_records(importer, header)
    for _, names in reader:
        header.extend(name.strip().upper() if upper else name.strip() for name in names)
        break
    if not any(header):
        importer.fail(1, None, "expected a header row, found nothing")
    check(header)
    for number, fields in reader:
        if skip_blank and not any(field.strip() for field in fields):
            continue
        if len(fields) != len(header):
            importer.fail(number, None, f"expected {len(header)} columns, found {len(fields)}")
        yield number, dict(zip(header, (field.strip() for field in fields), strict=True))


def _present(names, header) -> str | None:
    options = names if isinstance(names, tuple) else (names,)
    return next((name for name in options if name in header), None)


def read_sheet(importer, workbook, title: str, required: dict) -> Iterator[tuple[int, dict]]:
    """Rows of one worksheet as dicts keyed by our names for its columns.

    `required` maps our name to the sheet's header (or a tuple of alternative headers). Blank rows
    are skipped; cell values come as Excel holds them (numbers, dates, text, or None)."""
    if title not in workbook.sheetnames:
        importer.fail(None, None, f"expected a sheet named {title!r}")
    rows = workbook[title].iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    positions = {key: _present(names, header) for key, names in required.items()}
    missing = [str(required[key]) for key, name in positions.items() if name is None]
    if missing:
        importer.fail(1, None, f"expected a header naming {', '.join(missing)}")
    index = {key: header.index(name) for key, name in positions.items()}
    for number, cells in enumerate(_sheet_rows(importer, rows), start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        cells = list(cells) + [None] * (len(header) - len(cells))
        yield number, {key: cells[i] for key, i in index.items()}


def _sheet_rows(importer, rows: Iterator[tuple], after: int = 1) -> Iterator[tuple]:
    """The worksheet's rows after row `after`; a row openpyxl cannot read (a cell holding "NaN"
    as a number, say) is refused naming it, rather than raising whatever openpyxl raised."""
    number = after
    while True:
        number += 1
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as error:  # openpyxl raises ValueError, KeyError... for a spoilt sheet
            importer.fail(number, None, f"cannot be read ({type(error).__name__}: {error})")
        yield cells
