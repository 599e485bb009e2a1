"""Home, person and import history pages."""

import datetime as dt

import pytest
from django.urls import reverse

from concord.organisations.models import ImportBatch, Kind
from tests.factories import (
    CCGFactory,
    OrganisationFactory,
    PersonFactory,
    PopulationCountFactory,
    PostFactory,
    PracticeFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

LATEST = dt.date(2021, 1, 1)


@pytest.fixture
def signed_in(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def economy():
    ccg = CCGFactory(code="02H", name="NHS Wigan Borough CCG")
    sizes = {"P1": 4200, "P2": 6100, "P3": 9050}
    for code, patients in sizes.items():
        practice = PracticeFactory(code=code)
        RelationshipFactory(child=practice, parent=ccg)
        PopulationCountFactory(organisation=practice, extract_date=LATEST, patients=patients)
        PopulationCountFactory(organisation=practice, extract_date=dt.date(2020, 1, 1))
    OrganisationFactory(code="RRF", name="Wrightington, Wigan and Leigh", kind=Kind.ACUTE_TRUST)
    return ccg, sizes


def test_home_counts_organisations_by_kind(signed_in, economy):
    response = signed_in.get(reverse("home"))
    assert response.context["kind_counts"] == [
        (Kind.CCG, 1),
        (Kind.PRACTICE, 3),
        (Kind.ACUTE_TRUST, 1),
    ]


def test_home_summarises_the_economy_without_the_commissioners_or_checksums(signed_in, economy):
    """The directory lists the commissioners; home keeps the counts and the latest extract."""
    ImportBatch.objects.create(kind="epraccur", file_name="epraccur.csv", checksum="ab" * 32)
    response = signed_in.get(reverse("home"))
    assert response.context["extract_date"] == LATEST
    text = response.content.decode()
    assert "In this economy" in text and "1 January 2021" in text
    assert "NHS Wigan Borough CCG" not in text and "Commissioners" not in text
    assert "ab" * 6 not in text and "epraccur.csv" not in text


def test_home_of_an_empty_registry(signed_in):
    response = signed_in.get(reverse("home"))
    assert response.status_code == 200
    assert b"The registry is empty" in response.content


def test_person_page_shows_posts_over_time_and_on_behalf_of(signed_in, db):
    person = PersonFactory(name="Jo Bloggs (fictional)")
    first = CCGFactory(name="NHS Chorley and South Ribble CCG")
    second = CCGFactory(name="NHS Greater Preston CCG")
    PostFactory(person=person, organisation=first, start=dt.date(2018, 4, 1))
    PostFactory(person=person, organisation=second, start=dt.date(2019, 4, 1))
    PostFactory(
        person=person,
        organisation=OrganisationFactory(name="Central Lancashire senate", kind=Kind.LOCALITY),
        on_behalf_of=first,
        role="Member",
        start=dt.date(2020, 4, 1),
        end=dt.date(2021, 3, 31),
    )
    response = signed_in.get(reverse("person", args=[person.pk]))
    orgs = [p.organisation.name for p in response.context["posts"]]
    assert orgs == [first.name, second.name, "Central Lancashire senate"]
    text = response.content.decode()
    assert "Fictional person" in text
    assert "1 April 2018" in text
    assert "31 March 2021" in text


def test_real_people_are_not_tagged_fictional(signed_in, db):
    person = PersonFactory(name="A Real Name", is_fictional=False)
    response = signed_in.get(reverse("person", args=[person.pk]))
    assert b"Fictional person" not in response.content


def test_import_history(signed_in, viewer):
    checksum = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    ImportBatch.objects.create(
        kind="epraccur",
        file_name="epraccur.csv",
        checksum=checksum,
        rows_read=1234,
        created=1200,
        updated=30,
        unchanged=4,
        closed=2,
        imported_by=viewer,
    )
    response = signed_in.get(reverse("imports"))
    text = response.content.decode()
    for shown in ("epraccur.csv", checksum[:12], "1,234", "1,200", viewer.username):
        assert shown in text
    assert checksum not in text.replace(f'title="SHA-256 {checksum}"', "")
