"""Staging folders beside the store: made for one ingest, removed after it, or by the next run.

An ingest stages a file in a folder `concord-ingest-*` beside the store (DuckDB's spill files and
the pseudonymised rows on their way in). A run that is killed cannot remove its folder, so every
run first removes those of runs that have died, and only those: each run holds an exclusive
lock (flock) on the folder's `.lock` file for as long as it works, and the operating system
releases it when the process ends, however it ends. A folder whose lock can be taken is stale.
The lock file is put in place already locked (locked under another name, then renamed), so a
folder never shows a `.lock` that nobody holds while its run is alive. A folder without a lock
file (a run just starting, or one made before locks) is removed only once it is old.
"""

import fcntl
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["LOCK", "UNLOCKED_AFTER", "remove_stale", "staging_folder"]

PREFIX = "concord-ingest-"
LOCK = ".lock"
UNLOCKED_AFTER = 3600  # seconds: a folder without a lock file older than this is stale

log = logging.getLogger("concord.analytics")


def parent_folder(parent: Path | str | None) -> Path:
    return Path(parent) if parent else Path(tempfile.gettempdir())


def remove_stale(parent: Path | str | None) -> int:
    """Remove the staging folders in `parent` left by runs that have ended; how many."""
    removed = 0
    for folder in sorted(parent_folder(parent).glob(f"{PREFIX}*")):
        if not folder.is_dir() or folder.is_symlink():
            continue
        is_stale, held = claim(folder)
        if not is_stale:
            continue
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            if held is not None:
                os.close(held)
        removed += not folder.exists()
    if removed:
        log.info("removed %d staging folder(s) left by an interrupted ingest", removed)
    return removed


def claim(folder: Path) -> tuple[bool, int | None]:
    """Whether no live run holds the folder, and the lock this process now holds on it (to be
    kept while the folder is removed, so that no other run removes it at the same time)."""
    try:
        descriptor = os.open(folder / LOCK, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > UNLOCKED_AFTER, None
        except OSError:
            return False, None
    except OSError:
        return False, None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # a live run holds it
        os.close(descriptor)
        return False, None
    return True, descriptor


@contextmanager
def staging_folder(parent: Path | str | None) -> Iterator[Path]:
    """A new staging folder in `parent` (the system's temporary folder when None), locked by
    this run and removed afterwards; stale folders of earlier runs are removed first."""
    parent = parent_folder(parent)
    remove_stale(parent)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
    descriptor = lock(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if descriptor is not None:
            os.close(descriptor)


def lock(folder: Path) -> int | None:
    """Lock `folder` for this run: `.lock`, created locked under another name, then renamed."""
    making = folder / f"{LOCK}-{os.getpid()}"
    descriptor = os.open(making, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # a file system without locks: the folder counts as unlocked (by its age)
        os.close(descriptor)
        making.unlink()
        return None
    os.write(descriptor, f"{os.getpid()}\n".encode())
    os.rename(making, folder / LOCK)
    return descriptor
