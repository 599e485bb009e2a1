"""Ingestion: a CSV or Parquet file checked, pseudonymised and landed whole, or not at all.

1. The file's checksum: a file already ingested changes nothing.
2. Its columns must be exactly the table's (INPUT_COLUMNS); otherwise it is refused.
3. Each row is checked (checks.py); failing rows go to a quarantine report (row, field, reason)
   that carries no identifier. Too many failures and the whole file is refused.
4. The NHS number is replaced by its keyed pseudonym in a staging database; it never reaches the
   store, a log line or a report.
5. One transaction lands the rows with their batch record: people replace their earlier
   record, a person's registrations replace theirs, events already held are not added again.

Files of any size: the file is streamed into the staging database in blocks of rows (never
held whole in Python), staging spills to a temporary folder beside the store when it outgrows
its memory limit, and the pseudonymised rows reach the store through a Parquet file in that
folder, read by the store's own transaction.
"""

import csv
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .checks import CHECKS, TYPED, prepared
from .pseudonyms import pseudonymise
from .schema import INPUT_COLUMNS, SOURCES

MAX_QUARANTINED = 0.05  # refuse a file when more than this share of its rows fail
BLOCK_ROWS = 1 << 20  # rows read from a file at a time
STAGING_MEMORY = os.environ.get("CONCORD_ANALYTICS_STAGING_MEMORY", "4GB")
STORE_COLUMNS = {
    "people": "pseudonym, sex, birth_year, birth_month, lsoa, deprivation_decile, date_of_death",
    "registrations": 'pseudonym, practice, start, "end"',
    "events": "pseudonym, date, source, type, code, code_system",
}


class IngestRefused(Exception):
    """The file was not loaded at all; the message says why, naming columns or counts."""


@dataclass
class Outcome:
    file_name: str
    table: str
    source: str
    status: str  # loaded | unchanged
    rows_read: int = 0
    rows_loaded: int = 0
    quarantined: list[tuple[int, str, str]] = field(default_factory=list)
    batch_id: int | None = None
    rows_failed: int = 0  # rows with at least one failing check


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def column_names(path: Path) -> list[str]:
    """The file's columns, read from its header (CSV) or its schema (Parquet)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            return pq.ParquetFile(path).schema_arrow.names
        except (pa.ArrowInvalid, OSError) as error:
            raise IngestRefused(f"{path.name}: not a readable Parquet file ({error})") from error
    if suffix == ".csv":
        with open(path, "rb") as handle:
            line = handle.readline()
        try:
            header = next(csv.reader([line.decode("utf-8-sig")]), None)
        except UnicodeDecodeError:
            raise IngestRefused(f"{path.name}: the header is not UTF-8 text") from None
        if not header:
            raise IngestRefused(f"{path.name}: the file is empty (no header row)")
        return header
    raise IngestRefused(f"{path.name}: expected a .csv or .parquet file")


def plain(schema: pa.Schema) -> pa.Schema:
    """The schema with dictionary-encoded columns as their plain value type."""
    return pa.schema(
        pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
        for f in schema
    )


def blocks(path: Path, names: list[str]) -> Iterator[pa.RecordBatch]:
    """The file's rows a block at a time: CSV columns as text, Parquet as stored. Raises
    IngestRefused, naming the line but never quoting it (it may hold an NHS number)."""
    if path.suffix.lower() == ".parquet":
        try:
            yield from pq.ParquetFile(path).iter_batches(batch_size=BLOCK_ROWS)
        except (pa.ArrowInvalid, OSError) as error:
            raise IngestRefused(f"{path.name}: not a readable Parquet file") from error
        return
    bad: list = []

    def invalid_row(row) -> str:
        bad.append(row)
        return "error"

    try:
        yield from pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=32 << 20, use_threads=False),
            parse_options=pacsv.ParseOptions(invalid_row_handler=invalid_row),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names}, strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as error:
        raise IngestRefused(f"{path.name}: {unreadable(bad, error)}; nothing loaded") from None


def unreadable(bad: list, error: Exception) -> str:
    """Why a CSV file could not be read, without quoting any of it."""
    if bad:
        row = bad[0]
        where = f"line {row.number}" if row.number is not None else "a row"
        return f"{where} has {row.actual_columns} fields, expected {row.expected_columns}"
    if "utf8" in str(error).lower().replace("-", ""):
        return "not UTF-8 text"
    return "not readable as CSV"


def numbered(path: Path, names: list[str], failure: list) -> pa.RecordBatchReader:
    """The file as a stream of record batches with `row` numbered from 1 (the first data row).
    A failure while the stream is read is kept in `failure` (the reader's consumer sees only
    that the stream stopped)."""
    first = next(blocks(path, names), None)
    if first is None:
        raise IngestRefused(f"{path.name}: the file holds no rows")
    schema = plain(first.schema).append(pa.field("row", pa.int64()))

    def stream():
        start = 1
        try:
            for batch in blocks(path, names):
                rows = np.arange(start, start + batch.num_rows, dtype=np.int64)
                start += batch.num_rows
                columns = [c.cast(t.type) for c, t in zip(batch.columns, schema, strict=False)]
                yield pa.RecordBatch.from_arrays([*columns, pa.array(rows)], schema=schema)
        except IngestRefused as error:
            failure.append(error)
            raise

    return pa.RecordBatchReader.from_batches(schema, stream())


def check_columns(found: list[str], name: str, file_name: str) -> None:
    wanted = INPUT_COLUMNS[name]
    missing = [c for c in wanted if c not in found]
    unexpected = [c for c in found if c not in wanted]
    if missing or unexpected:
        problems = [f"missing {', '.join(missing)}" if missing else ""]
        problems.append(f"unexpected {', '.join(unexpected)}" if unexpected else "")
        raise IngestRefused(
            f"{file_name}: columns do not match the {name} table ("
            + "; ".join(p for p in problems if p)
            + f"); expected {', '.join(wanted)}"
        )


def stage(path: Path, names: list[str], folder: Path, progress: bool = False):
    """A staging database holding the file as `raw`, rows numbered from 1; it spills to
    `folder` beyond its memory limit. `progress`: the database draws progress bars."""
    staging = duckdb.connect()
    staging.execute(f"SET enable_progress_bar = {str(progress).lower()}")
    staging.execute(f"SET temp_directory = '{quoted(folder / 'spill')}'")
    staging.execute(f"SET memory_limit = '{STAGING_MEMORY}'")
    staging.execute("SET preserve_insertion_order = false")
    failure: list[IngestRefused] = []
    try:
        staging.register("reader", numbered(path, names, failure))
        staging.execute("CREATE TABLE raw AS SELECT * FROM reader")
        staging.unregister("reader")
    except IngestRefused:
        staging.close()
        raise
    except duckdb.Error:
        staging.close()
        if failure:  # the file failed while the database was reading it
            raise failure[0] from None
        raise
    return staging


def quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def quarantine(
    staging, name: str, rows_read: int, report: Path | None = None
) -> tuple[list[tuple[int, str, str]], int]:
    """(row, field, reason) for every failing check, and the number of failing rows; also
    marks those rows in `failed`. When too many rows fail, only the first few are listed here,
    but the report (written by the database, whatever its length) has them all."""
    flags = ", ".join(
        f"coalesce({condition}, false) AS f{i}" for i, (_, condition, _) in enumerate(CHECKS[name])
    )
    any_flag = " OR ".join(f"f{i}" for i in range(len(CHECKS[name])))
    staging.execute(
        f"CREATE TABLE flagged AS SELECT * FROM (SELECT row, {flags} FROM ({prepared(name)})) "
        f"WHERE {any_flag}"
    )
    found = " UNION ALL ".join(
        f"SELECT row, '{field_name}' AS field, '{reason}' AS reason FROM flagged WHERE f{i}"
        for i, (field_name, _, reason) in enumerate(CHECKS[name])
    )
    staging.execute("CREATE TABLE failed AS SELECT row FROM flagged")
    failed = staging.execute("SELECT count(*) FROM failed").fetchall()[0][0]
    if failed and report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        staging.execute(
            f"COPY (SELECT * FROM ({found}) ORDER BY row, field) TO '{quoted(report)}' "
            "(FORMAT csv, HEADER)"
        )
    limit = "" if failed <= MAX_QUARANTINED * rows_read else " LIMIT 5"
    rows = staging.execute(f"SELECT * FROM ({found}) ORDER BY row, field{limit}").fetchall()
    return rows, failed


def landing(staging, name: str, source: str, key: bytes, folder: Path) -> Path:
    """The clean rows with pseudonyms in place of NHS numbers, as the store's columns, written
    to a Parquet file in `folder` (the staging folder, removed afterwards)."""
    staging.execute(
        f"CREATE VIEW clean AS SELECT {TYPED[name]} FROM ({prepared(name)}) "
        "ANTI JOIN failed USING (row)"
    )
    numbers = staging.execute("SELECT DISTINCT nhs_number FROM clean").fetchnumpy()["nhs_number"]
    mapping = pa.table({"nhs_number": numbers, "pseudonym": pseudonymise(key, np.asarray(numbers))})
    staging.register("mapping", mapping)
    columns = STORE_COLUMNS[name].replace("source", f"'{source}' AS source")
    path = folder / "landing.parquet"
    staging.execute(
        f"COPY (SELECT {columns} FROM clean JOIN mapping USING (nhs_number)) "
        f"TO '{quoted(path)}' (FORMAT parquet)"
    )
    return path


MERGE = {
    "people": [
        "DELETE FROM people WHERE pseudonym IN (SELECT pseudonym FROM landing)",
        "INSERT INTO people SELECT *, $batch FROM landing",
    ],
    "registrations": [
        "DELETE FROM registrations WHERE pseudonym IN (SELECT pseudonym FROM landing)",
        "INSERT INTO registrations SELECT *, $batch FROM landing",
    ],
    "events": [
        """INSERT INTO events SELECT l.*, $batch FROM landing l ANTI JOIN
        (SELECT * FROM events WHERE source = $source) e
        USING (pseudonym, date, source, type, code, code_system)""",
    ],
}


def land(con, outcome: Outcome, rows: Path, digest: str, synthetic: bool) -> int:
    """One transaction: the batch record and the rows of the Parquet file `rows`, or nothing."""
    landed = pq.ParquetFile(rows).metadata.num_rows
    con.begin()
    try:
        batch = con.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchall()[0][0]
        con.execute(f"CREATE TEMP VIEW landing AS SELECT * FROM read_parquet('{quoted(rows)}')")
        before = con.execute(f"SELECT count(*) FROM {outcome.table}").fetchall()[0][0]
        for sql in MERGE[outcome.table]:
            params = {"batch": batch, "source": outcome.source}
            con.execute(sql, {name: value for name, value in params.items() if f"${name}" in sql})
        after = con.execute(f"SELECT count(*) FROM {outcome.table}").fetchall()[0][0]
        con.execute(
            "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch, digest, outcome.table, outcome.source, outcome.file_name, synthetic,
             outcome.rows_read, landed, len(outcome.quarantined), dt.datetime.now()],
        )  # fmt: skip
        con.execute("DROP VIEW landing")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    outcome.batch_id = batch
    outcome.rows_loaded = after - before if outcome.table == "events" else landed
    return batch


def ingest(
    con, path, *, table: str, source: str, key: bytes, synthetic=False, report_dir=None,
    progress=False,
):  # fmt: skip
    """Ingest one file into the store; returns its Outcome or raises IngestRefused.
    `progress`: draw progress bars of the long steps (for a terminal)."""
    path = Path(path)
    if source not in SOURCES:
        raise IngestRefused(f"source {source!r}: expected one of {', '.join(SOURCES)}")
    if table not in INPUT_COLUMNS:
        raise IngestRefused(f"table {table!r}: expected one of {', '.join(INPUT_COLUMNS)}")
    outcome, digest = Outcome(path.name, table, source, "unchanged"), checksum(path)
    if con.execute("SELECT 1 FROM batches WHERE checksum = ?", [digest]).fetchall():
        return outcome
    check_columns(column_names(path), table, path.name)
    with tempfile.TemporaryDirectory(prefix="concord-ingest-", dir=staging_parent(con)) as tmp:
        staging = stage(path, INPUT_COLUMNS[table], Path(tmp), progress)
        try:
            outcome.rows_read = staging.execute("SELECT count(*) FROM raw").fetchall()[0][0]
            report = Path(report_dir) / f"quarantine-{digest[:12]}.csv" if report_dir else None
            outcome.quarantined, outcome.rows_failed = quarantine(
                staging, table, outcome.rows_read, report
            )
            refuse_if_too_many(outcome)
            rows = landing(staging, table, source, key, Path(tmp))
        finally:
            staging.close()
        con.execute(f"SET enable_progress_bar = {str(progress).lower()}")
        land(con, outcome, rows, digest, synthetic)
    outcome.status = "loaded"
    return outcome


def staging_parent(con) -> str | None:
    """The folder of the store's file, so that staging spills onto the store's disk."""
    found = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return str(Path(found[0][0]).parent) if found and found[0][0] else None


def failed_rows(outcome: Outcome) -> int:
    return outcome.rows_failed or len({row for row, _, _ in outcome.quarantined})


def refuse_if_too_many(outcome: Outcome) -> None:
    failed = failed_rows(outcome)
    if outcome.rows_read and failed / outcome.rows_read > MAX_QUARANTINED:
        raise IngestRefused(
            f"{outcome.file_name}: {failed} of {outcome.rows_read} rows failed their checks "
            f"(more than {MAX_QUARANTINED:.0%}); nothing loaded. First: "
            + "; ".join(f"row {r} {f}: {why}" for r, f, why in outcome.quarantined[:5])
        )


def write_report(outcome: Outcome, path: Path) -> Path:
    """The quarantine report: row, field, reason. No identifier, no value from the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "reason"])
        writer.writerows(outcome.quarantined)
    return path
