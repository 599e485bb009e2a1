"""Reading the CSV files `concord stats` takes: rows numbered as a spreadsheet numbers them (the
header is row 1), and every refusal naming the row and the column."""

import csv

import numpy as np

__all__ = ["BadInput", "bands_by_area", "count_in", "number_in", "population_in", "read_csv"]


class BadInput(Exception):
    """Input the command cannot use; its message names the row."""


def read_csv(path: str, required) -> list[tuple[int, dict]]:
    """Rows numbered as a spreadsheet would (the header is row 1)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise BadInput(f"row 1: missing column(s) {', '.join(missing)}")
            return list(enumerate(reader, start=2))
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror}") from error


def number_in(row: dict, column: str, number: int) -> float:
    text = (row.get(column) or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise BadInput(f"row {number}: {column} {text!r} is not a number") from None
    if not np.isfinite(value):
        raise BadInput(f"row {number}: {column} {text!r} is not a finite number")
    return value


def count_in(row: dict, column: str, number: int) -> float:
    """A count of 0 or more; an empty cell is 0, as PHEindicatormethods counts a missing count."""
    if not (row.get(column) or "").strip():
        return 0.0
    value = number_in(row, column, number)
    if value < 0:
        raise BadInput(f"row {number}: {column} {row[column].strip()!r} must not be negative")
    return value


def population_in(row: dict, column: str, number: int) -> float:
    """A population that must be there and above 0: an empty cell is refused, not taken as 0."""
    if not (row.get(column) or "").strip():
        raise BadInput(f"row {number}: {column} is empty; it must be greater than zero")
    value = number_in(row, column, number)
    if value <= 0:
        raise BadInput(f"row {number}: {column} {row[column].strip()!r} must be greater than zero")
    return value


def bands_by_area(rows, band_of) -> dict[str, dict]:
    """{area: {band: (row number, row)}}; `band_of(row, number)` gives a row's band. An age band
    given twice for one area is refused, naming both rows."""
    areas: dict[str, dict] = {}
    for number, row in rows:
        band = band_of(row, number)
        bands = areas.setdefault(row["area"], {})
        if band in bands:
            raise BadInput(
                f"row {number}: age band {row['age_band']!r} repeats row {bands[band][0]} "
                f"for area {row['area']!r}"
            )
        bands[band] = (number, row)
    return areas
