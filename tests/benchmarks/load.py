"""Load benchmark for `make bench`: signed-in people reading Concord's pages through
`concord serve`, on SQLite and on PostgreSQL.

For each database it loads the demo into a temporary database, measures each page of the mix
in-process (CPU milliseconds and queries per page; see pages.py), then serves it twice with
`concord serve` and runs locust headless against each for the same time with the same users
(50 by default, each waiting 0.2-0.5 s between pages; see locustfile.py):

- baseline: the old configuration, 2 sync gunicorn workers;
- serve: `concord serve` as it now is (threaded workers sized for the machine).

It prints requests, errors, requests a second and p50/p95/p99 per page, the server's CPU
milliseconds per request (gunicorn's processes, from /proc), and serve's figures over the
baseline's. Goals on 2 cores: no errors, p95 under 500 ms, 100 page views a second.

Alone: `python -m tests.benchmarks.load`. Short check: CONCORD_LOAD_SECONDS=20 (default 180);
CONCORD_LOAD_USERS (default 50); CONCORD_LOAD_CONFIGS="3x2 5x1" adds runs of other gunicorn
shapes (workers x threads); CONCORD_LOAD_DATABASES=sqlite or postgres (default both; PostgreSQL
at CONCORD_LOAD_PG, default postgres://postgres@127.0.0.1:5432, is skipped when down).
"""

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
CONCORD = [sys.executable, "-m", "concord.cli"]
PORT = int(os.environ.get("CONCORD_LOAD_PORT", 8105))
SECONDS = int(os.environ.get("CONCORD_LOAD_SECONDS", 180))
USERS = int(os.environ.get("CONCORD_LOAD_USERS", 50))
SPAWN_RATE = 10  # users started a second
PG_SERVER = os.environ.get("CONCORD_LOAD_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "concord_load_bench"
GOAL_P95_MS = 500
GOAL_PER_SECOND = 100
CONFIGURATIONS = {
    "baseline: 2 sync workers": ["--worker-class=sync", "--workers=2"],
    "serve (its defaults)": [],
}


def configurations() -> dict[str, list[str]]:
    """The baseline and serve's defaults; CONCORD_LOAD_CONFIGS="3x2 5x1" adds gthread workers x
    threads to compare (how serve's defaults were chosen)."""
    found = dict(CONFIGURATIONS)
    for shape in os.environ.get("CONCORD_LOAD_CONFIGS", "").split():
        workers, threads = shape.split("x")
        found[f"{workers} gthread workers x {threads} threads"] = [
            f"--workers={workers}",
            f"--threads={threads}",
        ]
    return found


def environment(var_dir: str, database_url: str) -> dict:
    return {
        **os.environ,
        "CONCORD_VAR_DIR": var_dir,
        "CONCORD_MEDIA_DIR": str(Path(var_dir) / "media"),
        "DATABASE_URL": database_url,
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY / "src"), str(REPOSITORY)]),
    }


def postgres_up() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    return f"{PG_SERVER}/{PG_DATABASE}"


def drop_postgres() -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def load_demo(env: dict) -> None:
    subprocess.run(
        [*CONCORD, "demo", "--no-analytics", "--no-static"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=1800,
    )


def measure_pages(env: dict) -> dict:
    """The mix, each page's CPU and queries in-process, and a session per simulated user."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.pages", "--json", str(USERS)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        timeout=1800,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def process_tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += process_tree(int(child))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU of these processes so far (a process gone counts nothing)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def serve(env: dict, options: list[str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [*CONCORD, "serve", f"--port={PORT}", "--no-worker", *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(600):
        if listening(PORT):
            time.sleep(1)  # every worker booted
            return server
        if server.poll() is not None:
            break
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"concord serve {' '.join(options)} did not start on port {PORT}")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    for _ in range(100):
        if not listening(PORT):
            return
        time.sleep(0.1)


def run_locust(env: dict, folder: Path, measured: dict) -> list[dict]:
    """locust headless against the server; its per-page statistics (and "Aggregated")."""
    mix_file, sessions_file = folder / "mix.json", folder / "sessions.json"
    mix_file.write_text(json.dumps(measured["mix"]))
    sessions_file.write_text(json.dumps(measured["sessions"]))
    prefix = folder / "locust"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            f"--locustfile={LOCUSTFILE}",
            "--headless",
            f"--host=http://127.0.0.1:{PORT}",
            f"--users={USERS}",
            f"--spawn-rate={SPAWN_RATE}",
            f"--run-time={SECONDS}s",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=ERROR",
            "--exit-code-on-error=0",
        ],
        env={**env, "CONCORD_LOAD_MIX": str(mix_file), "CONCORD_LOAD_SESSIONS": str(sessions_file)},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=SECONDS + 300,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "errors": int(row["Failure Count"]),
            "per_second": float(row["Requests/s"]),
            "p50": milliseconds(row["50%"]),
            "p95": milliseconds(row["95%"]),
            "p99": milliseconds(row["99%"]),
        }
        for row in rows
    ]


def milliseconds(figure: str) -> float:
    """locust's percentile, or NaN where it has none (N/A: no request of that page)."""
    return float("nan") if figure == "N/A" else float(figure)


def load(env: dict, options: list[str], measured: dict) -> dict:
    server = serve(env, options)
    try:
        pids = process_tree(server.pid)
        before = cpu_seconds(pids)
        with tempfile.TemporaryDirectory(prefix="concord-locust-") as folder:
            stats = run_locust(env, Path(folder), measured)
        pids = sorted(set(pids) | set(process_tree(server.pid)))
        server_cpu = cpu_seconds(pids) - before
    finally:
        stop(server)
    total = next(row for row in stats if row["name"] == "Aggregated")
    return {"stats": stats, "total": total, "cpu_ms": server_cpu * 1000 / max(total["requests"], 1)}


def verdict(total: dict) -> str:
    met = (
        total["errors"] == 0
        and total["p95"] < GOAL_P95_MS
        and total["per_second"] >= GOAL_PER_SECOND
    )
    return "pass" if met else "FAIL"


def print_run(name: str, run: dict) -> None:
    load_average = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"  {name}: server CPU {run['cpu_ms']:.1f} ms a request, {verdict(run['total'])}"
        f" (machine's load average after: {load_average})"
    )
    print(
        f"    {'page':<28}{'requests':>9}{'errors':>7}{'per s':>7}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    )
    for row in run["stats"]:
        print(
            f"    {row['name']:<28}{row['requests']:>9}{row['errors']:>7}{row['per_second']:>7.1f}"
            f"{row['p50']:>8.0f}{row['p95']:>8.0f}{row['p99']:>8.0f}"
        )


def bench_database(label: str, database_url: str) -> dict:
    from tests.benchmarks.pages import table

    with tempfile.TemporaryDirectory(prefix="concord-load-") as var_dir:
        env = environment(var_dir, database_url)
        started = time.perf_counter()
        load_demo(env)
        print(f"{label}: demo loaded in {time.perf_counter() - started:.0f} s", flush=True)
        measured = measure_pages(env)
        print(table(measured["costs"]), flush=True)
        runs = {}
        for name, options in configurations().items():
            runs[name] = load(env, options, measured)
            print_run(name, runs[name])
            sys.stdout.flush()
    baseline, now = (runs[name]["total"] for name in CONFIGURATIONS)  # the first two
    print(
        f"  serve / baseline: page views a second x{now['per_second'] / baseline['per_second']:.1f}"
        f", p95 x{now['p95'] / baseline['p95']:.2f}"
        f" (goals: 0 errors, p95 < {GOAL_P95_MS} ms, >= {GOAL_PER_SECOND} a second)",
        flush=True,
    )
    return runs


def main() -> int:
    wanted = os.environ.get("CONCORD_LOAD_DATABASES", "sqlite,postgres").split(",")
    print(
        f"Load: {USERS} signed-in users for {SECONDS} s each run, {os.cpu_count()} cores,"
        f" port {PORT}",
        flush=True,
    )
    if listening(PORT):
        print(f"  not run: port {PORT} is in use (CONCORD_LOAD_PORT)")
        return 0
    if "sqlite" in wanted:
        with tempfile.TemporaryDirectory(prefix="concord-load-db-") as folder:
            bench_database("SQLite", f"sqlite:///{folder}/concord.sqlite3")
    if "postgres" in wanted:
        if not postgres_up():
            print(f"  not run on PostgreSQL: nothing answers at {PG_SERVER}")
            return 0
        try:
            bench_database("PostgreSQL", fresh_postgres())
        finally:
            drop_postgres()
    return 0


if __name__ == "__main__":
    sys.exit(main())
