"""Engines for the spec cases: the plain-Python reference, DuckDB, and a local Spark session."""

import pyarrow as pa
import pytest

from concord.analytics.engines import DuckDBEngine
from concord.analytics.queries import indicator_sql
from concord.analytics.reference import COLUMNS, Reference
from concord.analytics.store import open_store

INPUTS = {"people": "people", "registrations": "registrations", "events": "events"}


def store_with(people, registrations, events):
    """An in-memory store holding the rows as given (already pseudonymised)."""
    con = open_store(":memory:")
    for table, rows in (("people", people), ("registrations", registrations), ("events", events)):
        if rows:
            con.register("rows", pa.Table.from_pylist(rows))
            names = ", ".join(f'"{name}"' for name in rows[0])
            con.execute(f"INSERT INTO {table} ({names}, batch_id) SELECT {names}, 1 FROM rows")
            con.unregister("rows")
    return con


def by_engine(engine_name, session, people, registrations, events, window):
    if engine_name == "reference":
        return Reference(people, registrations, events).compute(window)
    con = store_with(people, registrations, events)
    if engine_name == "duckdb":
        engine = DuckDBEngine(con)
    else:
        from concord.analytics.engines import SparkEngine

        engine = SparkEngine(session, con)
    return [{k: row[k] for k in ("practice", "q", *COLUMNS)} for row in engine.run(
        indicator_sql(window), window)]  # fmt: skip


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark")
    from concord.analytics.engines import spark_session

    session = spark_session(cores=2)
    yield session
    session.stop()
