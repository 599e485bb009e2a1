"""What a page costs the server, as counts (never timings: those are `make bench`'s,
tests/benchmarks/load.py): the forum page reads every seat's representatives at once, a page
reads the viewer's groups once however often it asks for the role, SQLite connections
persist between requests as PostgreSQL's do, and figures are formatted without humanize."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from concord.access.roles import EDITOR, VIEWER, ensure_roles, role_of
from concord.governance import actions
from concord.governance.representation import representatives, representatives_by_seat
from concord.organisations.models import Kind
from concord.web.templatetags import figures
from tests.factories import OrganisationFactory, PersonFactory, PostFactory
from tests.integration.governance import SINCE, build_senate


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def more_seats(senate, count: int) -> None:
    """Seats sat for both ways: a secretariat post on behalf of the seat, and an appointment."""
    for n in range(count):
        org = OrganisationFactory(name=f"Added seat {n}", kind=Kind.ACUTE_TRUST)
        seat = actions.add_seat(by=senate.admin, forum=senate.forum, organisation=org, start=SINCE)
        posted = PersonFactory(name=f"Added member {n} (fictional)")
        PostFactory(
            person=posted,
            organisation=senate.forum.organisation,
            on_behalf_of=org,
            role="Member",
            start=SINCE,
        )
        appointed = PersonFactory(name=f"Added appointee {n} (fictional)")
        actions.add_representative(by=senate.admin, seat=seat, person=appointed, start=SINCE)


@pytest.mark.django_db
def test_the_forum_page_reads_every_seats_representatives_at_once(client):
    senate = build_senate(seats=3)
    client.force_login(senate.viewer)
    url = reverse("governance:forum", args=[senate.forum.slug])
    before = len(queries(client, url))
    more_seats(senate, 4)
    html = client.get(url).content.decode()
    assert len(queries(client, url)) == before
    assert "Added member 3 (fictional)" in html and "Added appointee 3 (fictional)" in html


@pytest.mark.django_db
def test_every_seats_representatives_at_once_are_each_seats_own():
    senate = build_senate(seats=4)
    more_seats(senate, 2)
    seats = list(senate.forum.seats.select_related("forum", "organisation"))
    found = representatives_by_seat(seats, SINCE)
    assert found == {seat.pk: representatives(seat, SINCE) for seat in seats}
    assert all(found.values())


@pytest.mark.django_db
def test_a_page_reads_the_viewers_groups_once(client):
    senate = build_senate(seats=3)
    client.force_login(senate.chair)  # the chair's page offers the most, each checking the role
    sql = queries(client, reverse("governance:forum", args=[senate.forum.slug]))
    assert len([q for q in sql if '"auth_group"' in q]) == 1


@pytest.mark.django_db
def test_the_role_follows_a_change_of_groups_on_the_same_user():
    ensure_roles()
    senate = build_senate(seats=1)
    user = senate.viewer
    assert role_of(user) == VIEWER
    user.groups.add(Group.objects.get(name=EDITOR))
    assert role_of(user) == EDITOR
    user.groups.remove(Group.objects.get(name=EDITOR))
    assert role_of(user) == VIEWER


def test_database_connections_persist_between_requests():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


@given(
    st.one_of(
        st.integers(-(10**12), 10**12),
        st.floats(-1e12, 1e12, allow_nan=False),
        st.decimals(-(10**9), 10**9, places=3, allow_nan=False),
    ),
    st.integers(0, 4),
)
def test_figures_read_as_humanizes_intcomma_did(value, places):
    """The figures' own thousands separators: the same text as intcomma, which cost far more."""
    assert figures.figure(value, places) == intcomma(f"{value:.{places}f}")
    if float(value).is_integer():
        assert figures.count(value) == intcomma(round(value))
    else:
        assert figures.count(value) == intcomma(f"{value:.1f}")
