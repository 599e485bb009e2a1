"""The registry's writes through the API: the same actions as the pages, the same permission.
Refused: 403 with JSON; input the registry cannot take: 422 naming the field; a conflict with
what is on record: 409."""

import datetime as dt

import pytest

from concord.organisations import actions
from concord.organisations.models import Organisation, Person, Post, Relationship
from tests.factories import (
    CCGFactory,
    PersonFactory,
    PostFactory,
    PracticeFactory,
    RelationshipFactory,
)
from tests.integration.test_governance_api import bearer

pytestmark = pytest.mark.django_db
BASE = "/api/v1"
D = dt.date.fromisoformat


def send(client, user, method, path, data):
    call = getattr(client, method)
    return call(BASE + path, data, content_type="application/json", **bearer(user))


def post(client, user, path, data):
    return send(client, user, "post", path, data)


def field_of(response) -> list:
    (error,) = response.json()["detail"]
    return error["loc"][-1]


LOCALITY = {"name": "Wigan Central locality", "kind": "locality", "postcode": "wn1 1aa"}


def test_an_administrator_adds_an_organisation(client, admin_user):
    response = post(client, admin_user, "/organisations", LOCALITY)
    assert response.status_code == 201
    body = response.json()
    assert (body["code"], body["is_local_code"], body["postcode"]) == ("LOC-1", True, "WN1 1AA")
    assert body["url"].endswith("/api/v1/organisations/LOC-1")


def test_an_editor_is_refused_with_json(client, editor):
    response = post(client, editor, "/organisations", LOCALITY)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Only administrators set up the registry")
    assert not Organisation.objects.exists()


def test_an_ods_code_or_kind_is_a_422_naming_the_field(client, admin_user):
    response = post(client, admin_user, "/organisations", {**LOCALITY, "code": "02H"})
    assert response.status_code == 422 and field_of(response) == "code"
    response = post(client, admin_user, "/organisations", {**LOCALITY, "kind": "practice"})
    assert response.status_code == 422 and field_of(response) == "kind"
    response = post(client, admin_user, "/organisations", {**LOCALITY, "kind": "unknown"})
    assert response.status_code == 422 and field_of(response) == "kind"


def test_a_duplicate_code_is_a_409(client, admin_user):
    assert (
        post(client, admin_user, "/organisations", {**LOCALITY, "code": "LOC-9"}).status_code == 201
    )
    response = post(client, admin_user, "/organisations", {**LOCALITY, "code": "LOC-9"})
    assert response.status_code == 409
    assert "already taken" in response.json()["detail"]


def test_a_local_organisation_is_renamed(client, admin_user):
    made = actions.create_organisation(by=admin_user, name="Old name", kind="locality")
    response = send(
        client, admin_user, "patch", f"/organisations/{made.code}", {"name": "New name"}
    )
    assert response.status_code == 200 and response.json()["name"] == "New name"
    made.refresh_from_db()
    assert made.name == "New name"


def test_renaming_an_ods_organisation_is_a_409_and_an_editor_a_403(client, admin_user, editor):
    ccg = CCGFactory()
    response = send(client, admin_user, "patch", f"/organisations/{ccg.code}", {"name": "X"})
    assert response.status_code == 409
    response = send(client, editor, "patch", f"/organisations/{ccg.code}", {"name": "X"})
    assert response.status_code == 403


def test_an_administrator_links_and_ends_a_link(client, admin_user):
    practice = PracticeFactory()
    loc = actions.create_organisation(by=admin_user, name="Leigh locality", kind="locality")
    data = {"parent": loc.code, "kind": "part_of", "start": "2020-04-01"}
    response = post(client, admin_user, f"/organisations/{practice.code}/links", data)
    assert response.status_code == 201
    body = response.json()
    assert (body["child"]["code"], body["parent"]["code"], body["end"]) == (
        practice.code,
        loc.code,
        None,
    )
    shown = client.get(f"{BASE}/organisations/{practice.code}", **bearer(admin_user)).json()
    assert shown["relationships"]["links_up"][0]["id"] == body["id"]
    path = f"/organisations/{practice.code}/links/{body['id']}/end"
    response = post(client, admin_user, path, {"end": "2022-03-31"})
    assert response.status_code == 200 and response.json()["end"] == "2022-03-31"
    assert post(client, admin_user, path, {"end": "2022-06-30"}).status_code == 409


def test_bad_links_name_the_field(client, admin_user, editor):
    practice, ccg = PracticeFactory(), CCGFactory()
    path = f"/organisations/{practice.code}/links"
    unknown = post(client, admin_user, path, {"parent": "NOPE", "kind": "part_of"})
    assert unknown.status_code == 422 and field_of(unknown) == "parent"
    itself = post(client, admin_user, path, {"parent": practice.code, "kind": "part_of"})
    assert itself.status_code == 422 and field_of(itself) == "parent"
    backwards = {"parent": ccg.code, "kind": "part_of", "start": "2021-01-01", "end": "2020-01-01"}
    response = post(client, admin_user, path, backwards)
    assert response.status_code == 422 and field_of(response) == "end"
    bad_date = post(
        client, admin_user, path, {"parent": ccg.code, "kind": "part_of", "start": "31/02/2020"}
    )
    assert bad_date.status_code == 422 and field_of(bad_date) == "start"
    refused = post(client, editor, path, {"parent": ccg.code, "kind": "part_of"})
    assert refused.status_code == 403
    assert not Relationship.objects.exists()


def test_a_link_in_force_already_is_a_409(client, admin_user):
    made = RelationshipFactory(start=D("2013-04-01"))
    data = {"parent": made.parent.code, "kind": "part_of", "start": "2020-04-01"}
    response = post(client, admin_user, f"/organisations/{made.child.code}/links", data)
    assert response.status_code == 409
    assert Relationship.objects.count() == 1


def test_ending_another_organisations_link_is_a_404(client, admin_user):
    made, other = RelationshipFactory(), PracticeFactory()
    path = f"/organisations/{other.code}/links/{made.pk}/end"
    assert post(client, admin_user, path, {"end": "2022-03-31"}).status_code == 404


def test_an_administrator_adds_a_person_and_their_post(client, admin_user):
    response = post(
        client, admin_user, "/people", {"name": "Sam Example", "email": "sam@example.nhs.uk"}
    )
    assert response.status_code == 201
    person = response.json()
    forum, ccg = CCGFactory(), CCGFactory()
    data = {
        "organisation": forum.code,
        "role": "Clinical lead",
        "start": "2021-04-01",
        "on_behalf_of": ccg.code,
    }
    response = post(client, admin_user, f"/people/{person['id']}/posts", data)
    assert response.status_code == 201
    body = response.json()
    assert (body["organisation"]["code"], body["on_behalf_of"]["code"]) == (forum.code, ccg.code)
    path = f"/people/{person['id']}/posts/{body['id']}/end"
    ended = post(client, admin_user, path, {"end": "2022-03-31"})
    assert ended.status_code == 200 and ended.json()["end"] == "2022-03-31"


def test_people_and_posts_are_refused_to_editors(client, editor):
    assert post(client, editor, "/people", {"name": "Sam Example"}).status_code == 403
    held = PostFactory()
    data = {"organisation": held.organisation.code, "role": "Lead", "start": "2021-04-01"}
    assert post(client, editor, f"/people/{held.person_id}/posts", data).status_code == 403
    path = f"/people/{held.person_id}/posts/{held.pk}/end"
    assert post(client, editor, path, {"end": "2022-03-31"}).status_code == 403
    assert Person.objects.count() == 1 and Post.objects.count() == 1


def test_bad_people_and_posts_name_the_field(client, admin_user):
    response = post(client, admin_user, "/people", {"name": "Sam", "email": "sam@"})
    assert response.status_code == 422 and field_of(response) == "email"
    person = PersonFactory()
    path = f"/people/{person.pk}/posts"
    unknown = post(
        client, admin_user, path, {"organisation": "NOPE", "role": "Lead", "start": "2021-04-01"}
    )
    assert unknown.status_code == 422 and field_of(unknown) == "organisation"
    ccg = CCGFactory()
    no_start = post(client, admin_user, path, {"organisation": ccg.code, "role": "Lead"})
    assert no_start.status_code == 422 and field_of(no_start) == "start"
    backwards = {
        "organisation": ccg.code,
        "role": "Lead",
        "start": "2021-04-01",
        "end": "2021-01-01",
    }
    response = post(client, admin_user, path, backwards)
    assert response.status_code == 422 and field_of(response) == "end"
    assert not Post.objects.exists()


def test_the_write_endpoints_are_documented(client, viewer):
    paths = client.get(f"{BASE}/openapi.json", **bearer(viewer)).json()["paths"]
    created = paths["/api/v1/organisations"]["post"]["responses"]
    assert {"201", "403", "409", "422"} <= set(created)
    assert "patch" in paths["/api/v1/organisations/{code}"]
    assert "/api/v1/people/{person_id}/posts/{post_id}/end" in paths


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("patch", "/organisations/XXX99", {"name": "Renamed"}),
        ("post", "/organisations/XXX99/links", {"parent": "00Q", "kind": "member_of"}),
        ("post", "/organisations/XXX99/links/999999/end", {"end": "2022-03-31"}),
        (
            "post",
            "/people/999999/posts",
            {"organisation": "00Q", "role": "GP", "start": "2022-04-01"},
        ),
        ("post", "/people/999999/posts/999999/end", {"end": "2022-03-31"}),
        (
            "post",
            "/people/999999/login",
            {"username": "sam", "role": "viewer", "password": "x" * 12},
        ),
        ("post", "/people/999999/login/role", {"role": "editor", "analyst": False}),
        ("post", "/people/999999/login/close", {}),
    ],
)
def test_the_permission_is_checked_before_anything_is_looked_up(
    client, editor, admin_user, method, path, data
):
    """An editor is refused 403 whether or not the organisation or person exists: a 404 would
    tell them which codes and ids are on record. An administrator is told 404 (or 422). A body
    the schema refuses is a 422 for anyone: django-ninja reads it before the endpoint runs."""
    refused = send(client, editor, method, path, data)
    assert refused.status_code == 403, refused.content
    assert "Only administrators" in refused.json()["detail"]
    assert send(client, admin_user, method, path, data).status_code in (404, 422)
