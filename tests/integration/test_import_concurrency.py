"""Two imports at once queue, or refuse cleanly before writing anything.

Seen: two imports at once on SQLite, the second exited with a traceback after its data were
committed, and the refresh that should follow it never ran. Real threads and commits against
the database the suite runs on (a SQLite file, configured as in use, on SQLite).
"""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connections

from concord.organisations.management.commands.concord_import import EXIT_BUSY
from concord.organisations.models import ImportBatch, Organisation
from tests.integration.concurrency import SQLITE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_database"),
    pytest.mark.realdata,
]


@pytest.fixture
def etr(realdata):
    return realdata / "ods-etr-c2015-16" / "etr.csv"


def imported(path, *args) -> dict:
    """Run the import command; what it wrote, and its exit code (0 when it did not exit)."""
    out, err, code = io.StringIO(), io.StringIO(), 0
    try:
        call_command(
            "concord_import", "etr", str(path), "--no-progress", *args, stdout=out, stderr=err
        )
    except SystemExit as exit_:
        code = exit_.code
    finally:
        connections.close_all()
    return {"out": out.getvalue(), "err": err.getvalue(), "code": code}


def at_once(*runs) -> list[dict]:
    start, results = threading.Barrier(len(runs)), [None] * len(runs)

    def run(n, args):
        start.wait(timeout=10)
        results[n] = imported(*args)

    threads = [threading.Thread(target=run, args=(n, r)) for n, r in enumerate(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_the_same_file_imported_twice_at_once_is_imported_once(etr):
    results = at_once((etr,), (etr,))
    assert [r["code"] for r in results] == [0, 0], results
    assert sorted("already imported" in r["out"] for r in results) == [False, True]
    assert ImportBatch.objects.filter(kind="etr", status="done").count() == 1
    assert Organisation.objects.count() > 0


def test_two_forced_imports_at_once_both_complete_one_after_the_other(etr):
    imported(etr)
    organisations = Organisation.objects.count()
    results = at_once((etr, "--force"), (etr, "--force"))
    assert [r["code"] for r in results] == [0, 0], results
    assert all("0 created, 0 updated" in r["out"] for r in results)
    assert ImportBatch.objects.filter(kind="etr", status="done").count() == 3
    assert Organisation.objects.count() == organisations


@pytest.mark.skipif(not SQLITE, reason="SQLite's busy timeout; PostgreSQL's imports queue")
def test_an_import_that_waits_too_long_writes_nothing_and_says_so(etr):
    options = connections.settings["default"]["OPTIONS"]
    was, options["timeout"] = options["timeout"], 0.5
    blocker = connections.create_connection("default")
    try:
        with blocker.cursor() as cursor:
            cursor.execute("BEGIN IMMEDIATE")  # another writer holds the database
            (result,) = at_once((etr,))
            cursor.execute("ROLLBACK")
    finally:
        blocker.close()
        options["timeout"] = was
    assert result["code"] == EXIT_BUSY, result
    assert "nothing was written" in result["err"] and "Traceback" not in result["err"]
    assert not ImportBatch.objects.exists() and not Organisation.objects.exists()
