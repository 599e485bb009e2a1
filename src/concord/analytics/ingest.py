"""Ingestion: a CSV or Parquet file checked, pseudonymised and landed whole, or not at all.

1. The file's checksum: a file already ingested changes nothing.
2. Its columns must be exactly the table's (INPUT_COLUMNS); otherwise it is refused.
3. Each row is checked (checks.py); failing rows go to a quarantine report (row, field, reason)
   that carries no identifier. Too many failures and the whole file is refused. A cell that is
   not UTF-8 text is one such failure: CSV cells are read as bytes and checked here, so that
   the row can be named.
4. Each distinct NHS number gets its keyed pseudonym in a staging database; the number never
   reaches the store's file, a log line or a report.
5. The rows that pass are consolidated: rows identical in every column as one (a duplicate),
   a person's registrations at one practice that overlap or touch merged, those at two
   practices that share a day quarantined (docs/ANALYTICS.md, Ingestion).
6. One transaction lands the rows with their batch record: people replace their earlier
   record, a person's registrations replace theirs, events already held are not added again.
   The store's connection reads the rows from memory (Landing): people and registrations as
   Arrow tables already pseudonymised, an events file through the mapping from its NHS
   numbers to their pseudonyms, registered on that connection for the transaction only.

A Parquet file is read by the staging database itself (stage_directly). An events file is
never copied: its checks are each of one value, so each column's distinct values are checked
once and only the rows holding a failing value are checked in full; duplicates are found by
sorting row hashes, and the store's transaction reads the file again, skipping the failed and
duplicate rows by number. A people or registrations file, whose rules compare rows, is read
into staging once.

Files of any size: a CSV file is streamed into the staging database in blocks of rows (never
held whole in Python), and its clean rows streamed from staging into the store; staging spills
to a temporary folder beside the store when it outgrows its memory limit. The folder is locked
while its run lives (staging.py), so a later run removes it if this one is killed.

No message says more of the file than its name, line numbers, column names and counts: a
database or Arrow error met on the way is told by its kind only, as its text may quote a value.
"""

import csv
import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .checks import CHECKS, NOT_UTF8, ONE_VALUE, TYPED, failing_values, prepared
from .pseudonyms import PseudonymCollision, pseudonymise
from .schema import INPUT_COLUMNS, SOURCES
from .staging import staging_folder

__all__ = [
    "IngestOutcome",
    "IngestRefused",
    "failed_rows",
    "ingest",
    "land",
    "staging_parent",
    "write_report",
]

log = logging.getLogger("concord.analytics")
MAX_QUARANTINED = 0.05  # refuse a file when more than this share of its rows fail
BLOCK_ROWS = 1 << 20  # rows read from a file at a time
HEADER_BYTES = 1 << 20  # the most of a CSV file's first line read for its column names
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_ ]{0,39}")  # a column name that may be quoted
STAGING_MEMORY = "4GB"  # staging's memory limit unless told (CONCORD_ANALYTICS_STAGING_MEMORY)
STORE_COLUMNS = {
    "people": "pseudonym, sex, birth_year, birth_month, lsoa, deprivation_decile, date_of_death",
    "registrations": 'pseudonym, practice, start, "end"',
    "events": "pseudonym, date, source, type, code, code_system",
}


class IngestRefused(Exception):
    """The file was not loaded at all; the message says why, naming columns or counts."""


@dataclass
class IngestOutcome:
    file_name: str
    table: str
    source: str
    status: str  # loaded | unchanged
    rows_read: int = 0
    rows_loaded: int = 0
    quarantined: list[tuple[int, str, str]] = field(default_factory=list)
    batch_id: int | None = None
    rows_failed: int = 0  # rows with at least one failing check
    rows_duplicate: int = 0  # rows identical to an earlier row of the file: dropped
    rows_merged: int = 0  # registrations merged into another at the same practice

    @property
    def rows_held(self) -> int:
        """Events of the file already in the store (from an earlier file), not added again."""
        left = self.rows_read - self.rows_loaded - self.rows_duplicate - self.rows_merged
        return left - failed_rows(self) if self.status == "loaded" else 0


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
        except (pa.ArrowException, OSError):  # its text may quote the file: not shown
            raise IngestRefused(
                f"{path.name}: not a readable Parquet file (its footer and schema cannot be read)"
            ) from None
    if suffix == ".csv":
        with open(path, "rb") as handle:
            line = handle.readline(HEADER_BYTES)
        if not line:
            raise IngestRefused(f"{path.name}: the file is empty (no header row)")
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise IngestRefused(f"{path.name}: line 1 (the header) is not UTF-8 text") from None
        if not text.strip():
            raise IngestRefused(f"{path.name}: line 1 is blank (expected the column names)")
        try:  # read as the rows will be read, fields of any length
            header = pacsv.read_csv(
                io.BytesIO(text.rstrip("\r\n").encode() + b"\n"),
                read_options=pacsv.ReadOptions(use_threads=False),
            )
        except pa.ArrowException:
            raise IngestRefused(
                f"{path.name}: line 1 (the header) is not readable as CSV"
            ) from None
        return header.column_names
    raise IngestRefused(f"{path.name}: expected a .csv or .parquet file")


def staged_type(kind: pa.DataType) -> pa.DataType:
    """The type a column is staged as: dictionaries as their values, bytes as text."""
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    if pa.types.is_binary(kind):
        return pa.string()
    if pa.types.is_large_binary(kind):
        return pa.large_string()
    return kind


def as_text(values: pa.Array, kind: pa.DataType) -> tuple[pa.Array, np.ndarray | None]:
    """A column as staged (`kind`), and, for text, where its cells are not UTF-8 (made empty):
    None when every cell is. Values are never shown."""
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return values.cast(kind), None
    raw_kind = pa.large_binary() if pa.types.is_large_string(kind) else pa.binary()
    raw = values.view(raw_kind) if values.type == kind else values.cast(raw_kind)
    try:
        return raw.cast(kind), None  # checks that every cell is UTF-8
    except pa.ArrowInvalid:
        pass
    bad = np.fromiter((v is not None and not utf8(v) for v in raw.to_pylist()), bool, len(raw))
    return pc.if_else(pa.array(bad), pa.scalar(None, raw_kind), raw).cast(kind), bad


def utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def blocks(path: Path, names: list[str]) -> Iterator[pa.RecordBatch]:
    """The file's rows a block at a time: CSV columns as bytes, Parquet as stored. Raises
    IngestRefused, naming the line but never quoting it (it may hold an NHS number)."""
    if path.suffix.lower() == ".parquet":
        try:
            yield from pq.ParquetFile(path).iter_batches(batch_size=BLOCK_ROWS)
        except (pa.ArrowException, OSError):  # its text may quote the file: not shown
            raise IngestRefused(f"{path.name}: not a readable Parquet file") from None
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
                column_types={name: pa.binary() for name in names}, strings_can_be_null=False
            ),
        )
    except pa.ArrowException as error:
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
    """The file as a stream of record batches with `row` numbered from 1 (the first data row)
    and `unreadable`: the columns of the row whose cells are not UTF-8 text, as ",a,b,", else
    NULL (those cells are made empty, and the rows quarantined). A failure while the stream is
    read is kept in `failure` (the reader's consumer sees only that the stream stopped)."""
    first = next(blocks(path, names), None)
    if first is None:
        raise IngestRefused(f"{path.name}: the file holds no rows")
    schema = pa.schema(pa.field(f.name, staged_type(f.type)) for f in first.schema)
    schema = schema.append(pa.field("row", pa.int64())).append(pa.field("unreadable", pa.string()))

    def stream():
        start = 1
        try:
            for batch in blocks(path, names):
                rows = np.arange(start, start + batch.num_rows, dtype=np.int64)
                start += batch.num_rows
                columns, marks = [], None
                for values, staged in zip(batch.columns, schema, strict=False):
                    text, bad = as_text(values, staged.type)
                    columns.append(text)
                    if bad is not None:
                        marks = np.full(batch.num_rows, "", object) if marks is None else marks
                        marks[bad] += f",{staged.name}"
                marked = pa.nulls(batch.num_rows, pa.string())
                if marks is not None:
                    marked = pa.array([f"{m}," if m else None for m in marks], pa.string())
                yield pa.RecordBatch.from_arrays([*columns, pa.array(rows), marked], schema=schema)
        except IngestRefused as error:
            failure.append(error)
            raise

    return pa.RecordBatchReader.from_batches(schema, stream())


def check_columns(given: list[str], name: str, file_name: str) -> None:
    """The file's columns are the table's, each once. An unexpected column is named only when
    its name is a plain name, else by its position: a file without a header would otherwise
    have a person's row quoted as its column names."""
    wanted = INPUT_COLUMNS[name]
    missing = [c for c in wanted if c not in given]
    unexpected = [
        c if PLAIN_NAME.fullmatch(c) and not re.search(r"\d{3}", c) else f"column {i}"
        for i, c in enumerate(given, 1)
        if c not in wanted
    ]
    if missing or unexpected:
        problems = [f"missing {', '.join(missing)}" if missing else ""]
        problems.append(f"unexpected {', '.join(unexpected)}" if unexpected else "")
        raise IngestRefused(
            f"{file_name}: columns do not match the {name} table ("
            + "; ".join(p for p in problems if p)
            + f"); expected {', '.join(wanted)}"
        )
    twice = [c for c in wanted if given.count(c) > 1]
    if twice:
        raise IngestRefused(
            f"{file_name}: "
            + "; ".join(f"the column {c} appears {given.count(c)} times" for c in twice)
        )


def stage(
    path: Path, names: list[str], folder: Path, progress: bool = False, memory=STAGING_MEMORY
):
    """A staging database holding the file as `raw`, rows numbered from 1; it spills to
    `folder` beyond `memory` (DuckDB's memory limit, e.g. 4GB). `progress`: the database draws
    progress bars."""
    staging = staging_database(folder, progress, memory)
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


def staging_database(folder: Path, progress: bool, memory):
    staging = duckdb.connect()
    staging.execute(f"SET enable_progress_bar = {str(progress).lower()}")
    staging.execute(f"SET temp_directory = '{quoted(folder / 'spill')}'")
    staging.execute(f"SET memory_limit = '{memory}'")
    staging.execute("SET preserve_insertion_order = false")
    return staging


def read_directly(path: Path, name: str) -> bool:
    """Whether the database reads the file itself: a Parquet file whose columns are text, dates
    or whole numbers (bytes, say, take the way through Arrow, which tells each cell that is
    not UTF-8)."""
    if path.suffix.lower() != ".parquet":
        return False
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError):
        return False
    return parquet.metadata.num_rows > 0 and all(plain(f.type) for f in parquet.schema_arrow)


def plain(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return (pa.types.is_string(kind) or pa.types.is_large_string(kind)
            or pa.types.is_date32(kind) or pa.types.is_integer(kind))  # fmt: skip


def stage_directly(path: Path, name: str, folder: Path, progress=False, memory=STAGING_MEMORY):
    """A staging database holding the Parquet file as `raw`, rows numbered from 1, read by the
    database itself, in parallel; None when it cannot read it all as text (a cell that is not
    UTF-8: the caller stages it through Arrow instead, which names the cell). An events file
    (ONE_VALUE) is never copied: `raw` is a view of the file, beside each column's distinct
    values (`values_<column>`); a people or registrations file, whose rules compare rows, is
    read into `raw` once."""
    staging = staging_database(folder, progress, memory)
    try:
        if name not in ONE_VALUE:
            staging.execute(f"CREATE TABLE raw AS {file_rows(path)}")
            return staging
        staging.execute(f"CREATE VIEW raw AS {file_rows(path)}")
        for column in INPUT_COLUMNS[name]:
            staging.execute(
                f'CREATE TABLE "values_{column}" AS SELECT DISTINCT "{column}" AS value FROM raw'
            )
    except duckdb.Error:
        staging.close()
        return None
    return staging


def file_rows(path: Path) -> str:
    """SQL: the rows of a Parquet file read directly, numbered from 1 (`row`), every cell UTF-8
    (`unreadable` NULL: the database refuses a file holding one that is not)."""
    return (
        "SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS row, NULL::VARCHAR AS "
        f"unreadable FROM read_parquet('{quoted(path)}', file_row_number = true)"
    )


def quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def suspect_rows(staging, name: str) -> None:
    """`suspect`: the rows of a directly read file holding a value that fails its checks."""
    holding = []
    for column in INPUT_COLUMNS[name]:
        values = f'"values_{column}"'
        staging.execute(
            f'CREATE TABLE "failing_{column}" AS {failing_values(name, column, values)}'
        )
        if staging.execute(f'SELECT count(*) FROM "failing_{column}"').fetchall()[0][0]:
            holding.append(
                f'SELECT row FROM raw SEMI JOIN "failing_{column}" f '
                f'ON raw."{column}" IS NOT DISTINCT FROM f.value'
            )
    staging.execute(
        f"CREATE TABLE suspect AS {' UNION '.join(holding)}"
        if holding
        else "CREATE TABLE suspect (row BIGINT)"
    )


def quarantine(
    staging, name: str, rows_read: int, report: Path | None = None, direct: bool = False
) -> tuple[list[tuple[int, str, str]], int]:
    """(row, field, reason) for every failing check, and the number of failing rows; also
    marks those rows in `failed` and leaves the rows to land in `clean` (consolidated). When
    too many rows fail, only the first few are listed here, but the report (written by the
    database, whatever its length) has them all."""
    flags = ", ".join(
        f"coalesce({condition}, false) AS f{i}" for i, (_, condition, _) in enumerate(CHECKS[name])
    )
    any_flag = " OR ".join(f"f{i}" for i in range(len(CHECKS[name])))
    ready = f"({prepared(name)})"
    if direct:  # each column's failing values, then the rows holding one, checked in full
        suspect_rows(staging, name)
        ready = f"({prepared(name, '(SELECT * FROM raw SEMI JOIN suspect USING (row))')})"
    elif name not in ONE_VALUE:  # read again to consolidate: its windows computed once
        staging.execute(f"CREATE TABLE ready AS {prepared(name)}")
        ready = "ready"
    staging.execute(
        f"CREATE TABLE flagged AS SELECT * FROM (SELECT row, {flags} FROM {ready}) WHERE {any_flag}"
    )
    every = " UNION ALL ".join(
        f"SELECT row, '{field_name}' AS field, '{reason}' AS reason, {i} AS k FROM flagged "
        f"WHERE f{i}"
        for i, (field_name, _, reason) in enumerate(CHECKS[name])
    )
    staging.execute("CREATE TABLE failed AS SELECT row FROM flagged")
    consolidate(staging, name)
    # a cell that is not UTF-8 was staged empty: that is its only reason, not also "missing"
    reasons = (
        f"SELECT row, field, reason FROM ({every} UNION ALL SELECT row, field, reason, "
        f"{len(CHECKS[name])} AS k FROM late) QUALIFY reason = '{NOT_UTF8}' OR NOT "
        f"bool_or(reason = '{NOT_UTF8}') OVER (PARTITION BY row, field) ORDER BY row, field, k"
    )
    failed = staging.execute("SELECT count(*) FROM failed").fetchall()[0][0]
    if failed and report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        staging.execute(f"COPY ({reasons}) TO '{quoted(report)}' (FORMAT csv, HEADER)")
    limit = "" if failed <= MAX_QUARANTINED * rows_read else " LIMIT 5"
    rows = staging.execute(f"{reasons}{limit}").fetchall()
    return rows, failed


def consolidate(staging, name: str) -> None:
    """The rows that passed their checks, as they will land, in `clean`: rows identical in
    every column (as stored) as one, counted in `tally` (duplicates, merged); a person's
    registrations at one practice that overlap or touch as one; failures found on the way
    (registrations overlapping at two practices) in `late` and `failed`."""
    if name in ONE_VALUE:  # nothing more can fail; duplicates are found on landing
        staging.execute("CREATE TABLE late (row BIGINT, field VARCHAR, reason VARCHAR)")
        return
    rows = ", list(row) AS rows" if name == "registrations" else ""
    staging.execute(
        "CREATE TABLE kept AS SELECT * EXCLUDE (row), min(row) AS first_row, "
        f"count(*) AS copies{rows} FROM "
        f"(SELECT {TYPED[name]}, row FROM ready ANTI JOIN failed USING (row)) "
        "GROUP BY ALL"
    )
    if name != "registrations":
        staging.execute("CREATE TABLE late (row BIGINT, field VARCHAR, reason VARCHAR)")
        staging.execute("CREATE TABLE clean AS SELECT * EXCLUDE (first_row, copies) FROM kept")
        staging.execute(
            "CREATE TABLE tally AS SELECT coalesce(sum(copies - 1), 0) AS duplicates, "
            "0 AS merged FROM kept"
        )
        return
    for sql in REGISTRATIONS_MERGED:
        staging.execute(sql)
    staging.execute("INSERT INTO failed SELECT row FROM late")


OPEN = "DATE '9999-12-31'"  # the end of a registration without one
OVERLAPS_ELSEWHERE = "overlaps the person's registration at another practice"
REGISTRATIONS_MERGED = [
    # runs of a person's registrations at one practice, each starting no later than the day
    # after the latest end before it
    f"""CREATE TABLE islands AS SELECT *, sum(CASE WHEN start > reach + 1 THEN 1 ELSE 0 END)
        OVER (PARTITION BY nhs_number, practice ORDER BY start, first_row) AS island
    FROM (SELECT *, max(coalesce("end", {OPEN})) OVER (
        PARTITION BY nhs_number, practice ORDER BY start, first_row
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach FROM kept)""",
    """CREATE TABLE merged AS SELECT nhs_number, practice, min(start) AS start,
        CASE WHEN bool_or("end" IS NULL) THEN NULL ELSE max("end") END AS "end",
        min(first_row) AS first_row, flatten(list(rows)) AS rows, count(*) AS parts,
        sum(copies - 1) AS repeats
    FROM islands GROUP BY nhs_number, practice, island""",
    # sharing a day with a registration at another practice that starts earlier (or on the
    # same day, from an earlier row)
    f"""CREATE TABLE overlapping AS SELECT DISTINCT a.first_row FROM merged a JOIN merged b
    ON a.nhs_number = b.nhs_number AND a.practice <> b.practice
        AND b.start <= coalesce(a."end", {OPEN}) AND a.start <= coalesce(b."end", {OPEN})
        AND (b.start < a.start OR (b.start = a.start AND b.first_row < a.first_row))""",
    f"""CREATE TABLE late AS SELECT unnest(rows) AS row, 'start' AS field,
        '{OVERLAPS_ELSEWHERE.replace("'", "''")}' AS reason
    FROM merged SEMI JOIN overlapping USING (first_row)""",
    """CREATE TABLE clean AS SELECT * FROM merged ANTI JOIN overlapping USING (first_row)""",
    """CREATE TABLE tally AS SELECT coalesce(sum(repeats), 0) AS duplicates,
        coalesce(sum(parts - 1), 0) AS merged FROM clean""",
]


@dataclass
class Landing:
    """The rows to land, as the store's columns: `query`, SQL that the store's connection runs
    inside the landing transaction, reading the Arrow tables in `tables`, or the streams their
    functions open (registered on that connection for the transaction only: the mapping from
    NHS numbers to pseudonyms lives in memory and never reaches the store's file) and, for a
    file read directly, the file itself. `rows`: how many rows the query gives, when known."""

    query: str
    tables: dict = field(default_factory=dict)
    rows: int | None = None


def landing(staging, name: str, source: str, key: bytes, path: Path) -> Landing:
    """The clean rows with pseudonyms in place of NHS numbers, as the store's columns: what the
    store's transaction reads (Landing). `path`: the input file, read again by the store when
    staging read it directly."""
    if name in ONE_VALUE:
        return events_landing(staging, source, key, path)
    numbers = staging.execute("SELECT DISTINCT nhs_number FROM clean").fetchnumpy()["nhs_number"]
    mapping = pa.table({"nhs_number": numbers, "pseudonym": pseudonymise(key, np.asarray(numbers))})
    staging.register("mapping", mapping)
    rows = staging.sql(
        f"SELECT {STORE_COLUMNS[name]} FROM clean JOIN mapping USING (nhs_number)"
    ).to_arrow_table()
    staging.unregister("mapping")
    return Landing("SELECT * FROM landed", {"landed": rows}, rows.num_rows)


def events_landing(staging, source: str, key: bytes, path: Path) -> Landing:
    """Events: each distinct NHS number of the clean rows pseudonymised once, every row's
    values normalised as the database reads it, and rows identical in every column as one.
    Those are found by sorting a 64-bit hash of each row (a whole-row GROUP BY costs several
    times more): only rows whose hash is shared are compared in full, and all but the first of
    each set of identical rows are skipped on landing, with the failed ones. `tally` has the
    count. A file read directly is read again by the store's own transaction, never copied."""
    failed = staging.execute("SELECT count(*) FROM failed").fetchall()[0][0]
    clean = "raw ANTI JOIN failed USING (row)" if failed else "raw"
    direct = has_table(staging, "values_nhs_number")
    if direct:  # the values already found, each once
        distinct = ("values_nhs_number WHERE value NOT IN (SELECT value FROM failing_nhs_number "
                    "WHERE value IS NOT NULL) AND value IS NOT NULL")  # fmt: skip
    else:
        distinct = f"(SELECT DISTINCT nhs_number AS value FROM {clean})"
    staging.execute(
        "CREATE TABLE numbers AS SELECT value, CAST(trim(CAST(value AS VARCHAR)) AS BIGINT) "
        f"AS number FROM {distinct}"
    )
    numbers = staging.execute("SELECT number FROM numbers").fetchnumpy()["number"]
    staging.register(
        "pseudonyms",
        pa.table({"number": numbers, "pseudonym": pseudonymise(key, np.asarray(numbers))}),
    )
    staging.execute("CREATE TABLE mapping AS SELECT DISTINCT value, pseudonym FROM numbers "
                    "JOIN pseudonyms USING (number)")  # fmt: skip
    staging.unregister("pseudonyms")
    values = event_values(staging, direct)
    row_hash = f"hash({', '.join(values.values())})"
    rows_read = staging.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    shared = shared_hashes(staging, f"SELECT {row_hash} FROM {clean}", rows_read - failed)
    staging.execute("CREATE TABLE skipped AS SELECT row FROM failed")
    if len(shared):  # of the rows whose hash is shared, all but the first of identical ones
        staging.register("shared", pa.table({"h": shared}))
        named = ", ".join(f'{v} AS "{c}"' for c, v in values.items())
        sharing = f"(SELECT row, {row_hash} AS h, {named} FROM {clean}) SEMI JOIN shared USING (h)"
        if not all(v.startswith("raw.") for v in values.values()):  # values to work out: only
            staging.execute(  # for the rows sharing a hash, a second pass
                f"CREATE TABLE sharing AS SELECT row FROM (SELECT row, {row_hash} AS h "
                f"FROM {clean}) SEMI JOIN shared USING (h)"
            )
            sharing = f"(SELECT row, {named} FROM raw SEMI JOIN sharing USING (row))"
        alike = ", ".join(f'"{c}"' for c in values)
        staging.execute(
            f"INSERT INTO skipped SELECT row FROM {sharing} QUALIFY row_number() OVER "
            f"(PARTITION BY {alike} ORDER BY row) > 1"
        )
        staging.unregister("shared")
    skipped = staging.execute("SELECT count(*) FROM skipped").fetchall()[0][0]
    staging.execute(f"CREATE TABLE tally AS SELECT {skipped - failed} AS duplicates, 0 AS merged")
    stored = (f"m.pseudonym, {values['date']} AS date, '{source}' AS source, "
              f"{values['type']} AS type, {values['code']} AS code, "
              f"{values['code_system']} AS code_system")  # fmt: skip
    every = f"({file_rows(path)}) raw" if direct else "raw"
    rows = (
        f"SELECT {stored} FROM {every} {'ANTI JOIN skipped USING (row) ' if skipped else ''}"
        "JOIN mapping m ON raw.nhs_number = m.value"
    )
    if not direct:  # the staged rows, streamed from staging into the store
        stream = lambda: staging.sql(rows).to_arrow_reader(BLOCK_ROWS)  # noqa: E731
        return Landing("SELECT * FROM landed", {"landed": stream})
    tables = {"mapping": staging.sql("SELECT value, pseudonym FROM mapping").to_arrow_table()}
    if skipped:
        tables["skipped"] = staging.sql("SELECT row FROM skipped").to_arrow_table()
    return Landing(rows, tables)


def event_values(staging, direct: bool) -> dict[str, str]:
    """SQL: an event's values as stored, by column, from the staged row (`raw`), the NHS number
    as a number standing for its pseudonym: rows alike in these are alike as stored. A column
    of a file read directly whose distinct values are all as stored already (trimmed, a code in
    upper case, no NULL where the store wants '') is taken as it is, with no work a row."""
    kinds = dict(staging.execute("SELECT column_name, column_type FROM (DESCRIBE raw)").fetchall())
    as_text = lambda c: f'trim(CAST(raw."{c}" AS VARCHAR))'  # noqa: E731
    values = {
        "nhs_number": f"CAST({as_text('nhs_number')} AS BIGINT)",
        "date": 'raw."date"' if kinds["date"] == "DATE" else f"TRY_CAST({as_text('date')} AS DATE)",
        "type": as_text("type"),
        "code": f"coalesce(upper({as_text('code')}), '')",
        "code_system": f"coalesce({as_text('code_system')}, '')",
    }
    if not direct:
        return values
    for column in ("nhs_number", "type", "code", "code_system"):  # text read as text
        if kinds[column] != "VARCHAR":
            continue
        # the NHS number trimmed: ten digits alike as text exactly when alike as a number
        stored = as_text(column) if column == "nhs_number" else values[column]
        stored = stored.replace(f'raw."{column}"', "value")
        unchanged = staging.execute(
            f"SELECT coalesce(bool_and(value IS NOT DISTINCT FROM {stored}), true) "
            f'FROM "values_{column}"'
        ).fetchall()[0][0]
        if unchanged:
            values[column] = f'raw."{column}"'
    return values


def shared_hashes(staging, query: str, rows: int) -> np.ndarray:
    """The hashes (uint64) that `query` gives more than once, of its `rows` rows. They are read
    a block at a time into one array (8 bytes a row): those with the top bit clear from its
    start, the others from its end, so that the two parts, which share no hash, are sorted in
    place at the same time (numpy lets go of the GIL while it sorts)."""
    every, low, high = np.empty(rows, np.uint64), 0, rows
    for batch in staging.sql(query).to_arrow_reader(BLOCK_ROWS):
        block = batch.column(0).to_numpy(zero_copy_only=False)
        top = block >= np.uint64(1 << 63)
        below, above = block[~top], block[top]
        every[low : low + len(below)] = below
        every[high - len(above) : high] = above
        low, high = low + len(below), high - len(above)
    parts = (every[:low], every[high:])
    with ThreadPoolExecutor(2) as sorting:
        list(sorting.map(np.ndarray.sort, parts))
    return np.concatenate([np.unique(p[1:][p[1:] == p[:-1]]) for p in parts])


def has_table(staging, name: str) -> bool:
    return bool(staging.execute(
        "SELECT 1 FROM duckdb_tables() WHERE table_name = ?", [name]
    ).fetchall())  # fmt: skip


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
FIRST_OF_SOURCE = "INSERT INTO events SELECT *, $batch FROM landing"  # none held to leave out


BATCH_COLUMNS = (
    "id, checksum, table_name, source, file_name, synthetic, rows_read, rows_loaded, "
    "rows_quarantined, rows_duplicate, rows_merged, loaded_at"
)


def land(con, outcome: IngestOutcome, rows, digest: str, synthetic: bool) -> int:
    """One transaction: the batch record and the rows of `rows` (a Landing, or a Parquet file of
    the store's columns), or nothing."""
    if isinstance(rows, Path):
        rows = Landing(f"SELECT * FROM read_parquet('{quoted(rows)}')",
                       rows=pq.ParquetFile(rows).metadata.num_rows)  # fmt: skip
    for name, table in rows.tables.items():
        con.register(name, table() if callable(table) else table)
    ordered = con.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[0][0]
    con.execute("SET preserve_insertion_order = false")  # rows written by every thread at once
    con.begin()
    try:
        batch = con.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchall()[0][0]
        con.execute(f"CREATE TEMP VIEW landing AS {rows.query}")
        before = con.execute(f"SELECT count(*) FROM {outcome.table}").fetchall()[0][0]
        merge = MERGE[outcome.table]
        if outcome.table == "events" and not held_from(con, outcome.source):
            merge = [FIRST_OF_SOURCE]
        for sql in merge:
            params = {"batch": batch, "source": outcome.source}
            con.execute(sql, {name: value for name, value in params.items() if f"${name}" in sql})
        after = con.execute(f"SELECT count(*) FROM {outcome.table}").fetchall()[0][0]
        loaded = after - before if outcome.table == "events" else rows.rows
        con.execute(
            f"INSERT INTO batches ({BATCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch, digest, outcome.table, outcome.source, outcome.file_name, synthetic,
             outcome.rows_read, loaded, failed_rows(outcome), outcome.rows_duplicate,
             outcome.rows_merged, dt.datetime.now()],
        )  # fmt: skip
        con.execute("DROP VIEW landing")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for name in rows.tables:
            con.unregister(name)
        con.execute(f"SET preserve_insertion_order = {str(ordered).lower()}")
    outcome.batch_id, outcome.rows_loaded = batch, loaded
    return batch


def held_from(con, source: str) -> bool:
    """Whether the store holds events from `source`."""
    return bool(con.execute("SELECT 1 FROM events WHERE source = ? LIMIT 1", [source]).fetchall())


def ingest(
    con, path, *, table: str, source: str, key: bytes, synthetic=False, report_dir=None,
    progress=False, memory=STAGING_MEMORY,
):  # fmt: skip
    """Ingest one file into the store; returns its IngestOutcome or raises IngestRefused.
    `progress`: draw progress bars of the long steps (for a terminal); `memory`: what staging
    keeps to before it spills to disk."""
    path = Path(path)
    if source not in SOURCES:
        raise IngestRefused(f"source {source!r}: expected one of {', '.join(SOURCES)}")
    if table not in INPUT_COLUMNS:
        raise IngestRefused(f"table {table!r}: expected one of {', '.join(INPUT_COLUMNS)}")
    outcome, digest = IngestOutcome(path.name, table, source, "unchanged"), checksum(path)
    if con.execute("SELECT 1 FROM batches WHERE checksum = ?", [digest]).fetchall():
        return outcome
    check_columns(column_names(path), table, path.name)
    try:
        with staging_folder(staging_parent(con)) as folder:
            staging = (
                stage_directly(path, table, folder, progress, memory)
                if (read_directly(path, table))
                else None
            )
            direct = staging is not None and table in ONE_VALUE  # checked a value at a time
            staging = staging or stage(path, INPUT_COLUMNS[table], folder, progress, memory)
            try:
                outcome.rows_read = staging.execute("SELECT count(*) FROM raw").fetchall()[0][0]
                report = Path(report_dir) / f"quarantine-{digest[:12]}.csv" if report_dir else None
                outcome.quarantined, outcome.rows_failed = quarantine(
                    staging, table, outcome.rows_read, report, direct
                )
                refuse_if_too_many(outcome)
                rows = landing(staging, table, source, key, path)
                outcome.rows_duplicate, outcome.rows_merged = staging.execute(
                    "SELECT duplicates, merged FROM tally"
                ).fetchall()[0]
                con.execute(f"SET enable_progress_bar = {str(progress).lower()}")
                land(con, outcome, rows, digest, synthetic)  # staging may stream the rows
            finally:
                staging.close()
    except IngestRefused:
        raise
    except PseudonymCollision as error:
        raise IngestRefused(f"{path.name}: {error}; nothing loaded") from None
    except (duckdb.Error, pa.ArrowException, ValueError) as error:
        # Their text may quote the file (a value, a row): only their kind is told.
        kind = type(error).__name__
        log.warning("ingestion of %s stopped: %s (its text not shown)", path.name, kind)
        raise IngestRefused(
            f"{path.name}: could not be ingested ({kind}; its text is not shown, as it may "
            "quote the file); nothing loaded"
        ) from None
    outcome.status = "loaded"
    return outcome


def staging_parent(con) -> str | None:
    """The folder of the store's file, so that staging spills onto the store's disk."""
    paths = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return str(Path(paths[0][0]).parent) if paths and paths[0][0] else None


def failed_rows(outcome: IngestOutcome) -> int:
    return outcome.rows_failed or len({row for row, _, _ in outcome.quarantined})


def refuse_if_too_many(outcome: IngestOutcome) -> None:
    failed = failed_rows(outcome)
    if outcome.rows_read and failed / outcome.rows_read > MAX_QUARANTINED:
        raise IngestRefused(
            f"{outcome.file_name}: {failed} of {outcome.rows_read} rows failed their checks "
            f"(more than {MAX_QUARANTINED:.0%}); nothing loaded. First: "
            + "; ".join(f"row {r} {f}: {why}" for r, f, why in outcome.quarantined[:5])
        )


def write_report(outcome: IngestOutcome, path: Path) -> Path:
    """The quarantine report: row, field, reason. No identifier, no value from the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "reason"])
        writer.writerows(outcome.quarantined)
    return path
