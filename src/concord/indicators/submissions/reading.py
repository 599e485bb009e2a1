"""Reading what an organisation sends, in the measurements layout, and checking all of it.

An upload (CSV or Excel workbook) or rows entered in a form or sent as JSON are checked in full
with the measurement importer's own checks (importers/layout.py), collecting every problem
rather than stopping at the first, and refusing rows for another organisation or period than
the submission's. Nothing is written here. A CSV file is read as the importers read one
(`importers/csvtext.py`: UTF-8, a bad byte or an over-long field named by row and column).
"""

import hashlib
import io
import json
from dataclasses import dataclass, field

from concord.organisations.importers.csvtext import Unreadable, records

from ..importers.layout import MeasurementRows, Row, RowError, header_errors
from .models import Source

__all__ = ["Checked", "check_file", "check_rows", "digest", "json_digest", "source_of"]


@dataclass
class Checked:
    """What a submission's checks found: its good rows and every problem."""

    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def source_of(file_name: str) -> str:
    return Source.XLSX if file_name.lower().endswith(".xlsx") else Source.CSV


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def json_digest(rows: list[dict]) -> str:
    return digest(json.dumps(rows, sort_keys=True, default=str).encode())


def table_of(content: bytes, source: str) -> list[list[str]]:
    """The file's cells as text, header first. Raises RowError for a file that cannot be read."""
    if source == Source.XLSX:
        return _workbook_table(content)
    table: list[list[str]] = []
    try:
        for _, fields in records(io.BytesIO(content)):
            table.append(fields)
    except Unreadable as error:
        raise RowError(error.row, _column_named(error.column, table), error.message) from None
    return table


def _column_named(index: int | None, table: list[list[str]]) -> str | None:
    """The header's name for a 0-based column (its number where the header has none)."""
    if index is None:
        return None
    header = table[0] if table else []
    return header[index].strip() if index < len(header) else str(index + 1)


def _workbook_table(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not xlsx
        raise RowError(None, None, f"expected an Excel workbook (.xlsx): {error}") from None
    table: list[list[str]] = []
    try:
        for row in workbook.active.iter_rows(values_only=True):
            table.append([_cell_text(c) for c in row])
    except Exception as error:  # openpyxl's own, for a cell it cannot read ("NaN" as a number)
        message = f"cannot be read ({type(error).__name__}: {error})"
        raise RowError(len(table) + 1, None, message) from None
    finally:
        workbook.close()
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


def rows_of(table: list[list[str]], errors: list[RowError]) -> list[tuple[int, dict]]:
    """(row number, {column: text}) for every row that is not blank; row 1 is the header."""
    header = [name.strip() for name in (table[0] if table else [])]
    errors += header_errors(header)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                RowError(number, None, f"expected {len(header)} columns, found {len(cells)}")
            )
            continue
        rows.append((number, dict(zip(header, (str(c).strip() for c in cells), strict=True))))
    return rows


def check_file(content: bytes, source: str, organisation, period) -> Checked:
    """Every row of an uploaded file checked, and every problem found."""
    checked = Checked()
    try:
        table = table_of(content, source)
    except RowError as error:
        checked.errors.append(error)
        return checked
    rows = rows_of(table, checked.errors)
    if checked.errors and any(e.row == 1 for e in checked.errors):
        return checked  # without the columns, no row can be read
    return check_rows(rows, organisation, period, checked)


def check_rows(rows, organisation, period, checked: Checked | None = None) -> Checked:
    """Each (row number, fields) checked as the importer does, and for the submission's own
    organisation and period."""
    checked, checks = checked or Checked(), MeasurementRows()
    for number, fields in rows:
        row, errors = checks.check(number, fields)
        wrong = {e.column for e in errors}  # one problem a cell: an unknown code says enough
        errors += [
            e for e in belonging(number, fields, organisation, period) if e.column not in wrong
        ]
        if errors:
            checked.errors += errors
        else:
            checked.rows.append(row)
    return checked


def belonging(number: int, fields: dict, organisation, period) -> list[RowError]:
    """A row for another organisation or another period than the submission's is refused."""
    errors = []
    code = fields.get("organisation", "")
    if code and code != organisation.code:
        errors.append(
            RowError(
                number,
                "organisation",
                f"expected {organisation.code} ({organisation.name}), the submission's "
                f"organisation, found {code!r}",
            )
        )
    label = fields.get("period", "")
    if label and label != period.label:
        errors.append(
            RowError(
                number,
                "period",
                f"expected {period.label}, the submission's period, found {label!r}",
            )
        )
    return errors
