"""Import benchmarks: `python -m tests.benchmarks.run` (what `make bench` calls). Not a test.

Imports the national published files into a fresh temporary SQLite database and prints, for each,
the seconds taken, rows per second, the goal and whether it was met, and the ratio to a baseline
measured in the same run on the same machine: the time to merely parse the file with the csv
module. The ratio means something on any machine; the seconds depend on it.

Then the load benchmark (tests/benchmarks/load.py): the demo served by `concord serve` against
the old two sync workers, under 50 signed-in users, on SQLite and on PostgreSQL; it needs no
published files. `CONCORD_LOAD_SECONDS=0` leaves it out.

To add a benchmark, write a function that takes the folder of published files and returns a
Result (see `import_file`), and append it to BENCHMARKS. They run in order, on one database.
"""

import csv
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.benchmarks import accountability as accountability_benchmarks
from tests.benchmarks import analytics as analytics_benchmarks
from tests.benchmarks import home as home_benchmarks
from tests.benchmarks import indicators as indicator_benchmarks
from tests.benchmarks import spark as spark_benchmarks

REPOSITORY = Path(__file__).resolve().parents[2]
REALDATA = REPOSITORY.parent / "shared" / "realdata"  # the published NHS files, beside the checkout
GOAL_SECONDS = 5.0  # each national file, on 2 cores


@dataclass
class Result:
    name: str
    rows: int
    seconds: float
    baseline_seconds: float
    goal_seconds: float | None = GOAL_SECONDS

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else float("inf")

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds if self.baseline_seconds else float("inf")

    @property
    def passed(self) -> bool | None:
        return None if self.goal_seconds is None else self.seconds <= self.goal_seconds


def parse_seconds(path: Path) -> float:
    """The baseline: read every row of the file with the csv module and do nothing else."""
    started = time.perf_counter()
    with open(path, encoding="latin-1", newline="") as handle:
        for _ in csv.reader(handle):
            pass
    return time.perf_counter() - started


def import_file(name: str, kind: str, path: Path, **options) -> Result:
    from concord.importing import IMPORTERS

    baseline = parse_seconds(path)
    started = time.perf_counter()
    batch = IMPORTERS[kind](path, progress=False, **options).run()
    seconds = time.perf_counter() - started
    return Result(name, batch.rows_read, seconds, baseline)


def epraccur_2019(data: Path) -> Result:
    return import_file(
        "ODS GP practices, Dec 2019", "epraccur", data / EPRACCUR_2019, as_at=dt.date(2019, 12, 1)
    )


def epraccur_2023(data: Path) -> Result:
    """A later vintage over the first: closes and opens dated links and statuses."""
    return import_file(
        "ODS GP practices, Feb 2023 over 2019",
        "epraccur",
        data / EPRACCUR_2023,
        as_at=dt.date(2023, 2, 1),
    )


def qof_map_2021(data: Path) -> Result:
    return import_file("QOF geography map 2020-21", "qof-map", data / QOF_MAP_2021)


def registered_patients(data: Path) -> Result:
    return import_file("Registered patients, Jan 2021", "gp-reg", data / GP_REG)


EPRACCUR_2019 = "ods-epraccur-2019-12/epraccur.csv"
EPRACCUR_2023 = "ods-epraccur-2023-02/epraccur.csv"
QOF_MAP_2021 = "qof-2020-21/MAPPING_NHS_GEOGRAPHIES_2021.csv"
GP_REG = "gp-reg-2021-01/gp-reg-pat-prac-all.csv"

# In order: registered patients need every practice of January 2021, which the 2023 file holds.
BENCHMARKS: list[Callable[[Path], Result]] = [
    epraccur_2019,
    epraccur_2023,
    qof_map_2021,
    registered_patients,
    *indicator_benchmarks.BENCHMARKS,  # SPC and funnels, QOF prevalence, the indicator page
    *accountability_benchmarks.BENCHMARKS,  # status refresh with SPC, a meeting pack as PDF
    *home_benchmarks.BENCHMARKS,  # home for the demo's chair and analyst, the national file loaded
    *analytics_benchmarks.BENCHMARKS,  # six person-level indicators vs pandas and one SQL query
    *spark_benchmarks.BENCHMARKS,  # the same on a local Spark cluster of two workers vs DuckDB
]


def setup_django(var_dir: str) -> None:
    os.environ["CONCORD_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)  # always a fresh embedded SQLite database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concord.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def times(ratio: float) -> str:
    """A ratio as printed: 2.5, or 1/266 when the first is many times faster than the baseline."""
    if ratio == float("inf"):
        return "-"
    return f"{ratio:.1f}" if ratio >= 0.1 else f"1/{1 / ratio:.0f}"


def table(results: list[Result]) -> str:
    lines = [
        f"{'benchmark':<40}{'rows':>8}{'seconds':>9}{'rows/s':>9}{'goal':>7}{'':>6}{'x parse':>9}"
    ]
    for r in results:
        goal = f"<{r.goal_seconds:g}s" if r.goal_seconds else "-"
        verdict = {True: "pass", False: "FAIL", None: ""}[r.passed]
        lines.append(
            f"{r.name:<40}{r.rows:>8}{r.seconds:>9.2f}{r.rows_per_second:>9.0f}"
            f"{goal:>7}{verdict:>6}{times(r.ratio):>9}"
        )
    lines.append(
        "x parse: import time / time to parse the same file with the csv module, this run."
    )
    lines.append(
        "  SPC and funnel rows: x numpy's mean and moving range over the same array; the page:"
        " x the indicator definition API on the same client (see indicators.py)."
    )
    lines.append("  Home rows: x the old home's commissioner table, same database (see home.py).")
    lines.append(
        "  Analytics rows: x Concord's time / the baseline's (a DuckDB query, polars or pandas)"
        " on the same store, alternated (1/3: Concord 3 times faster; see analytics.py)."
    )
    lines.append(
        "  Spark rows: x Spark's time (a local cluster of two workers) / DuckDB's on the same"
        " store (see spark.py)."
    )
    return "\n".join(lines)


def main() -> int:
    imports()
    if os.environ.get("CONCORD_LOAD_SECONDS") != "0":
        from tests.benchmarks import load

        load.main()
    return 0


def imports() -> None:
    if not REALDATA.is_dir():
        print("No published NHS files at ../shared/realdata: no import benchmarks.")
        return
    with tempfile.TemporaryDirectory(prefix="concord-bench-") as var_dir:
        setup_django(var_dir)
        print(f"Fresh SQLite database; {os.cpu_count()} cores; files from ../shared/realdata")
        results = []
        for benchmark in BENCHMARKS:
            outcome = benchmark(REALDATA)  # a Result, or a list of them (empty: not run)
            found = outcome if isinstance(outcome, list) else [outcome]
            results += found
            for result in found:
                print(f"  done: {result.name} ({result.seconds:.2f} s)", flush=True)
            if not found:
                print(f"  not run: {benchmark.__name__} (opt-in; see its module)", flush=True)
    print(table(results))


if __name__ == "__main__":
    sys.exit(main())
