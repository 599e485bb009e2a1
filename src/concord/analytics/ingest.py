"""Ingestion: a CSV or Parquet file checked, pseudonymised and landed whole, or not at all.

1. The file's checksum: a file already ingested changes nothing.
2. Its columns must be exactly the table's (INPUT_COLUMNS); otherwise it is refused.
3. Each row is checked (checks.py); failing rows go to a quarantine report (row, field, reason)
   that carries no identifier. Too many failures and the whole file is refused.
4. The NHS number is replaced by its keyed pseudonym in a staging database held in memory; it
   never reaches the store, a log line or a report.
5. One transaction lands the rows with their batch record: people replace their earlier
   record, a person's registrations replace theirs, events already held are not added again.
"""

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .checks import CHECKS, TYPED
from .pseudonyms import pseudonymise
from .schema import INPUT_COLUMNS, SOURCES

MAX_QUARANTINED = 0.05  # refuse a file when more than this share of its rows fail
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


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_file(path: Path) -> pa.Table:
    if path.suffix.lower() == ".parquet":
        return pq.read_table(path)
    if path.suffix.lower() == ".csv":
        options = pacsv.ConvertOptions(column_types={}, strings_can_be_null=False)
        table = pacsv.read_csv(path, convert_options=options)
        return table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))
    raise IngestRefused(f"{path.name}: expected a .csv or .parquet file")


def check_columns(table: pa.Table, name: str, file_name: str) -> None:
    wanted, found = INPUT_COLUMNS[name], table.column_names
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


def stage(table: pa.Table):
    """An in-memory database holding the file as `raw`, rows numbered from 1."""
    staging = duckdb.connect()
    raw = table.append_column("row", pa.array(np.arange(1, table.num_rows + 1), pa.int64()))
    staging.register("raw_arrow", raw)
    staging.execute("CREATE TABLE raw AS SELECT * FROM raw_arrow")
    staging.unregister("raw_arrow")
    return staging


def quarantine(staging, name: str) -> list[tuple[int, str, str]]:
    """(row, field, reason) for every failing check; also marks the rows in `failed`."""
    flags = ", ".join(
        f"coalesce({condition}, false) AS f{i}" for i, (_, condition, _) in enumerate(CHECKS[name])
    )
    staging.execute(f"CREATE TABLE flagged AS SELECT row, {flags} FROM raw")
    found = " UNION ALL ".join(
        f"SELECT row, '{field_name}' AS field, '{reason}' AS reason FROM flagged WHERE f{i}"
        for i, (field_name, _, reason) in enumerate(CHECKS[name])
    )
    rows = staging.execute(f"SELECT * FROM ({found}) ORDER BY row, field").fetchall()
    staging.execute("CREATE TABLE failed AS SELECT DISTINCT row FROM (" + found + ")")
    return rows


def landing(staging, name: str, source: str, key: bytes) -> pa.Table:
    """The clean rows with pseudonyms in place of NHS numbers, as the store's columns."""
    staging.execute(
        f"CREATE TABLE clean AS SELECT {TYPED[name]} FROM raw ANTI JOIN failed USING (row)"
    )
    numbers = staging.execute("SELECT DISTINCT nhs_number FROM clean").fetchnumpy()["nhs_number"]
    mapping = pa.table({"nhs_number": numbers, "pseudonym": pseudonymise(key, np.asarray(numbers))})
    staging.register("mapping", mapping)
    columns = STORE_COLUMNS[name].replace("source", f"'{source}' AS source")
    return staging.sql(
        f"SELECT {columns} FROM clean JOIN mapping USING (nhs_number)"
    ).to_arrow_table()


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


def land(con, outcome: Outcome, rows: pa.Table, digest: str, synthetic: bool) -> int:
    """One transaction: the batch record and its rows, or nothing."""
    con.begin()
    try:
        batch = con.execute("SELECT coalesce(max(id), 0) + 1 FROM batches").fetchall()[0][0]
        con.register("landing", rows)
        before = con.execute(f"SELECT count(*) FROM {outcome.table}").fetchall()[0][0]
        for sql in MERGE[outcome.table]:
            params = {"batch": batch, "source": outcome.source}
            con.execute(sql, {name: value for name, value in params.items() if f"${name}" in sql})
        after = con.execute(f"SELECT count(*) FROM {outcome.table}").fetchall()[0][0]
        con.execute(
            "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [batch, digest, outcome.table, outcome.source, outcome.file_name, synthetic,
             outcome.rows_read, rows.num_rows, len(outcome.quarantined), dt.datetime.now()],
        )  # fmt: skip
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.unregister("landing")
    outcome.batch_id = batch
    outcome.rows_loaded = after - before if outcome.table == "events" else rows.num_rows
    return batch


def ingest(con, path, *, table: str, source: str, key: bytes, synthetic=False, report_dir=None):
    """Ingest one file into the store; returns its Outcome or raises IngestRefused."""
    path = Path(path)
    if source not in SOURCES:
        raise IngestRefused(f"source {source!r}: expected one of {', '.join(SOURCES)}")
    if table not in INPUT_COLUMNS:
        raise IngestRefused(f"table {table!r}: expected one of {', '.join(INPUT_COLUMNS)}")
    outcome, digest = Outcome(path.name, table, source, "unchanged"), checksum(path)
    if con.execute("SELECT 1 FROM batches WHERE checksum = ?", [digest]).fetchall():
        return outcome
    data = read_file(path)
    check_columns(data, table, path.name)
    staging = stage(data)
    outcome.rows_read, outcome.quarantined = data.num_rows, quarantine(staging, table)
    if report_dir and outcome.quarantined:
        write_report(outcome, Path(report_dir) / f"quarantine-{digest[:12]}.csv")
    refuse_if_too_many(outcome)
    land(con, outcome, landing(staging, table, source, key), digest, synthetic)
    outcome.status = "loaded"
    return outcome


def failed_rows(outcome: Outcome) -> int:
    return len({row for row, _, _ in outcome.quarantined})


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
