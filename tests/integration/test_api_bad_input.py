"""The API answers input no database can take with a 4xx and JSON, never a server error: a page
past the bounds, a NUL byte anywhere, an id past 64 bits or below 1, and it checks who may act
before it looks up what the body names. Runs on SQLite and on PostgreSQL."""

import json

import pytest

from concord.access.models import ApiToken
from tests.factories import PersonFactory, UserFactory
from tests.integration.contracting import build_world, dementia_programme
from tests.integration.governance import build_senate

pytestmark = pytest.mark.django_db
HUGE = 10**20


def bearer(user) -> dict:
    _, token = ApiToken.objects.issue(user=user, name="test")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def viewing(viewer):
    return bearer(viewer)


def is_json(response) -> bool:
    return response["Content-Type"].startswith("application/json") and "detail" in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators?offset=99999999999999999999",
        "/api/v1/measurements?offset=99999999999999999999",
        "/api/v1/organisations?offset=-1",
        "/api/v1/measurements?limit=100000",
        "/api/v1/people?limit=1001",
        "/api/v1/governance/forums?limit=0",
    ],
)
def test_a_page_past_the_bounds_is_422(client, viewing, url):
    response = client.get(url, headers=viewing)
    assert response.status_code == 422
    assert is_json(response)


def test_the_largest_page_and_offset_are_answered(client, viewing):
    page = client.get(f"/api/v1/indicators?limit=1000&offset={2**63 - 1}", headers=viewing)
    assert page.status_code == 200
    assert page.json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/%00",
        "/api/v1/organisations?q=%00",
        "/api/v1/search?q=%00",
        "/api/v1/contracts?party=%00",
        "/api/v1/organisations?q=a%01b",
        "/api/v1/organisations/%00/members",
    ],
)
def test_a_nul_or_control_character_in_the_path_or_query_is_400_json(client, viewing, url):
    response = client.get(url, headers=viewing)
    assert response.status_code == 400
    assert "U+00" in response.json()["detail"]


def test_a_nul_in_a_json_body_is_400_naming_the_field(client, admin_user):
    body = {"name": "Wigan\u0000 locality", "kind": "locality"}
    response = client.post(
        "/api/v1/organisations",
        json.dumps(body),
        content_type="application/json",
        headers=bearer(admin_user),
    )
    assert response.status_code == 400
    assert "name" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/people/99999999999999999999", 404),
        ("/api/v1/people/-1", 404),  # no address has a minus sign where an id goes
        ("/api/v1/people/0", 422),  # ids start at 1
        ("/api/v1/people/123456", 404),
    ],
)
def test_an_id_past_64_bits_or_below_1_is_a_json_4xx(client, viewing, url, status):
    response = client.get(url, headers=viewing)
    assert response.status_code == status
    assert is_json(response)


def test_an_unknown_address_under_the_api_is_a_json_404(client, viewing):
    response = client.get("/api/v1/no-such-thing", headers=viewing)
    assert response.status_code == 404
    assert is_json(response)


def test_a_commitment_id_of_ten_to_the_twenty_is_422_not_a_server_error(client):
    world = build_world()
    programme = dementia_programme(world)
    client.post(
        f"/api/v1/programmes/{programme.slug}/pathways",
        json.dumps({"title": "Memory"}),
        content_type="application/json",
        headers=bearer(world.ccg_editor),
    )
    body = {"name": "Assess", "standard": "Seen", "responsible": [world.ccg.code]}
    response = client.post(
        f"/api/v1/programmes/{programme.slug}/pathways/1/stages",
        json.dumps({**body, "commitments": [HUGE]}),
        content_type="application/json",
        headers=bearer(world.ccg_editor),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "commitments", 0]


def test_who_may_add_a_stage_is_checked_before_what_it_names_is_looked_up(client):
    world = build_world()
    programme = dementia_programme(world)
    client.post(
        f"/api/v1/programmes/{programme.slug}/pathways",
        json.dumps({"title": "Memory"}),
        content_type="application/json",
        headers=bearer(world.ccg_editor),
    )
    body = {"name": "Assess", "standard": "Seen", "responsible": ["NO-SUCH"], "commitments": [1]}
    response = client.post(
        f"/api/v1/programmes/{programme.slug}/pathways/1/stages",
        json.dumps(body),
        content_type="application/json",
        headers=bearer(world.outsider_editor),
    )
    assert response.status_code == 403


def test_a_team_member_is_refused_before_the_person_is_looked_up(client):
    world = build_world()
    programme = dementia_programme(world)
    body = {"person": 10**9, "on_behalf_of": "NO-SUCH", "role": "Lead", "start": "2024-01-01"}
    response = client.post(
        f"/api/v1/programmes/{programme.slug}/team",
        json.dumps(body),
        content_type="application/json",
        headers=bearer(world.outsider_editor),
    )
    assert response.status_code == 403


def test_a_null_term_other_than_the_chair_is_422(client):
    senate = build_senate()
    response = client.patch(
        f"/api/v1/governance/forums/{senate.forum.slug}/terms",
        json.dumps({"silence_is_consent": None}),
        content_type="application/json",
        headers=bearer(senate.admin),
    )
    assert response.status_code == 422
    assert "silence_is_consent" in json.dumps(response.json())


def test_a_login_with_no_person_setting_emails_is_403(client):
    """A superuser holds every permission but, with no person on the registry, has no emails."""
    admin = UserFactory(role="admin", is_superuser=True)
    response = client.put(
        "/api/v1/me/notifications",
        json.dumps({"position": "daily"}),
        content_type="application/json",
        headers=bearer(admin),
    )
    assert response.status_code == 403


def test_a_multipart_submission_without_a_file_is_422(client, editor):
    PersonFactory(user=editor)
    response = client.post(
        "/api/v1/submissions",
        {"organisation": "P81748", "period": ""},
        headers=bearer(editor),
    )
    assert response.status_code == 422
    assert "file" in response.json()["detail"]


def test_an_id_past_64_bits_in_a_list_of_a_body_is_422(client, editor):
    """`pk__in` with a number past 64 bits was an OverflowError on SQLite."""
    response = client.post(
        "/api/v1/accountability/proposals/decide",
        json.dumps({"proposals": [1, HUGE], "accept": True}),
        content_type="application/json",
        headers=bearer(editor),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "proposals", 1]
