"""The one search: the page, the API and the function, on SQLite and PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse

from concord.accountability.models import RedFlag
from concord.web.search import clean, search
from tests.factories import OrganisationFactory, PersonFactory, PostFactory, UserFactory
from tests.integration.accountable import agree, terms
from tests.integration.governance import build_senate, dementia_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def senate():
    return build_senate(seats=3)


def titles(found, kind):
    return [r.title for r in found.results.get(kind, [])]


def test_a_word_of_a_drafts_problem_finds_it(senate):
    proposal = dementia_proposal(senate)
    assert proposal.status == "draft"
    found = search("few people", senate.viewer)
    assert titles(found, "proposals") == ["Dementia strategy"]
    result = found.results["proposals"][0]
    assert result.url == reverse("governance:proposal", args=[proposal.pk])
    assert "Too few people" in result.snippet
    assert found.counts["proposals"] == 1


def test_every_word_must_match(senate):
    dementia_proposal(senate)
    assert titles(search("dementia earlier", senate.viewer), "proposals") == ["Dementia strategy"]
    assert search("dementia asthma", senate.viewer).total == 0


def test_only_signed_in_viewers_find_anything(senate, client):
    dementia_proposal(senate)
    no_role = UserFactory(role=None)
    assert search("dementia", no_role).total == 0
    response = client.get(reverse("search"), {"q": "dementia"})
    assert response.status_code == 302
    client.force_login(no_role)
    assert client.get(reverse("search"), {"q": "dementia"}).status_code == 403


def test_people_by_name_and_organisation_never_by_email(viewer):
    org = OrganisationFactory(name="Harbourside Clinical Commissioning Group")
    person = PersonFactory(name="Alex Fictional", email="secret.address@example.nhs.uk")
    PostFactory(person=person, organisation=org, role="Chief officer")
    assert titles(search("alex", viewer), "people") == ["Alex Fictional"]
    assert titles(search("harbourside", viewer), "people") == ["Alex Fictional"]
    assert search("secret.address", viewer).counts.get("people") == 0
    shown = search("alex", viewer).results["people"][0]
    assert "example.nhs.uk" not in shown.snippet
    assert "Harbourside" in shown.snippet


def test_agreements_commitments_flags_and_organisations(senate):
    org = senate.seats[0].organisation
    agreement = agree(senate, [terms(org, measured=False, what="Audit memory clinics yearly")])
    RedFlag.objects.create(
        kind="missed",
        key="test-flag",
        title="Memory clinic audit is overdue",
        evidence="No audit was received by the review date.",
        link="/",
        organisation=org,
    )
    found = search("memory clinic", senate.viewer)
    assert titles(found, "commitments") == [f"{org.name}: {agreement.title}"]
    assert titles(found, "flags") == ["Memory clinic audit is overdue"]
    assert titles(search("dementia strategy", senate.viewer), "agreements") == [agreement.title]
    assert f"{org.name} ({org.code})" in titles(search(org.name, senate.viewer), "organisations")
    assert titles(search(org.code, senate.viewer), "organisations") == [f"{org.name} ({org.code})"]


def test_kinds_limit_the_search(senate):
    dementia_proposal(senate)
    found = search("dementia", senate.viewer, kinds=["organisations"])
    assert list(found.counts) == ["organisations"]


@pytest.mark.parametrize("odd", ["%", "_", "'\"", "\\", "a" * 5000, " "])
def test_odd_input_never_fails(senate, client, odd):
    dementia_proposal(senate)
    client.force_login(senate.viewer)
    assert client.get(reverse("search"), {"q": odd}).status_code == 200
    assert client.get("/api/v1/search", {"q": odd}).status_code == 200


@pytest.mark.parametrize("odd", ["\x00", "dementia\x00"])
def test_a_nul_is_refused_before_the_search_and_cleaned_out_by_it(senate, client, odd):
    """The bad-input middleware refuses a NUL (400) before any query runs; the search itself
    still strips one, for a caller that reaches it directly."""
    client.force_login(senate.viewer)
    assert client.get(reverse("search"), {"q": odd}).status_code == 400
    assert client.get("/api/v1/search", {"q": odd}).status_code == 400
    assert "\x00" not in clean(odd)


def test_nul_in_the_address(senate, client):
    client.force_login(senate.viewer)
    assert client.get("/search/?q=%00").status_code == 400
    assert client.get("/api/v1/search?q=%00").status_code == 400


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_stems_english_words(senate):
    dementia_proposal(senate)  # its problem says "diagnosed", its strategy "Diagnose"
    assert titles(search("diagnosing", senate.viewer), "proposals") == ["Dementia strategy"]
    assert titles(search("diagnoses", senate.viewer), "proposals") == ["Dementia strategy"]


def test_page_groups_by_kind_with_counts(senate, client):
    dementia_proposal(senate)
    client.force_login(senate.viewer)
    page = client.get(reverse("search"), {"q": "dementia"}).content.decode()
    assert "Proposals (1)" in page
    assert "Dementia strategy" in page
    only = client.get(reverse("search"), {"q": "dementia", "kind": "proposals"}).content.decode()
    assert "Dementia strategy" in only
    none = client.get(reverse("search"), {"q": "zebra"}).content.decode()
    assert "No results for zebra" in none


def test_header_has_the_search_box_for_signed_in_people(senate, client):
    client.force_login(senate.viewer)
    page = client.get(reverse("home")).content.decode()
    assert 'class="nhsuk-header__search"' in page
    client.logout()
    assert "nhsuk-header__search" not in client.get(reverse("login")).content.decode()


def test_api_search_is_bounded(senate, client):
    dementia_proposal(senate)
    client.force_login(senate.viewer)
    body = client.get("/api/v1/search", {"q": "few people"}).json()
    proposals = next(k for k in body["kinds"] if k["kind"] == "proposals")
    assert proposals["count"] == 1
    assert proposals["results"][0]["title"] == "Dementia strategy"
    assert client.get("/api/v1/search", {"q": "x", "limit": 51}).status_code == 422
    narrowed = client.get("/api/v1/search", {"q": "dementia", "kind": "proposals"}).json()
    assert [k["kind"] for k in narrowed["kinds"]] == ["proposals"]
    client.logout()
    assert client.get("/api/v1/search", {"q": "dementia"}).status_code == 401


def test_search_page_queries_do_not_grow_with_rows(senate, client, django_assert_max_num_queries):
    for _ in range(6):
        dementia_proposal(senate)
    for n in range(8):
        person = PersonFactory(name=f"Dementia lead {n}")
        PostFactory(person=person, organisation=senate.seats[0].organisation, role="Lead")
    client.force_login(senate.viewer)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("search"), {"q": "dementia"}).status_code == 200


def test_connection_is_known():
    assert connection.vendor in ("sqlite", "postgresql")
