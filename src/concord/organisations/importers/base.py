"""What every importer shares: one transaction, precise errors, a batch record, a progress bar.

An importer reads a file into rows, checks each field, and writes through bulk operations. Any bad
row raises ImportFailed naming the file, the row (1-based, as a spreadsheet shows it), the column
and what was expected; the transaction then rolls back and nothing is written. The checks every
importer shares are here: dates, counts, text (never blank when required, never longer than its
column holds, never beginning like a spreadsheet formula), a row repeating an earlier one, and a
file with no rows at all, which is refused rather than recorded as an import of nothing.
"""

import datetime as dt
import hashlib
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from ..models import ImportBatch
from .csvtext import formula, formula_refusal

__all__ = ["ImportFailed", "Importer"]

PROGRESS_THRESHOLD = 2000  # rows; smaller files finish before a bar would be useful


class ImportFailed(Exception):
    """A file that cannot be imported. Its message names file, row, column and what was wrong."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str):
        self.file, self.row, self.column, self.message = file, row, column, message
        where = [file]
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _parse_date(value, fmt: str = "%Y%m%d") -> dt.date | None:
    """Parse an ODS date (YYYYMMDD) or an Excel date cell; blank means None. Raises ValueError."""
    if value is None or value == "":
        return None
    if fmt == "%Y%m%d" and isinstance(value, str) and len(value) == 8 and value.isdigit():
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))  # fast path, same result
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        value = str(int(value))  # OverflowError for infinity, ValueError for NaN
    return dt.datetime.strptime(str(value).strip(), fmt).date()


class Importer(ABC):
    """Subclasses set `kind` and implement `read()` (yield (row_number, fields)) and `load()`."""

    kind = ""
    description = ""

    def __init__(
        self,
        path,
        *,
        by=None,
        progress: bool | None = None,
        force: bool = False,
        as_at: dt.date | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ):
        self.path = Path(path)
        self.location = self.path.name  # how errors name the file (an importer may add a sheet)
        self.by = by
        self.force = force
        self.as_at = as_at  # the date a file without dates speaks for (e.g. a geography map)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.on_progress = on_progress  # told (rows done, rows in all) as the rows are loaded
        self.batch: ImportBatch | None = None
        self.already_imported: ImportBatch | None = None

    # -- helpers for subclasses -------------------------------------------------------------
    def fail(self, row: int | None, column: str | None, message: str):
        raise ImportFailed(self.location, row, column, message)

    def date(
        self, row: int, column: str, value, required: bool = False, fmt: str = "%Y%m%d"
    ) -> dt.date | None:
        shown = fmt.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD")
        shown = shown.replace("%b", "MON")
        try:
            parsed = _parse_date(value, fmt)
        except (TypeError, ValueError, OverflowError):
            self.fail(row, column, f"expected a date as {shown}, found {value!r}")
        if parsed is None and required:
            self.fail(row, column, f"expected a date as {shown}, found nothing")
        return parsed

    def required(self, row: int, column: str, value, max_length: int | None = None) -> str:
        return self.text(row, column, value, required=True, max_length=max_length)

    def text(
        self, row: int, column: str, value, *, required=False, max_length: int | None = None
    ) -> str:
        """A text field, stripped: refused blank (if required), over max_length, or beginning
        with what a spreadsheet would run as a formula (=, +, @, a tab or a carriage return)."""
        if formula(value):
            self.fail(row, column, formula_refusal(value))
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.fail(row, column, "expected a value, found nothing")
        if max_length is not None and len(text) > max_length:
            self.fail(row, column, f"expected at most {max_length} characters, found {len(text):,}")
        return text

    def once(self, seen: dict, key, row: int, column: str | None, what: str) -> None:
        """Refuse a row whose key (`what` says what it is) an earlier row of the file gave."""
        if key in seen:
            self.fail(row, column, f"repeats row {seen[key]} (the same {what})")
        seen[key] = row

    def integer(self, row: int, column: str, value) -> int:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            self.fail(row, column, f"expected a whole number, found {value!r}")
        if number < 0:
            self.fail(row, column, f"expected a count of 0 or more, found {number}")
        return number

    def with_progress(self, rows: list, unit: str = "rows") -> Iterable:
        if self.on_progress:
            return reported(rows, self.on_progress)
        if not self.progress or len(rows) < PROGRESS_THRESHOLD:
            return rows
        from tqdm import tqdm

        return tqdm(rows, desc=f"{self.kind} {self.path.name}", unit=f" {unit}", file=sys.stderr)

    # -- the run -----------------------------------------------------------------------------
    @abstractmethod
    def read(self) -> Iterator[tuple[int, list]]:
        """Yield (row number as a spreadsheet shows it, fields) for every row of the file."""

    @abstractmethod
    def load(self, rows: list[tuple[int, list]]) -> None:
        """Check and write the rows inside the run's transaction, counting into self.batch."""

    def no_rows(self) -> str:
        """What is said of a file that holds no rows to import (a header alone, say)."""
        return "the file holds no rows to import"

    def done_before(self, checksum: str) -> ImportBatch | None:
        done = ImportBatch.objects.filter(kind=self.kind, checksum=checksum)
        return done.filter(status=ImportBatch.Status.DONE).first()

    def run(self) -> ImportBatch:
        if not self.path.exists():
            raise ImportFailed(str(self.path), None, None, "file not found")
        if self.path.is_dir():
            raise ImportFailed(str(self.path), None, None, "is a folder, not a file")
        if self.path.stat().st_size == 0:
            raise ImportFailed(self.path.name, None, None, "the file is empty")
        try:
            checksum = file_checksum(self.path)
            if (previous := self.done_before(checksum)) and not self.force:
                self.already_imported = previous
                return previous
            rows = list(self.read())
        except OSError as error:  # unreadable (permissions, a disk fault): the file's fault
            message = f"cannot be read ({error.strerror or error})"
            raise ImportFailed(self.path.name, None, None, message) from None
        if not rows:
            self.fail(None, None, self.no_rows())
        with transaction.atomic():
            _queue_behind_other_imports()
            if (previous := self.done_before(checksum)) and not self.force:  # while we queued
                self.already_imported = previous
                return previous
            self.batch = ImportBatch.objects.create(
                kind=self.kind,
                file_name=self.path.name,
                checksum=checksum,
                rows_read=len(rows),
                imported_by=self.by,
                as_at=self.as_at,
            )
            self.load(rows)
            self.batch.status = ImportBatch.Status.DONE
            self.batch.finished_at = timezone.now()
            self.batch.save()
        return self.batch


def reported(rows: list, on_progress: Callable[[int, int], None]) -> Iterator:
    """The rows, telling on_progress how far through them the load is, every 1% and at the end."""
    total, step = len(rows), max(1, len(rows) // 100)
    for done, row in enumerate(rows, start=1):
        yield row
        if done % step == 0 or done == total:
            on_progress(done, total)


IMPORT_LOCK = 7_236_001  # the PostgreSQL advisory lock every import takes: one writes at a time


def _queue_behind_other_imports() -> None:
    """Wait, inside the import's transaction, until no other import is writing.

    On PostgreSQL an advisory lock held to the end of the transaction; on SQLite the transaction
    began IMMEDIATE, holding the write lock already (or waiting the busy timeout for it)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])
