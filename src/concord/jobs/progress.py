"""How far a running job has got, kept in a small file the web process reads.

The worker cannot report through the database while an import runs: the import is one
transaction, and on SQLite it holds the only write lock until it commits. So the job's rows done
and rows in all go to `MEDIA_ROOT/jobs/<id>.json`, rewritten once a second by a heartbeat thread
beside the work. The heartbeat is also how a dead worker is noticed: a running job whose file has
not been touched for STALE_AFTER seconds is shown as failed (`actions.fail_stale`)."""

import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

__all__ = [
    "HEARTBEAT",
    "Reporter",
    "STALE_AFTER",
    "heartbeat",
    "progress_file",
    "read",
    "seconds_since_heartbeat",
    "write",
]

HEARTBEAT = 1.0  # seconds between writes of the progress file
STALE_AFTER = 120  # seconds without a heartbeat after which a running job's worker is taken dead


def progress_file(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / f"{job_id}.json"


def write(job_id: int, done: int, total: int) -> None:
    """Replace the file whole, so a reader never sees half of it."""
    path = progress_file(job_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps({"done": done, "total": total}))
    os.replace(partial, path)


def read(job_id: int) -> tuple[int, int] | None:
    """(rows done, rows in all) as last written, or None before the first heartbeat."""
    try:
        data = json.loads(progress_file(job_id).read_text())
    except (OSError, ValueError):
        return None
    return data["done"], data["total"]


def seconds_since_heartbeat(job_id: int) -> float | None:
    try:
        return time.time() - progress_file(job_id).stat().st_mtime
    except OSError:
        return None


class Reporter:
    """The importer's progress callback: keeps the latest counts for the heartbeat to write."""

    def __init__(self):
        self.done = self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


@contextmanager
def heartbeat(job_id: int):
    """While the body runs, write the reporter's counts every HEARTBEAT seconds; then the file
    goes, as the job's outcome is in the database by then."""
    reporter, stop = Reporter(), threading.Event()

    def beat():
        while True:
            write(job_id, reporter.done, reporter.total)
            if stop.wait(HEARTBEAT):
                return

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield reporter
    finally:
        stop.set()
        thread.join()
        progress_file(job_id).unlink(missing_ok=True)
