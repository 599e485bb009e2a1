"""The organisation directory: search, filters, as-at date, pagination and a pinned query count."""

import datetime as dt

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.organisations.models import Kind, RelationshipKind
from concord.organisations.statuses import OdsStatus
from tests.factories import (
    CCGFactory,
    OrganisationFactory,
    PracticeFactory,
    RelationshipFactory,
    StatusPeriodFactory,
)

pytestmark = pytest.mark.django_db

MOVE = dt.date(2020, 4, 1)


def factory_name():
    return factory.Sequence(lambda n: f"Practice {n:04d}")


@pytest.fixture
def economy():
    """Two CCGs; a practice that moved from the first to the second on 1 April 2020."""
    north = CCGFactory(code="01N", name="NHS North CCG")
    south = CCGFactory(code="02S", name="NHS South CCG")
    pcn = OrganisationFactory(code="U12345", name="Riverside PCN", kind=Kind.PCN)
    stays = PracticeFactory(code="P81001", name="Abbey Surgery", postcode="WN1 1AA")
    moved = PracticeFactory(code="P81002", name="Bridge Medical Centre", postcode="WN2 2BB")
    closed = PracticeFactory(
        code="P81003", name="Canal Street Surgery", opened=dt.date(2000, 1, 1), closed=MOVE
    )
    RelationshipFactory(child=stays, parent=south)
    RelationshipFactory(child=closed, parent=south)
    RelationshipFactory(child=moved, parent=north, end=MOVE - dt.timedelta(days=1))
    RelationshipFactory(child=moved, parent=south, start=MOVE)
    RelationshipFactory(
        child=stays, parent=pcn, kind=RelationshipKind.MEMBER_OF, start=dt.date(2019, 7, 1)
    )
    return {o.code: o for o in (north, south, pcn, stays, moved, closed)}


@pytest.fixture
def directory(client, viewer):
    client.force_login(viewer)

    def get(**params):
        response = client.get(reverse("organisations"), params)
        assert response.status_code == 200
        return response

    return get


def codes(response) -> list[str]:
    return [o.code for o in response.context["page"].object_list]


def test_lists_everything_sorted_by_name(directory, economy):
    response = directory()
    expected = sorted(economy.values(), key=lambda o: o.name)
    assert codes(response) == [o.code for o in expected]
    for org in economy.values():
        assert org.name.encode() in response.content


@pytest.mark.parametrize(
    ("text", "expected"),
    [("P81002", ["P81002"]), ("p81002", ["P81002"]), ("surgery", ["P81001", "P81003"])],
)
def test_search_by_code_or_name(directory, economy, text, expected):
    assert codes(directory(q=text)) == expected


def test_search_by_postcode(directory, economy):
    assert codes(directory(q="WN2 2BB")) == ["P81002"]


def test_filter_by_kind(directory, economy):
    assert codes(directory(kind=Kind.CCG)) == ["01N", "02S"]
    assert codes(directory(kind=Kind.PCN)) == ["U12345"]


def test_within_uses_the_links_in_force_today(directory, economy):
    assert codes(directory(within="02S")) == ["P81001", "P81002", "P81003"]
    assert codes(directory(within="01N")) == []
    assert codes(directory(within="u12345")) == ["P81001"]


def test_within_as_at_a_date_before_the_move(directory, economy):
    before = (MOVE - dt.timedelta(days=1)).isoformat()
    assert codes(directory(within="01N", as_at=before)) == ["P81002"]
    assert codes(directory(within="02S", as_at=before)) == ["P81001", "P81003"]


def test_open_and_closed_as_at_a_date(directory, economy):
    assert "P81003" not in codes(directory(status="open"))
    assert codes(directory(status="closed")) == ["P81003"]
    assert codes(directory(status="closed", as_at="2019-01-01")) == []
    assert "P81003" in codes(directory(status="open", as_at="2019-01-01"))


def dormant_from(on: dt.date):
    """Dane Road Surgery, active since 1974 and dormant from `on`."""
    practice = PracticeFactory(
        code="P81004",
        name="Dane Road Surgery",
        status=OdsStatus.DORMANT,
        opened=dt.date(1974, 4, 1),
    )
    practice.status_periods.all().delete()
    StatusPeriodFactory(
        organisation=practice,
        status=OdsStatus.ACTIVE,
        start=practice.opened,
        end=on - dt.timedelta(days=1),
    )
    StatusPeriodFactory(organisation=practice, status=OdsStatus.DORMANT, start=on)
    return practice


def test_open_and_status_follow_the_ods_status_on_the_as_at_date(directory, db):
    dormant_from(dt.date(2023, 2, 1))
    assert codes(directory(status="open", as_at="2019-12-01")) == ["P81004"]
    assert codes(directory(status="open", as_at="2023-02-01")) == []
    assert codes(directory(status="closed", as_at="2023-02-01")) == ["P81004"]
    before = directory(as_at="2019-12-01").content.decode()
    after = directory(as_at="2023-02-01").content.decode()
    assert ">Open</strong>" in before and "Dormant" not in before
    assert ">Dormant</strong>" in after and ">Open</strong>" not in after


def test_filters_combine(directory, economy):
    assert codes(directory(within="02S", status="open", q="surgery")) == ["P81001"]


def test_unknown_within_code_is_reported_in_the_error_summary(directory, economy):
    response = directory(within="ZZZ")
    assert codes(response) == []
    assert b"nhsuk-error-summary" in response.content
    assert b"No organisation has the code ZZZ" in response.content


def test_a_bad_date_is_reported(directory, economy):
    response = directory(as_at="31/02/2020")
    assert b"nhsuk-error-summary" in response.content
    assert b'href="#id_as_at"' in response.content


def test_fifty_a_page_and_the_filters_carry_to_the_next_page(directory, db):
    practices = PracticeFactory.create_batch(120, name=factory_name())
    page_one = directory(kind=Kind.PRACTICE)
    names = sorted(p.name for p in practices)
    assert [o.name for o in page_one.context["page"].object_list] == names[:50]
    assert b"kind=practice&amp;page=2" in page_one.content
    page_three = directory(kind=Kind.PRACTICE, page=3)
    assert [o.name for o in page_three.context["page"].object_list] == names[100:]


def queries_for(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("organisations"), params).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(
    client, viewer, economy, django_assert_max_num_queries
):
    client.force_login(viewer)
    params = {"within": "02S", "status": "open", "q": "e"}
    few = queries_for(client, **params)
    for practice in PracticeFactory.create_batch(60, name=factory_name()):
        RelationshipFactory(child=practice, parent=economy["02S"])
    assert queries_for(client, **params) == few
    # 1 of them: whether the user sets the registry up; 1 the latest extract of registered patients
    with django_assert_max_num_queries(10):
        client.get(reverse("organisations"), params)
