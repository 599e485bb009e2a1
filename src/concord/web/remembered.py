"""What a page computed, remembered by the server process until the data change.

Most of a page's time goes on its data (what needs the signed-in person, an organisation's
figures and population) and, between two writes, the same reader is shown the same data. So each
process remembers them under the database's *generation*, a token that every committed write
changes, asked for once per read:

- PostgreSQL: the write-ahead log's insert position, `pg_current_wal_lsn()` (every committed
  change to a logged table moves it, a rollback too);
- SQLite: `PRAGMA data_version` (changes when another connection commits) with the connection's
  `total_changes()` (grows with its own changes), for the connection in use.

What was remembered under another generation is never served. Nothing is remembered inside a
transaction (its writes may yet roll back), on a database in memory, on a PostgreSQL standby or on
any other database: there `remembered` simply computes. Keys hold everything the data depend on,
the reader included, so one reader is never shown what was computed for another. The values kept
are read only by the templates; a caller must not change them.
"""

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import DatabaseError, connection

__all__ = ["Answered", "counts", "forget", "generation", "remembered"]

LIMIT = 512  # values kept per process, the least recently used going first (a few MB each at most)

T = TypeVar("T")
_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()
_opened = itertools.count()
counts = {"hits": 0, "misses": 0}  # since the process started: for the load benchmark


def generation(using=connection) -> Hashable | None:
    """The token of the data as the connection now sees them, or None where nothing may be
    remembered."""
    if using.in_atomic_block:
        return None
    if using.vendor == "postgresql":
        return _postgresql(using)
    if using.vendor == "sqlite" and not using.is_in_memory_db():
        return _sqlite(using)
    return None


def _postgresql(using) -> str | None:
    try:
        with using.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            return cursor.fetchone()[0]
    except DatabaseError:  # a standby: recovery is in progress
        return None


def _sqlite(using) -> tuple[int, int, int]:
    with using.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT total_changes()")
        changes = cursor.fetchone()[0]
    # data_version counts from the connection's opening: the connection is part of the token
    # (held on the connection's wrapper: a closed connection is let go at the next read)
    raw = using.connection
    held = getattr(using, "concord_generation_of", None)
    if held is None or held[0] is not raw:
        held = using.concord_generation_of = (raw, next(_opened))
    return held[1], version, changes


class Answered(Exception):  # noqa: N818 - it carries an answer, not an error
    """Raised by a computation with a response of its own (a download, an error page), which
    is never remembered: it holds what belongs to one response (a CSRF token, the CSP nonce)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """compute(), or what it gave for `key` under the current generation."""
    token = generation()
    if token is None:
        return compute()
    full = (token, *key)
    with _lock:
        if full in _kept:
            _kept.move_to_end(full)
            counts["hits"] += 1
            return _kept[full]
    value = compute()
    with _lock:
        counts["misses"] += 1
        _kept[full] = value
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
    return value


def forget() -> None:
    """Drop everything kept (tests that rebuild the database under the same token)."""
    with _lock:
        _kept.clear()
