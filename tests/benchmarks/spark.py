"""Spark beside DuckDB for `make bench`: the six indicators on a local cluster of two workers.

The same synthetic store (20,000 and 330,000 people; CONCORD_BENCH_BIG=1 adds 3.3 million) is
computed by DuckDB (warm, best of three) and by Spark on a standalone cluster started on this
machine (a master and two workers of one core and 1 GB each, tests/spark_cluster.py), reading
the store through Parquet files in an exchange folder, best of two after one run that warms it.
Both must give the same figures, else the benchmark fails. The ratio is Spark's time over
DuckDB's on the same machine: what Spark's distribution costs where one machine suffices. The
store's size on disk and DuckDB's peak memory per person say where one machine stops sufficing.
Not run without pyspark and Java.
"""

import os
import tempfile
import time
from pathlib import Path

from concord.analytics.engines import DuckDBEngine, SparkEngine, spark_session
from concord.analytics.queries import indicator_sql
from tests.spark_cluster import available, cluster

from .analytics import WINDOW, as_keyed, best_of, build_store, query_peak_memory


def spark_seconds(master: str, con, exchange: Path) -> tuple[float, float, float, list]:
    """(seconds to start the session, the first run, the best of two after it, the rows)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    started = time.perf_counter()
    session = spark_session(master=master)
    session_seconds = time.perf_counter() - started
    try:
        engine = SparkEngine(session, con, exchange)
        started = time.perf_counter()
        engine.run(indicator_sql(WINDOW), WINDOW)
        first = time.perf_counter() - started
        seconds, rows = best_of(lambda: engine.run(indicator_sql(WINDOW), WINDOW), times=2)
    finally:
        session.stop()
    return session_seconds, first, seconds, rows


def measure(people: int) -> list:
    from .run import Result

    with tempfile.TemporaryDirectory(prefix="concord-spark-bench-") as folder:
        built = build_store(Path(folder), people)
        con, events = built[0], built[1]
        duckdb_seconds, ours = best_of(lambda: DuckDBEngine(con).run(indicator_sql(WINDOW), WINDOW))
        exchange = Path(folder) / "exchange"
        exchange.mkdir()
        with cluster(Path(folder) / "cluster", workers=2, cores=1, memory="1g") as running:
            session_seconds, first, seconds, by_spark = spark_seconds(running.master, con, exchange)
            tasks = running.tasks_by_worker()
        assert as_keyed(by_spark) == as_keyed(ours), "Spark disagrees with DuckDB"
        con.close()
        store = Path(folder) / "store.duckdb"
        store_mb = store.stat().st_size / 1e6
        peak_mb = query_peak_memory(store)
    label = f"{people // 1000:,}k people"
    print(
        f"  Spark, {label}, {events / 1e6:.1f}M events: a cluster of 2 workers (1 core, 1 GB "
        f"each) {seconds:.2f} s warm (first run {first:.2f} s, session {session_seconds:.1f} s; "
        f"tasks per worker {tasks}); DuckDB {duckdb_seconds:.3f} s warm, peak {peak_mb:,.0f} MB; "
        f"Spark {seconds / duckdb_seconds:.0f}x DuckDB's time; store {store_mb:,.0f} MB on disk "
        f"({store_mb * 1e6 / people:,.0f} bytes a person)",
        flush=True,
    )
    return [Result(f"6 indicators, Spark vs DuckDB, {label}", len(ours), seconds, duckdb_seconds,
                   None)]  # fmt: skip


def spark_20k(data: Path) -> list:
    if why := available():
        print(f"  Spark benchmarks not run: {why}")
        return []
    return measure(20_000)


def spark_330k(data: Path) -> list:
    return [] if available() else measure(330_000)


def spark_3_3m(data: Path) -> list:
    return measure(3_300_000) if os.environ.get("CONCORD_BENCH_BIG") and not available() else []


BENCHMARKS = [spark_20k, spark_330k, spark_3_3m]


if __name__ == "__main__":  # python -m tests.benchmarks.spark [people]: one size, no database
    import sys

    for result in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000):
        print(result)
