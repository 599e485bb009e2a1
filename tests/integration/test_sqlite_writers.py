"""Two writers at once on SQLite, with the settings the product runs with.

Two imports at once used to end with the second's status refresh failing ("database is
locked") after its data had committed: a transaction that reads and then writes is refused
when another writer got in between. With transactions begun IMMEDIATE, the second writer waits
for the first at its start instead. Real SQLite files, two real connections."""

import threading

import pytest
from django.conf import settings
from django.db import connections, transaction

SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
pytestmark = pytest.mark.skipif(not SQLITE, reason="SQLite's locking; PostgreSQL has row locks")
WRITERS = ("first_writer", "second_writer")


@pytest.fixture
def writers(tmp_path, django_db_blocker):
    """Two connections to one SQLite file, configured as the default database is."""
    default = settings.DATABASES["default"]
    options = {**default["OPTIONS"], "timeout": 2}  # seconds a writer waits for another
    wanted = {
        alias: {**default, "NAME": str(tmp_path / "figures.sqlite3"), "OPTIONS": options}
        for alias in WRITERS
    }
    with django_db_blocker.unblock():
        configured = connections.configure_settings({"default": dict(default), **wanted})
        connections.settings.update({alias: configured[alias] for alias in WRITERS})
        with connections[WRITERS[0]].cursor() as cursor:
            cursor.execute("CREATE TABLE figures (n integer)")
        yield WRITERS
        connections[WRITERS[0]].close()
        for alias in WRITERS:
            del connections.settings[alias]


def write(alias: str, n: int) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("INSERT INTO figures VALUES (%s)", [n])


def test_a_second_writer_waits_for_the_first_instead_of_refusing_it(writers):
    first, second = writers
    errors, second_wrote = [], threading.Event()

    def second_writer():
        try:
            with transaction.atomic(using=second):
                write(second, 2)
                second_wrote.set()
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connections[second].close()

    with transaction.atomic(using=first):
        with connections[first].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM figures")  # reads first, as the refresh does
        thread = threading.Thread(target=second_writer)
        thread.start()
        second_wrote.wait(0.5)  # time for the second writer to get in, if it can
        write(first, 1)  # then writes
    thread.join()
    assert errors == []
    with connections[first].cursor() as cursor:
        cursor.execute("SELECT n FROM figures ORDER BY rowid")
        assert [n for (n,) in cursor.fetchall()] == [1, 2]
