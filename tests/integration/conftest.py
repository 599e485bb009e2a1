"""Fixtures the integration tests share: a database several threads reach at once."""

import shutil

import pytest
from django.core.management import call_command

from tests.integration.concurrency import SQLITE, pointed_at


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory, django_db_blocker):
    """A migrated SQLite file to copy for each test (None on PostgreSQL): migrating takes
    about ten seconds, so it is done once per test process and only ever copied."""
    if not SQLITE:
        yield None
        return
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    with django_db_blocker.unblock(), pointed_at(path):
        call_command("migrate", verbosity=0, interactive=False)
    yield path


@pytest.fixture
def live_database(transactional_db, migrated_file, tmp_path, django_db_blocker):
    """Data that really commit, in a database several threads reach at once."""
    if migrated_file is None:
        yield
        return
    path = tmp_path / "concord.sqlite3"
    shutil.copy(migrated_file, path)
    with pointed_at(path):
        yield
