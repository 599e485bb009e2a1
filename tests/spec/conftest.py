"""Engines for the spec cases: the plain-Python reference, DuckDB, and a local Spark session.

DuckDB and Spark read a case's rows the way real data arrives: written as input files (an NHS
number for each person), ingested into a store, then computed. The reference reads the same
rows as they are written and applies ingestion's rules itself (Reference.from_input).
"""

import csv
import functools
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest

from concord.analytics.engines import DuckDBEngine
from concord.analytics.ingest import ingest
from concord.analytics.nhs_numbers import check_digit
from concord.analytics.queries import indicator_sql
from concord.analytics.reference import COLUMNS, Reference
from concord.analytics.schema import INPUT_COLUMNS
from concord.analytics.store import open_store

from .cases import CASES, WINDOW, Case, events_by_file, person, registration

KEY = b"spec cases: a key for made-up people, not a secret"
# People under 65, registered at a case's first practice and counted in no figure, added to its
# files so that a case's one or two quarantined rows stay under the share that refuses a file.
FILLERS = 60
FILLER_FROM = 10_000


def nhs_number(person_id: int) -> str:
    """A valid NHS number for a case's person, beginning with 9 (never issued to people)."""
    stem = 900_000_000 + person_id * 10
    while check_digit(str(stem)) is None:
        stem += 1
    return f"{stem}{check_digit(str(stem))}"


def write_file(path: Path, table: str, rows: list[dict]) -> Path:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(INPUT_COLUMNS[table])
        for row in rows:
            values = {**row, "nhs_number": nhs_number(row["pseudonym"])}
            writer.writerow(
                "" if values[c] is None else str(values[c]) for c in INPUT_COLUMNS[table]
            )
    return path


def fillers(case: Case) -> tuple[list, list]:
    practice = case.registrations[0]["practice"]
    ids = range(FILLER_FROM, FILLER_FROM + FILLERS)
    return [person(i, "1990-01") for i in ids], [
        registration(i, practice, "2000-01-01") for i in ids
    ]


def ingested_store(case: Case):
    """An in-memory store holding the case's rows after ingestion of its files."""
    con = open_store(":memory:")
    people, registrations = fillers(case)
    with tempfile.TemporaryDirectory(prefix="concord-spec-") as folder:
        files = [
            (write_file(Path(folder, "people.csv"), "people", case.people + people), "people",
             "gp"),
            (write_file(Path(folder, "registrations.csv"), "registrations",
                        case.registrations + registrations), "registrations", "gp"),
        ]  # fmt: skip
        for i, rows in enumerate(events_by_file(case)):
            path = write_file(Path(folder, f"events-{i}.csv"), "events", rows)
            files.append((path, "events", rows[0]["source"]))
        for path, table, source in files:
            ingest(con, path, table=table, source=source, key=KEY)
    return con


@functools.cache
def store_of(name: str):
    """The ingested store of the case `name`, made once per test run."""
    return ingested_store(next(case for case in CASES if case.name == name))


def store_with(people, registrations, events):
    """An in-memory store holding the rows as given (already pseudonymised, not ingested)."""
    con = open_store(":memory:")
    for table, rows in (("people", people), ("registrations", registrations), ("events", events)):
        if rows:
            con.register("rows", pa.Table.from_pylist(rows))
            names = ", ".join(f'"{name}"' for name in rows[0])
            con.execute(f"INSERT INTO {table} ({names}, batch_id) SELECT {names}, 1 FROM rows")
            con.unregister("rows")
    return con


def run_on(engine_name, session, con, window) -> list[dict]:
    if engine_name == "duckdb":
        engine = DuckDBEngine(con)
    else:
        from concord.analytics.engines import SparkEngine

        engine = SparkEngine(session, con)
    return [{k: row[k] for k in ("practice", "q", *COLUMNS)} for row in engine.run(
        indicator_sql(window), window)]  # fmt: skip


def by_engine(engine_name, session, people, registrations, events, window):
    """The figures of rows given as the store holds them (the reference reads them as such)."""
    if engine_name == "reference":
        return Reference(people, registrations, events).compute(window)
    return run_on(engine_name, session, store_with(people, registrations, events), window)


def of_case(engine_name, session, case: Case, window=WINDOW):
    """The figures of a case's input files: ingested for DuckDB and Spark, read by the
    reference with ingestion's rules applied by itself."""
    if engine_name == "reference":
        return Reference.from_input(case.people, case.registrations, events_by_file(case)).compute(
            window
        )
    return run_on(engine_name, session, store_of(case.name), window)


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark")
    from concord.analytics.engines import spark_session

    session = spark_session(cores=2)
    yield session
    session.stop()
