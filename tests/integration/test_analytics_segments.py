"""Segments count people by the locality their practice was in at the end of the 12 months."""

import datetime as dt

import pytest

from concord.analytics.localities import localities
from concord.analytics.schema import DEMENTIA_ICD10
from concord.analytics.segments import raw_segments
from concord.organisations.kinds import Kind, RelationshipKind
from tests.factories import CCGFactory, OrganisationFactory, PracticeFactory, RelationshipFactory
from tests.spec.cases import event, person, registration
from tests.spec.conftest import store_with

pytestmark = pytest.mark.django_db
MOVED = dt.date(2021, 1, 1)  # the day the practice moved from one locality to the other


@pytest.fixture
def registry():
    ccg = CCGFactory(name="NHS Somewhere CCG")
    east, west = (
        OrganisationFactory(kind=Kind.LOCALITY, name=f"{side} locality")
        for side in ("East", "West")
    )
    mover, unplaced = PracticeFactory(code="P1"), PracticeFactory(code="P2")
    for practice in (mover, unplaced):
        RelationshipFactory(child=practice, parent=ccg)
    member = {"child": mover, "kind": RelationshipKind.MEMBER_OF}
    RelationshipFactory(
        **member, parent=east, start=dt.date(2020, 4, 1), end=MOVED - dt.timedelta(1)
    )
    RelationshipFactory(**member, parent=west, start=MOVED)
    return ccg, east, west


def test_a_practice_is_in_the_locality_of_the_day_asked(registry):
    ccg, east, west = registry
    assert localities(MOVED - dt.timedelta(1)) == {"P1": east.name, "P2": ccg.name}
    assert localities(MOVED) == {"P1": west.name, "P2": ccg.name}
    assert localities(dt.date(2019, 12, 31)) == {"P1": ccg.name, "P2": ccg.name}


def test_segments_follow_the_hierarchy_at_the_end_of_their_window(registry):
    _, east, west = registry
    con = store_with(
        [person(1, "1940-03"), person(2, "1945-06")],
        [registration(1, "P1", "2000-01-01"), registration(2, "P2", "2000-01-01")],
        [
            event(p, "2020-05-01", "diagnosis", f"{DEMENTIA_ICD10[0]}.1", "icd10", "gp")
            for p in (1, 2)
        ],
    )
    for as_at, locality in ((dt.date(2020, 12, 31), east), (dt.date(2021, 3, 31), west)):
        rows = raw_segments(con, as_at, localities(as_at))
        assert {"locality": locality.name, "services": "GP only", "people": 1} in rows
        assert {"locality": "NHS Somewhere CCG", "services": "GP only", "people": 1} in rows
        assert sum(row["people"] for row in rows) == 2
