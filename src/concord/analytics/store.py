"""The store: one embedded DuckDB file, STORE_FILE in the var folder (the commands pass
settings.VAR_DIR, from CONCORD_VAR_DIR; ./var without one).

`snapshot(con)` names the data a computation read: a digest of the batches loaded so far, so two
runs on the same snapshot must give the same figures.
"""

import hashlib
from pathlib import Path

import duckdb

from .schema import DDL

__all__ = ["STORE_FILE", "counts", "default_path", "is_synthetic", "open_store", "snapshot"]

STORE_FILE = "analytics/store.duckdb"


def default_path(var_dir: Path | str | None = None) -> Path:
    """The store in `var_dir` (./var without one)."""
    return Path(var_dir or Path.cwd() / "var").resolve() / STORE_FILE


def open_store(path: Path | str | None = None, *, read_only: bool = False):
    """A connection to the store, its tables created on first use (":memory:" for tests)."""
    path = str(path or default_path())
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if read_only and not Path(path).exists():
            read_only = False
    con = duckdb.connect(path, read_only=read_only)
    con.execute("SET enable_progress_bar = false")  # no bars in logs; ingestion may turn them on
    if not read_only:
        con.execute(DDL)
    return con


def snapshot(con) -> str:
    """A short digest of the batches in the store: the data a computation reads."""
    checksums = [
        row[0] for row in con.execute("SELECT checksum FROM batches ORDER BY id").fetchall()
    ]
    return hashlib.sha256("\n".join(checksums).encode()).hexdigest()[:16]


def counts(con) -> dict[str, int]:
    return {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        for table in ("people", "registrations", "events", "batches")
    }


def is_synthetic(con) -> bool:
    """True when every batch in the store came from the synthetic generator."""
    row = con.execute("SELECT count(*), count(*) FILTER (WHERE synthetic) FROM batches").fetchall()[
        0
    ]
    return row[0] > 0 and row[0] == row[1]
