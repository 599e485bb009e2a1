"""Engines that run the indicator queries: DuckDB (the store itself) and Spark (a local session).

An engine takes the store's three tables plus `quarters`, runs one SQL query in its own dialect
and returns rows as dicts. Spark reads the tables, and the quarters, as Parquet exported from the
store, so any Spark that can read files (local, or a cluster with shared storage) runs the same
query, in the JVM alone: its executors never start Python.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .queries import for_engine
from .window import Window

__all__ = ["DuckDBEngine", "SparkEngine", "quarters_table", "spark_session"]

QUARTERS_SCHEMA = pa.schema(
    [("q", pa.int32()), ("start", pa.date32()), ("end", pa.date32()), ("label", pa.string())]
)
TABLES = ("people", "registrations", "events")


def quarters_table(window: Window) -> pa.Table:
    return pa.Table.from_pylist(
        [dict(zip(QUARTERS_SCHEMA.names, row, strict=True)) for row in window.rows()],
        schema=QUARTERS_SCHEMA,
    )


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, con):
        self.con = con

    def run(self, sql: str, window: Window) -> list[dict]:
        self.con.register("quarters", quarters_table(window))
        try:
            result = self.con.execute(for_engine(sql, "duckdb"))
            names = [d[0] for d in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        finally:
            self.con.unregister("quarters")


def spark_session(cores: int = 2, master: str | None = None):
    """A Spark session: `master` (a URL such as spark://host:7077; the command passes
    CONCORD_SPARK_MASTER), else a local one on `cores` cores, quiet and small, bound to the
    loopback address."""
    master = master or f"local[{cores}]"
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(master)
        .appName("concord-analytics")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(cores * 2))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )


class SparkEngine:
    name = "spark"

    def __init__(self, session, con, exchange: Path | str | None = None):
        """`con`: the DuckDB store whose tables Spark reads, through Parquet files written to a
        fresh folder under `exchange` (the command passes CONCORD_SPARK_EXCHANGE; else the
        system's temporary folder): on a cluster, a folder every worker can read. The folder goes
        after each run."""
        self.session, self.con = session, con
        self.exchange = exchange or None

    def load(self, folder: Path) -> None:
        for table in TABLES:
            path = folder / f"{table}.parquet"
            self.con.execute(f"COPY (SELECT * FROM {table}) TO '{path}' (FORMAT parquet)")
            self.session.read.parquet(str(path)).createOrReplaceTempView(table)

    def run(self, sql: str, window: Window) -> list[dict]:
        folder = Path(tempfile.mkdtemp(prefix="concord-spark-", dir=self.exchange))
        try:
            self.load(folder)
            pq.write_table(quarters_table(window), folder / "quarters.parquet")
            self.session.read.parquet(str(folder / "quarters.parquet")).createOrReplaceTempView(
                "quarters"
            )
            return [row.asDict() for row in self.session.sql(for_engine(sql, "spark")).collect()]
        finally:
            for table in (*TABLES, "quarters"):
                self.session.catalog.dropTempView(table)
            shutil.rmtree(folder, ignore_errors=True)
