"""Analytics benchmarks for `make bench`: the six indicators, all practices × 20 quarters.

Synthetic data (330,000 people, about 19 million events; CONCORD_BENCH_BIG=1 adds 3.3 million
people) is generated, ingested, then computed warm, best of three. Baselines measured in the same
run on the same store: (a) pandas, the way an analyst would write it (person × quarter
expansion, merges, group-bys); (b) one hand-written DuckDB SQL query for all six, with the
same person × quarter expansion. Both must give Concord's figures, else the benchmark fails.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from concord.analytics import synth
from concord.analytics.engines import DuckDBEngine, quarters_table
from concord.analytics.ingest import ingest
from concord.analytics.queries import EVENT_COUNTS, EventCount, indicator_sql
from concord.analytics.reference import COLUMNS
from concord.analytics.store import open_store
from concord.analytics.window import Window

from .analytics_baselines import handwritten_sql, pandas_indicators

WINDOW = Window.ending(2020, 5)
GOALS = {330_000: 1.0, 3_300_000: 15.0}
SYNTH_GOALS = {330_000: 15.0}
EXTRA = EventCount("ae_attendances", ("ae_attendance",))
KEY = b"benchmark key, not a secret: synthetic data only"


def best_of(function, times=3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(times):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def build_store(folder: Path, people: int):
    """Synthetic files, then the store: (connection, events, synth seconds, synth CPU seconds,
    ingest seconds). CPU seconds (all threads) tell a busy machine's wall time apart."""
    started, cpu = time.perf_counter(), time.process_time()
    manifest = synth.write(folder / "synthetic", people, 5, 1)
    made, cpu = time.perf_counter(), time.process_time() - cpu
    con = open_store(folder / "store.duckdb")
    for f in manifest["files"]:
        ingest(con, folder / "synthetic" / f["file"], table=f["table"], source=f["source"],
               key=KEY, synthetic=True)  # fmt: skip
    events = sum(f["rows"] for f in manifest["files"] if f["table"] == "events")
    return con, events, made - started, cpu, time.perf_counter() - made


def as_keyed(rows) -> dict:
    return {(r["practice"], int(r["q"])): tuple(int(r[c]) for c in COLUMNS) for r in rows}


def measure(people: int) -> list:
    from .run import Result

    with tempfile.TemporaryDirectory(prefix="concord-analytics-bench-") as folder:
        con, events, synth_seconds, synth_cpu, ingest_seconds = build_store(Path(folder), people)
        engine, label = DuckDBEngine(con), f"{people // 1000:,}k people"
        seconds, ours = best_of(lambda: engine.run(indicator_sql(WINDOW), WINDOW))
        extra, _ = best_of(
            lambda: engine.run(indicator_sql(WINDOW, (*EVENT_COUNTS, EXTRA)), WINDOW)
        )
        con.register("quarters", quarters_table(WINDOW))
        sql_seconds, by_sql = best_of(lambda: handwritten_sql(con, WINDOW))
        pandas_seconds, by_pandas = best_of(lambda: pandas_indicators(con, WINDOW), times=1)
        assert as_keyed(by_sql) == as_keyed(ours), "hand-written SQL disagrees"
        assert as_keyed(by_pandas) == as_keyed(ours), "pandas disagrees"
        con.close()
        peak_mb = query_peak_memory(Path(folder) / "store.duckdb")
    print(
        f"  analytics, {label}, {events / 1e6:.0f}M events: Concord {seconds:.3f} s; "
        f"pandas {pandas_seconds:.2f} s ({pandas_seconds / seconds:.0f}x Concord's time, goal "
        f">5x); one hand-written DuckDB query {sql_seconds:.3f} s ({sql_seconds / seconds:.1f}x "
        f"Concord's time, goal >=1x); one more event indicator +{extra - seconds:.3f} s (goal "
        f"<0.1 s); synthetic data {synth_seconds:.1f} s, {synth_cpu:.1f} s CPU (goal ~15 s at "
        f"330k); ingestion {ingest_seconds:.1f} s; peak memory of the six indicators in a process "
        f"of their own {peak_mb:,.0f} MB (goal < 1 GB at 330k, < 8 GB at 3.3M)",
        flush=True,
    )
    rows = len(ours)  # practice × quarter rows of the six indicators
    return [
        Result(f"Synthetic data, {label}", people, synth_seconds, 0, SYNTH_GOALS.get(people)),
        Result(f"Ingest {events / 1e6:.0f}M events, {label}", events, ingest_seconds, 0, None),
        Result(
            f"6 indicators vs pandas, {label}", rows, seconds, pandas_seconds, GOALS.get(people)
        ),  # fmt: skip
        Result(f"6 indicators vs 1 SQL query, {label}", rows, seconds, sql_seconds, None),
        Result(f"+1 event indicator, {label}", rows, extra - seconds, 0, 0.1),
    ]


def query_peak_memory(store: Path) -> float:
    """Peak resident memory (MB) of a fresh process that opens the store and computes the six
    indicators warm, best of three: Concord's own share, apart from synthesis and the baselines."""
    code = "import sys; from tests.benchmarks.analytics import compute_alone as c; c(sys.argv[1])"
    done = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def compute_alone(store: str) -> None:
    engine = DuckDBEngine(open_store(store, read_only=True))
    best_of(lambda: engine.run(indicator_sql(WINDOW), WINDOW))
    print(high_water_mb())


def high_water_mb() -> float:
    """This process's own peak resident memory. Linux carries ru_maxrss across exec (a child
    started from this large benchmark process would report the parent's peak), so read VmHWM,
    which belongs to the new process's memory map; fall back to ru_maxrss elsewhere."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def analytics_330k(data: Path) -> list:
    return measure(330_000)


def analytics_3_3m(data: Path) -> list:
    return measure(3_300_000) if os.environ.get("CONCORD_BENCH_BIG") else []


BENCHMARKS = [analytics_330k, analytics_3_3m]
