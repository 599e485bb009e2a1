"""The organisation page: details, links up over time, members as at a date, population, people."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.organisations.models import Kind, RelationshipKind
from concord.organisations.population import registered_population
from concord.organisations.statuses import OdsStatus
from tests.factories import (
    CCGFactory,
    OrganisationFactory,
    PersonFactory,
    PopulationCountFactory,
    PostFactory,
    PracticeFactory,
    RelationshipFactory,
    StatusPeriodFactory,
)

pytestmark = pytest.mark.django_db

MOVE = dt.date(2020, 4, 1)
BEFORE_MOVE = MOVE - dt.timedelta(days=1)
EXTRACTS = {dt.date(2020, 1, 1): (5000, 3000), dt.date(2021, 1, 1): (5100, 3100)}


@pytest.fixture
def economy():
    """South CCG succeeded North CCG; Bridge Medical Centre moved from North to South."""
    north = CCGFactory(code="01N", name="NHS North CCG", closed=BEFORE_MOVE)
    south = CCGFactory(code="02S", name="NHS South CCG", postcode="WN1 2AB", ons_code="E38000205")
    pcn = OrganisationFactory(code="U12345", name="Riverside PCN", kind=Kind.PCN)
    stays = PracticeFactory(code="P81001", name="Abbey Surgery")
    moved = PracticeFactory(code="P81002", name="Bridge Medical Centre")
    RelationshipFactory(child=south, parent=north, kind=RelationshipKind.SUCCESSOR_OF, start=MOVE)
    RelationshipFactory(child=stays, parent=south)
    RelationshipFactory(child=moved, parent=north, end=BEFORE_MOVE)
    RelationshipFactory(child=moved, parent=south, start=MOVE)
    RelationshipFactory(child=pcn, parent=south, start=dt.date(2019, 7, 1))
    RelationshipFactory(
        child=stays, parent=pcn, kind=RelationshipKind.MEMBER_OF, start=dt.date(2019, 7, 1)
    )
    for extract_date, (at_stays, at_moved) in EXTRACTS.items():
        PopulationCountFactory(organisation=stays, extract_date=extract_date, patients=at_stays)
        PopulationCountFactory(organisation=moved, extract_date=extract_date, patients=at_moved)
    return {o.code: o for o in (north, south, pcn, stays, moved)}


@pytest.fixture
def page(client, viewer):
    client.force_login(viewer)

    def get(code, **params):
        response = client.get(reverse("organisation", args=[code]), params)
        assert response.status_code == 200
        return response

    return get


def test_details(page, economy):
    response = page("02S")
    text = response.content.decode()
    for shown in ("NHS South CCG", "02S", "Clinical commissioning group", "WN1 2AB", "E38000205"):
        assert shown in text
    assert "Local code" not in text


def test_local_codes_are_flagged(page, db):
    OrganisationFactory(
        code="LOC-1", name="Central locality", kind=Kind.LOCALITY, is_local_code=True
    )
    assert "Local code, not an ODS code" in page("LOC-1").content.decode()


def test_dates_read_like_1_april_2013(page, economy):
    assert "1 April 2013" in page("P81001").content.decode()


def test_status_is_shown_as_at_the_date_with_its_history(page, db):
    dormant = dt.date(2023, 2, 1)
    practice = PracticeFactory(code="P81009", status=OdsStatus.DORMANT, opened=dt.date(1974, 4, 1))
    practice.status_periods.all().delete()
    StatusPeriodFactory(
        organisation=practice,
        status=OdsStatus.ACTIVE,
        start=practice.opened,
        end=dormant - dt.timedelta(days=1),
    )
    StatusPeriodFactory(organisation=practice, status=OdsStatus.DORMANT, start=dormant)
    before = page("P81009", as_at="2019-12-01").content.decode()
    assert ">Open</strong>" in before and "ODS status on 1 December 2019: Active" in before
    after = page("P81009", as_at="2023-02-01").content.decode()
    assert ">Dormant</strong>" in after and "ODS status on 1 February 2023: Dormant" in after
    history = page("P81009").context["status_periods"]
    assert [(p.status, p.start, p.end) for p in history] == [
        (OdsStatus.ACTIVE, dt.date(1974, 4, 1), dt.date(2023, 1, 31)),
        (OdsStatus.DORMANT, dormant, None),
    ]
    assert "31 January 2023" in after


def test_links_up_over_time_are_marked_in_force_or_ended(page, economy):
    states = {(link.parent.code, state) for link, state in page("P81002").context["links_up"]}
    assert states == {("01N", "ended"), ("02S", "in force")}


def test_links_up_as_at_a_date_before_the_move(page, economy):
    response = page("P81002", as_at=BEFORE_MOVE.isoformat())
    states = {(link.parent.code, state) for link, state in response.context["links_up"]}
    assert states == {("01N", "in force"), ("02S", "not yet started")}


def test_members_today_and_before_the_move(page, economy):
    today = page("02S")
    assert [link.child.code for link in today.context["members"]] == ["U12345", "P81001", "P81002"]
    assert today.context["member_counts"] == [("Primary care network", 1), ("GP practice", 2)]
    before = page("02S", as_at=BEFORE_MOVE.isoformat())
    assert [link.child.code for link in before.context["members"]] == ["U12345", "P81001"]
    assert before.context["as_at"] == BEFORE_MOVE
    assert "Members on 31 March 2020" in before.content.decode()


def test_within_counts_reach_every_depth(page, economy):
    pcn_members = page("U12345").context
    assert pcn_members["within_counts"] == [("GP practice", 1)]
    assert page("02S").context["within_counts"] == [("Primary care network", 1), ("GP practice", 2)]


def test_a_bad_as_at_date_falls_back_to_today_and_says_so(page, economy):
    response = page("02S", as_at="not a date")
    assert b"nhsuk-error-summary" in response.content
    assert len(response.context["members"]) == 3


def test_predecessors_and_successors(page, economy):
    assert [o.code for o in page("02S").context["predecessors"]] == ["01N"]
    assert [o.code for o in page("01N").context["successors"]] == ["02S"]
    assert "Succeeded by" in page("01N").content.decode()


def test_population_is_rolled_up_as_at_each_extract_date(page, economy):
    rows = page("02S").context["population"]
    first, second = sorted(EXTRACTS)
    assert rows == [
        {"extract_date": first, "patients": EXTRACTS[first][0], "practices": 1},
        {"extract_date": second, "patients": sum(EXTRACTS[second]), "practices": 2},
    ]
    assert rows[1]["patients"] == registered_population(economy["02S"], second)


def test_a_practice_shows_its_own_population(page, economy):
    rows = page("P81002").context["population"]
    assert [(r["patients"], r["practices"]) for r in rows] == [(3000, 1), (3100, 1)]
    assert "3,100" in page("P81002").content.decode()


def test_people_holding_posts_and_sitting_on_behalf(page, economy):
    officer = PostFactory(
        organisation=economy["02S"], person=PersonFactory(name="Alex Example (fictional)")
    )
    delegate = PostFactory(
        organisation=economy["U12345"],
        on_behalf_of=economy["02S"],
        role="Clinical director",
        person=PersonFactory(name="Sam Sample (fictional)"),
    )
    response = page("02S")
    assert list(response.context["posts"]) == [officer]
    assert list(response.context["on_behalf"]) == [delegate]
    text = response.content.decode()
    assert "Alex Example (fictional)" in text
    assert "Sam Sample (fictional)" in text
    assert "Riverside PCN" in text


def test_unknown_code_is_not_found(client, viewer, db):
    client.force_login(viewer)
    response = client.get(reverse("organisation", args=["NOPE"]))
    assert response.status_code == 404
    assert b"Page not found" in response.content


def queries_for(client, code) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("organisation", args=[code])).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_members(
    client, viewer, economy, django_assert_max_num_queries
):
    client.force_login(viewer)
    few = queries_for(client, "02S")
    for practice in PracticeFactory.create_batch(40):
        RelationshipFactory(child=practice, parent=economy["02S"])
        PopulationCountFactory(organisation=practice, extract_date=max(EXTRACTS))
        PostFactory(organisation=practice, on_behalf_of=economy["02S"])
    assert queries_for(client, "02S") == few
    # 3 for session and role, 1 organisation (with its ODS status on the date), 1 for its ODS
    # status over time, 2 links up and down, 3 for counts within, 2 for predecessors and
    # successors, 1 for extract dates, 6 per extract date (2 here), 2 for posts, 1 for the
    # indicator figures held (none here, so no analyst check), 1 for whether the user sets the
    # registry up.
    with django_assert_max_num_queries(29):
        client.get(reverse("organisation", args=["02S"]))
