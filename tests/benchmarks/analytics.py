"""Analytics benchmarks for `make bench`: the six indicators, all practices × 20 quarters.

Synthetic data (330,000 people, about 19 million events; CONCORD_BENCH_BIG=1 adds 3.3 million
people and about 180 million events) is generated in a process of its own, ingested, then
computed warm. Against it, in the same run on the same store, the strongest straightforward
alternatives (analytics_baselines.py): (a) one DuckDB SQL query as an analyst would write it,
events filtered by type first; (b) a polars lazy query over Parquet copies of the tables; (c)
pandas, at 330,000 people only (at 3.3 million its person × quarter expansion alone outgrows a
24 GB machine). Contestants alternate (Concord, a, b, c, Concord, a, …), best of three each, and
the ratios of their times to Concord's are printed. Each must give Concord's figures, else the
benchmark fails.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from concord.analytics.engines import DuckDBEngine
from concord.analytics.ingest import ingest
from concord.analytics.queries import EVENT_COUNTS, EventCount, indicator_sql
from concord.analytics.reference import COLUMNS
from concord.analytics.schema import INPUT_COLUMNS
from concord.analytics.store import open_store
from concord.analytics.window import Window

from .analytics_baselines import analyst_sql, export_parquet, pandas_indicators, polars_indicators

WINDOW = Window.ending(2020, 5)
GOALS = {330_000: 1.0, 3_300_000: 15.0}
SYNTH_GOALS = {330_000: 15.0, 3_300_000: 60.0}
EXTRA_GOALS = {330_000: 0.1}
INGEST_GOALS = {330_000: 10.0, 3_300_000: 90.0}  # seconds for the whole synthetic folder
EXTRA = EventCount("ae_attendances", ("ae_attendance",))
KEY = b"benchmark key, not a secret: synthetic data only"


def alternated(contestants: dict, rounds: int = 3) -> dict[str, tuple[float, object]]:
    """Each contestant once per round, in turn (A B C A B C …): (best seconds, last result) of
    each, so that a machine busy for a while slows all of them alike."""
    best = {name: (float("inf"), None) for name in contestants}
    for _ in range(rounds):
        for name, function in contestants.items():
            started = time.perf_counter()
            result = function()
            best[name] = (min(best[name][0], time.perf_counter() - started), result)
    return best


def best_of(function, times=3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(times):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def synthesise(folder: Path, people: int) -> tuple[dict, float, float, float]:
    """The synthetic files, written by a process of their own: (manifest, seconds, CPU seconds,
    the process's peak memory in MB). CPU seconds tell a busy machine's wall time apart."""
    code = (
        "import sys; from pathlib import Path; from concord.analytics import synth; "
        "from tests.benchmarks.analytics import high_water_mb; "
        "synth.write(Path(sys.argv[1]), int(sys.argv[2]), 5, 1); print(high_water_mb())"
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(people)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    manifest = json.loads((folder / "manifest.json").read_text())
    return manifest, seconds, cpu, float(done.stdout.strip().splitlines()[-1])


def parquet_kb_per_1000(folder: Path, people: int) -> float:
    """The synthetic Parquet files' size, in kB per 1,000 people: the same at every size when
    the files grow in proportion to the people."""
    return sum(p.stat().st_size for p in folder.glob("*.parquet")) / people


def build_store(folder: Path, people: int):
    """Synthetic files, then the store: (connection, events, synth seconds, synth CPU seconds,
    ingest seconds, synth peak MB, ingest peak MB)."""
    manifest, synth_seconds, cpu, synth_mb = synthesise(folder / "synthetic", people)
    made, used = time.perf_counter(), cpu_seconds()
    con = open_store(folder / "store.duckdb")
    for f in manifest["files"]:
        ingest(con, folder / "synthetic" / f["file"], table=f["table"], source=f["source"],
               key=KEY, synthetic=True)  # fmt: skip
    ingest_seconds, ingest_cpu = time.perf_counter() - made, cpu_seconds() - used
    events = sum(f["rows"] for f in manifest["files"] if f["table"] == "events")
    print_ingestion(folder / "synthetic", manifest, people, ingest_seconds, ingest_cpu)
    return con, events, synth_seconds, cpu, ingest_seconds, synth_mb, high_water_mb()


# -- ingestion: the whole synthetic folder, against reading its events files once ---------------
def cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def scan_seconds(files: list[Path]) -> float:
    """The floor: DuckDB reading every column of the events files once (a count of each
    column, best of three), nothing checked, hashed or written."""
    import duckdb

    con = duckdb.connect()
    columns = ", ".join(f'count("{c}")' for c in INPUT_COLUMNS["events"])
    seconds, _ = best_of(
        lambda: con.execute(
            f"SELECT {columns} FROM read_parquet($files)", {"files": [str(f) for f in files]}
        ).fetchall()
    )
    con.close()
    return seconds


def print_ingestion(folder: Path, manifest: dict, people: int, seconds: float, cpu: float):
    """Ingestion's throughput in events a second beside the raw scan rate of the same files."""
    files = [folder / f["file"] for f in manifest["files"] if f["table"] == "events"]
    events = sum(f["rows"] for f in manifest["files"] if f["table"] == "events")
    scan = scan_seconds(files)
    goal = INGEST_GOALS.get(people)
    print(
        f"  ingestion, {people // 1000:,}k people (all {len(manifest['files'])} files), "
        f"{events / 1e6:.1f}M events: {seconds:.1f} s, {cpu:.1f} s CPU "
        f"({events / seconds / 1e3:,.0f}k events/s{f', goal <{goal:g} s' if goal else ''}); "
        f"raw scan of the events files {scan:.2f} s ({events / scan / 1e3:,.0f}k events/s, the "
        f"floor); ingestion takes {seconds / scan:.0f}x the scan",
        flush=True,
    )


def as_keyed(rows) -> dict:
    return {(r["practice"], int(r["q"])): tuple(int(r[c]) for c in COLUMNS) for r in rows}


def measure(people: int, *, with_pandas: bool = True) -> list:
    from .run import Result

    with tempfile.TemporaryDirectory(prefix="concord-analytics-bench-") as folder:
        built = build_store(Path(folder), people)
        con, events, synth_seconds, synth_cpu, ingest_seconds, synth_mb, ingest_mb = built
        engine, label = DuckDBEngine(con), f"{people // 1000:,}k people"
        synth_kb = parquet_kb_per_1000(Path(folder) / "synthetic", people)
        files = export_parquet(con, Path(folder))
        contestants = {
            "Concord": lambda: engine.run(indicator_sql(WINDOW), WINDOW),
            "+1": lambda: engine.run(indicator_sql(WINDOW, (*EVENT_COUNTS, EXTRA)), WINDOW),
            "DuckDB query": lambda: analyst_sql(con, WINDOW),
            "polars": lambda: polars_indicators(files, WINDOW),
        }
        if with_pandas:
            contestants["pandas"] = lambda: pandas_indicators(con, WINDOW)
        timed = alternated(contestants)
        seconds, ours = timed.pop("Concord")
        extra = timed.pop("+1")[0]  # Concord with one more event indicator, in the same rounds
        for name, (_, theirs) in timed.items():
            assert as_keyed(theirs) == as_keyed(ours), f"{name} disagrees with Concord"
        con.close()
        peak_mb = query_peak_memory(Path(folder) / "store.duckdb")
    goal = GOALS[people]
    against = "; ".join(
        f"{name} {theirs:.3f} s ({theirs / seconds:.1f}x Concord's time)"
        for name, (theirs, _) in timed.items()
    )
    print(
        f"  analytics, {label}, {events / 1e6:.0f}M events: Concord {seconds:.3f} s (goal "
        f"<{goal:g} s); {against}{'' if with_pandas else '; pandas not run at this size'}; "
        f"one more event indicator +{extra - seconds:.3f} s (goal <0.1 s at 330k); peak memory "
        f"of the six indicators in a process of their own {peak_mb:,.0f} MB (goal < 1 GB at "
        f"330k, < 8 GB at 3.3M); synthetic data {synth_seconds:.1f} s, {synth_cpu:.1f} s CPU, "
        f"peak {synth_mb:,.0f} MB, {synth_kb:,.0f} kB of Parquet per 1,000 people (goals: ~15 s "
        f"at 330k, < 60 s and < 4 GB at 3.3M, the same kB at every size); ingestion "
        f"{ingest_seconds:.1f} s ({events / ingest_seconds / 1e3:,.0f}k events/s), "
        f"peak {ingest_mb:,.0f} MB",
        flush=True,
    )
    rows = len(ours)  # practice × quarter rows of the six indicators
    results = [
        Result(f"Synthetic data, {label}", people, synth_seconds, 0, SYNTH_GOALS.get(people)),
        Result(f"Ingest {events / 1e6:.0f}M events, {label}", events, ingest_seconds, 0, None),
    ]
    for name, (theirs, _) in timed.items():
        results.append(Result(f"6 indicators vs {name}, {label}", rows, seconds, theirs, goal))
    if people in EXTRA_GOALS:
        results.append(Result(f"+1 event indicator, {label}", rows, extra - seconds, 0, 0.1))
    return results


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
    return measure(3_300_000, with_pandas=False) if os.environ.get("CONCORD_BENCH_BIG") else []


BENCHMARKS = [analytics_330k, analytics_3_3m]
