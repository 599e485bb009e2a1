"""`concord analytics synth|ingest|compute|segments`: the person-level store from the command line.

Prints counts, file names and reasons only: never an NHS number, a pseudonym or a person's row.
An ingest refused (a file that cannot be read, wrong columns, too many bad rows) loads nothing
of that file: the command says why, naming the file and the line or columns, and exits with
code 2. Before it stages anything it removes staging folders left by ingests that were killed.
A computation refreshes commitment status once it commits; when that refresh fails the
measurements stay stored, and the command says so and exits with code 3.

The store, the pseudonymisation key, staging's memory and Spark's master and exchange folder come
from settings (CONCORD_VAR_DIR, CONCORD_PSEUDONYM_KEY(_FILE), CONCORD_ANALYTICS_STAGING_MEMORY,
CONCORD_SPARK_MASTER, CONCORD_SPARK_EXCHANGE), passed to the analytics core, which has no Django.
"""

import datetime as dt
import json
import logging
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from concord.accountability.refresh import EXIT_REFRESH_FAILED, StatusRefreshFailed, owed_note
from concord.analytics import synth
from concord.analytics.engines import DuckDBEngine, SparkEngine, spark_session
from concord.analytics.ingest import IngestRefused, failed_rows, ingest, staging_parent
from concord.analytics.pseudonyms import KeyMissing, demo_key, key_from
from concord.analytics.segments import segments
from concord.analytics.staging import remove_stale
from concord.analytics.store import default_path, open_store
from concord.analytics.window import Window

log = logging.getLogger("concord.analytics")
SYNTHETIC_DIR = "analytics/synthetic"
EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Synthetic data, ingestion, indicator computation and segments of the analytics store."

    def add_arguments(self, parser):
        parser.add_argument("--store", help="the DuckDB store file (default: in CONCORD_VAR_DIR)")
        verbs = parser.add_subparsers(dest="verb", required=True)
        made = verbs.add_parser("synth", help="write a synthetic linked dataset (Parquet)")
        made.add_argument("--people", type=int, default=20_000)
        made.add_argument("--years", type=int, default=5)
        made.add_argument("--seed", type=int, default=1)
        made.add_argument("--out", help="folder (default: CONCORD_VAR_DIR/analytics/synthetic)")
        taken = verbs.add_parser("ingest", help="ingest a CSV or Parquet file, or a synth folder")
        taken.add_argument("path")
        taken.add_argument("--source", help="gp, acute, community, mental_health, social_care")
        taken.add_argument("--table", default="events", help="people, registrations or events")
        taken.add_argument(
            "--demo-key", action="store_true", help="synthetic data only: the demo's own key"
        )
        run = verbs.add_parser("compute", help="compute the indicators into measurements")
        run.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
        run.add_argument("--last-year", type=int, help="last financial year (2020 for 2020-21)")
        run.add_argument("--years", type=int, default=5)
        run.add_argument(
            "--spark-master", help="a Spark master URL (default: CONCORD_SPARK_MASTER, else local)"
        )
        run.add_argument(
            "--spark-exchange",
            help="a folder every Spark worker can read (default: CONCORD_SPARK_EXCHANGE, else "
            "the system's temporary folder)",
        )
        seg = verbs.add_parser("segments", help="people with dementia by locality and services")
        seg.add_argument("--as-at", type=dt.date.fromisoformat, help="default: the latest event")

    def handle(self, *args, verb, store=None, **options):
        getattr(self, verb)(store or default_path(settings.VAR_DIR), **options)

    def synth(self, store, *, people, years, seed, out=None, **options):
        folder = Path(out or settings.VAR_DIR / SYNTHETIC_DIR)
        manifest = synth.write(folder, people, years, seed)
        events = sum(f["rows"] for f in manifest["files"] if f["table"] == "events")
        self.stdout.write(f"{synth.LABEL}\nWrote {people} people, {events} events to {folder}")

    def key(self, demo: bool, synthetic: bool) -> bytes:
        if demo:
            if not synthetic:
                raise CommandError("--demo-key is for the synthetic folder only")
            return demo_key(settings.VAR_DIR)
        try:
            return key_from(settings.CONCORD_PSEUDONYM_KEY, settings.CONCORD_PSEUDONYM_KEY_FILE)
        except KeyMissing as error:
            raise CommandError(str(error)) from error

    def files(self, path: Path, source, table):
        if path.is_dir():
            manifest = json.loads((path / "manifest.json").read_text())
            return manifest.get("synthetic", False), [
                (path / f["file"], f["table"], f["source"]) for f in manifest["files"]
            ]
        if not source:
            raise CommandError("--source is required for a single file")
        return False, [(path, table, source)]

    def ingest(self, store, *, path, source, table, demo_key, **options):
        synthetic, files = self.files(Path(path), source, table)
        key, con = self.key(demo_key, synthetic), open_store(store)
        if removed := remove_stale(staging_parent(con)):
            self.stdout.write(
                f"Removed {removed} staging folder{'s' if removed > 1 else ''} left by an "
                "interrupted ingest"
            )
        reports = Path(settings.VAR_DIR) / "analytics" / "quarantine"
        for file, table_name, source_name in files:
            try:
                outcome = ingest(con, file, table=table_name, source=source_name, key=key,
                                 synthetic=synthetic, report_dir=reports,
                                 progress=self.stdout.isatty(),
                                 memory=settings.CONCORD_ANALYTICS_STAGING_MEMORY)  # fmt: skip
            except IngestRefused as error:
                log.warning("refused, nothing loaded: %s", error)
                self.stderr.write(f"Refused, nothing loaded: {error}")
                sys.exit(EXIT_BAD_INPUT)
            self.say_outcome(outcome, reports)

    def say_outcome(self, outcome, reports):
        if outcome.status == "unchanged":
            message = f"{outcome.file_name}: already ingested, nothing changed"
        else:
            message = (
                f"{outcome.file_name} ({outcome.table}, {outcome.source}): "
                f"{outcome.rows_read} rows read, {outcome.rows_loaded} loaded, "
                f"{failed_rows(outcome)} quarantined, {outcome.rows_duplicate} duplicate"
            )
            if outcome.table == "registrations":
                message += f", {outcome.rows_merged} merged into another"
            if outcome.rows_held:
                message += f", {outcome.rows_held} already held"
        if outcome.quarantined:
            message += f"; quarantine report in {reports}"
        log.info(message)
        self.stdout.write(message)

    def compute(self, store, *, engine, last_year, years, spark_master=None,
                spark_exchange=None, **options):  # fmt: skip
        from concord.analytics.measurements import compute

        con = open_store(store)
        window = Window.ending(last_year or self.latest_year(con), years)
        if engine == "duckdb":
            runner = DuckDBEngine(con)
        else:
            session = spark_session(master=spark_master or settings.CONCORD_SPARK_MASTER)
            runner = SparkEngine(session, con, spark_exchange or settings.CONCORD_SPARK_EXCHANGE)
        try:
            run = compute(con, runner, window)
        except StatusRefreshFailed as error:
            self.stderr.write(f"The measurements were computed and stored, but {error}")
            sys.exit(EXIT_REFRESH_FAILED)
        self.stdout.write(
            f"Computation run {run.pk} on {run.engine} in {run.seconds:.2f} s: {run.notes}; "
            f"{run.rows_read} rows read, {run.rows_written} measurements written "
            f"(snapshot {run.snapshot}, code {run.code_version})"
        )
        if note := owed_note():
            self.stdout.write(note)

    def latest_year(self, con) -> int:
        latest = con.execute("SELECT max(date) FROM events").fetchall()[0][0]
        if latest is None:
            raise CommandError("the store holds no events: run `concord analytics ingest` first")
        return latest.year if latest.month >= 4 else latest.year - 1

    def segments(self, store, *, as_at, **options):
        from concord.analytics.localities import localities

        con = open_store(store)
        as_at = as_at or con.execute("SELECT max(date) FROM events").fetchall()[0][0]
        self.stdout.write(
            f"People with dementia on {as_at}, by locality on that day and services used in the "
            "12 months"
        )
        self.stdout.write("(counts of 1 to 7 shown as *, others rounded to the nearest 5)")
        for row in segments(con, as_at, localities(as_at)):
            self.stdout.write(f"  {row['locality']:<45} {row['services']:<26} {row['people']:>6}")
