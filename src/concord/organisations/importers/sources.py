"""Readers shared by the importers: headerless ODS CSV files and CSV files with a header row.

Both yield (row number as a spreadsheet shows it, fields) and fail on the first row that does not
have the expected shape, naming the file, the row and what was expected.
"""

import csv
from collections.abc import Collection, Iterator

ENCODING = "latin-1"  # ODS and NHS Digital files are plain ASCII or Latin-1
UTF8_BOM = "\u00ef\u00bb\u00bf"  # a UTF-8 byte order mark read as Latin-1


def read_headerless(importer, columns: Collection[int]) -> Iterator[tuple[int, list[str]]]:
    """Rows of an ODS file (no header). `columns`: the column counts its layouts have."""
    expected = " or ".join(str(n) for n in sorted(columns))
    with open(importer.path, encoding=ENCODING, newline="") as handle:
        for number, fields in enumerate(csv.reader(handle), start=1):
            if len(fields) not in columns:
                importer.fail(number, None, f"expected {expected} columns, found {len(fields)}")
            yield number, fields


def read_with_header(importer, required: Collection) -> Iterator[tuple[int, dict]]:
    """Rows of a CSV file with a header row, as dicts; the header must name `required` columns.

    An item of `required` may be a tuple of alternative names, one of which must be present."""
    with open(importer.path, encoding=ENCODING, newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip().upper() for name in next(reader, [])]
        if header:
            header[0] = header[0].removeprefix(UTF8_BOM)
        missing = [
            " or ".join(names) if isinstance(names, tuple) else names
            for names in required
            if not set(names if isinstance(names, tuple) else [names]) & set(header)
        ]
        if missing:
            importer.fail(1, None, f"expected a header naming {', '.join(missing)}")
        for number, fields in enumerate(reader, start=2):
            if len(fields) != len(header):
                importer.fail(number, None, f"expected {len(header)} columns, found {len(fields)}")
            yield number, dict(zip(header, (value.strip() for value in fields), strict=True))


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
    for number, cells in enumerate(rows, start=2):
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        cells = list(cells) + [None] * (len(header) - len(cells))
        yield number, {key: cells[i] for key, i in index.items()}
