"""Staging folders: locked while their run lives, removed after it or by a later run."""

import fcntl
import os
import time

from concord.analytics.staging import LOCK, UNLOCKED_AFTER, remove_stale, staging_folder


def test_a_folder_is_locked_while_its_run_lives_and_gone_after(tmp_path):
    with staging_folder(tmp_path) as folder:
        assert folder.parent == tmp_path and folder.name.startswith("concord-ingest-")
        assert (folder / LOCK).read_text().strip() == str(os.getpid())
        assert [p.name for p in folder.iterdir()] == [LOCK]  # the lock is in place, renamed
        with open(folder / LOCK) as other:  # another run cannot take it
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                taken = True
            except BlockingIOError:
                taken = False
        assert not taken
        assert remove_stale(tmp_path) == 0 and folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_only_folders_nobody_holds_are_removed(tmp_path):
    dead = tmp_path / "concord-ingest-dead"
    dead.mkdir()
    (dead / LOCK).write_text("1\n")
    unlocked_old, unlocked_new = tmp_path / "concord-ingest-old", tmp_path / "concord-ingest-new"
    unlocked_old.mkdir(), unlocked_new.mkdir()
    then = time.time() - UNLOCKED_AFTER - 60
    os.utime(unlocked_old, (then, then))
    other = tmp_path / "not-ours"
    other.mkdir()
    with staging_folder(tmp_path) as live:
        assert not dead.exists() and not unlocked_old.exists()  # removed on the way in
        assert unlocked_new.exists() and other.exists() and live.exists()
        assert remove_stale(tmp_path) == 0
