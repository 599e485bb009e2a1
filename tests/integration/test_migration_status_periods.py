"""Migration 0002 dates the ODS status of the organisations already held."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("organisations", "0001_initial")]
AFTER = [("organisations", "0002_status_periods")]
D = dt.date.fromisoformat


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def at_0001():
    """The schema before migration 0002; the latest schema again afterwards, whatever happens."""
    yield migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_each_status_held_becomes_a_dated_period(at_0001):
    old = at_0001
    Organisation = old.get_model("organisations", "Organisation")
    for code, status, closed in [
        ("P1", "A", None),
        ("P2", "D", None),
        ("P3", "C", "2021-06-30"),
        ("RXX", "", None),
    ]:
        Organisation.objects.create(
            code=code,
            name=code,
            kind="practice",
            status=status,
            opened=D("1974-04-01"),
            closed=closed and D(closed),
        )
    new = migrate(AFTER)
    StatusPeriod = new.get_model("organisations", "StatusPeriod")
    periods = StatusPeriod.objects.order_by("organisation__code", "start")
    assert [(p.organisation.code, p.status, p.start, p.end) for p in periods] == [
        ("P1", "A", D("1974-04-01"), None),
        ("P2", "D", D("1974-04-01"), None),
        ("P3", "A", D("1974-04-01"), D("2021-06-30")),
        ("P3", "C", D("2021-07-01"), None),
    ]
