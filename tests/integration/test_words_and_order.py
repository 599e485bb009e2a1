"""Names listed as a reader expects them (whatever the case of their letters, on SQLite and
PostgreSQL alike), kinds counted in good English, and the status rules explained in plain English
where a status is shown, never the code's own notes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from concord.accountability import status as s
from concord.accountability.refresh import refresh
from concord.organisations.models import Kind
from tests.factories import OrganisationFactory, PersonFactory, RelationshipFactory
from tests.integration.accountable import measure, senate_with
from tests.unit.test_words import CODE

pytestmark = pytest.mark.django_db
NAMES = ["AVENHAM SURGERY", "Ashton Medical Group", "ash tree practice", "Brookside", "avondale"]
IN_ORDER = ["ash tree practice", "Ashton Medical Group", "AVENHAM SURGERY", "avondale", "Brookside"]


def test_the_directory_sorts_names_whatever_their_capitals(client, viewer):
    for name in NAMES:
        OrganisationFactory(name=name, kind=Kind.PRACTICE)
    client.force_login(viewer)
    page = client.get(reverse("organisations"), {"kind": Kind.PRACTICE}).context["page"]
    assert [o.name for o in page.object_list] == IN_ORDER


def test_people_and_members_sort_whatever_their_capitals(client, viewer):
    locality = OrganisationFactory(code="LOC01", name="Central locality", kind=Kind.LOCALITY)
    for name in NAMES:
        member = OrganisationFactory(name=name, kind=Kind.PRACTICE)
        RelationshipFactory(child=member, parent=locality, start=dt.date(2020, 4, 1))
        PersonFactory(name=name)
    client.force_login(viewer)
    members = client.get(reverse("organisation", args=["LOC01"])).context["members"]
    assert [link.child.name for link in members] == IN_ORDER
    shown = client.get(reverse("people")).content.decode()
    assert sorted(NAMES, key=shown.index) == IN_ORDER


def test_members_are_counted_in_good_english(client, viewer):
    icb = OrganisationFactory(code="ICB01", name="An ICB", kind=Kind.ICB)
    for k in range(5):
        locality = OrganisationFactory(name=f"Locality {k}", kind=Kind.LOCALITY)
        RelationshipFactory(child=locality, parent=icb, start=dt.date(2020, 4, 1))
    client.force_login(viewer)
    page = client.get(reverse("organisation", args=["ICB01"])).content.decode()
    assert "5 localities" in page
    assert "localitys" not in page.lower()


@pytest.fixture
def commitment():
    senate, agreement = senate_with(seats=3, measured=1)
    party = senate.seats[0].organisation
    measure(party, dt.date(2020, 10, 1), [70.0, 70.4, 69.8, 70.2, 69.9, 70.3, 70.1, 69.7] * 2)
    refresh(today=dt.date(2021, 12, 15))
    return senate, agreement.commitments.get(party=party)


def test_the_commitment_page_explains_its_rules_in_plain_english(client, commitment):
    senate, found = commitment
    client.force_login(senate.viewer)
    page = client.get(reverse("accountability:commitment", args=[found.pk])).content.decode()
    for rule in s.RULES:
        assert f"{rule.gives}</strong> (rule {rule.number}): {escape(rule.help)}" in page
    current = found.statuses.order_by("-period__start").first()
    assert f"What rule {current.rule} means: {escape(s.RULE_HELP[current.rule])}" in page
    for code in ("Pure Python", "assess(", "STALE_AFTER_PERIODS", "Evidence", "no Django"):
        assert code not in page
    assert "What do these icons mean?" in page and "What is a 95% confidence interval?" in page


def test_every_scorecard_explains_the_rules_the_same_way(client, commitment):
    senate, found = commitment
    client.force_login(senate.viewer)
    for url in (
        reverse("accountability:overview"),
        reverse("accountability:forum", args=[senate.forum.slug]),
        reverse("accountability:organisation", args=[found.party.code]),
    ):
        page = client.get(url).content.decode()
        assert all(escape(rule.help) in page for rule in s.RULES), url
        assert "Pure Python" not in page and "STALE_AFTER" not in page, url
    assert not any(CODE.search(rule.help) for rule in s.RULES)
