"""Who may call the API: a session or a bearer token, with at least the viewer role."""

import pytest

from concord.access.models import ApiToken
from tests.factories import PracticeFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/organisations"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_viewer_token_reads_the_registry(client, viewer):
    practice = PracticeFactory()
    _, token = ApiToken.objects.issue(user=viewer, name="script")
    response = client.get(URL, headers=bearer(token))
    assert response.status_code == 200
    assert [o["code"] for o in response.json()["items"]] == [practice.code]


def test_a_signed_in_viewer_reads_the_registry_by_session(client, viewer):
    client.force_login(viewer)
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_higher_roles_include_viewer(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(URL).status_code == 200


def test_no_credentials_is_401_with_a_json_message(client):
    response = client.get(URL)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(client, viewer):
    ApiToken.objects.issue(user=viewer, name="script")
    assert client.get(URL, headers=bearer("concord_not-a-real-token")).status_code == 401


def test_a_token_of_an_inactive_user_is_401(client, viewer):
    _, token = ApiToken.objects.issue(user=viewer, name="script")
    viewer.is_active = False
    viewer.save()
    assert client.get(URL, headers=bearer(token)).status_code == 401


def test_a_user_without_a_role_is_403_by_token_and_by_session(client):
    nobody = UserFactory()
    _, token = ApiToken.objects.issue(user=nobody, name="script")
    by_token = client.get(URL, headers=bearer(token))
    client.force_login(nobody)
    by_session = client.get(URL)
    for response in (by_token, by_session):
        assert response.status_code == 403
        assert "viewer role" in response.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/organisations/X1", "/organisations/X1/members", "/people", "/people/1", "/imports"]
)
def test_every_endpoint_needs_credentials(client, path):
    assert client.get("/api/v1" + path).status_code == 401


def test_the_openapi_schema_lists_the_paths_and_both_ways_in(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Concord API"
    assert {
        "/api/v1/organisations",
        "/api/v1/organisations/{code}",
        "/api/v1/organisations/{code}/members",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/imports",
    } <= set(schema["paths"])
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_the_docs_page_loads(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content  # no CDN needed
