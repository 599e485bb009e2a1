"""Logins through the API: the same actions as the person's page, the same permission. Refused:
403 with JSON; input that cannot be taken: 422 naming the field; a conflict with what is on
record: 409; a person or login not on record: 404. The password is never returned."""

import pytest
from django.contrib.auth import get_user_model

from concord.access import actions
from concord.access.models import LoginChange
from concord.access.roles import role_of
from tests.factories import PersonFactory
from tests.integration.test_governance_api import bearer
from tests.integration.test_registry_api import field_of, post

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "amber-lantern-harbour"
LOGIN = {"username": "jsmith", "email": "", "role": "editor", "password": PASSWORD}


def test_an_administrator_gives_a_login_and_the_password_is_not_returned(client, admin_user):
    person = PersonFactory()
    response = post(client, admin_user, f"/people/{person.pk}/login", {**LOGIN, "analyst": True})
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "username": "jsmith",
        "email": "",
        "role": "editor",
        "analyst": True,
        "is_active": True,
    }
    assert PASSWORD not in response.content.decode()
    person.refresh_from_db()
    assert person.user.check_password(PASSWORD)


def test_an_administrator_changes_the_role_and_closes_the_login(client, admin_user):
    person = PersonFactory()
    actions.give_login(by=admin_user, person=person, **LOGIN)
    path = f"/people/{person.pk}/login"
    response = post(client, admin_user, f"{path}/role", {"role": "viewer"})
    assert response.status_code == 200 and response.json()["role"] == "viewer"
    response = post(client, admin_user, f"{path}/role", {"role": "viewer"})
    assert response.status_code == 409 and "Nothing changed" in response.json()["detail"]
    response = post(client, admin_user, f"{path}/close", {})
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert post(client, admin_user, f"{path}/close", {}).status_code == 409


def test_editors_are_refused_with_json_and_nothing_changes(client, admin_user, editor):
    person, other = PersonFactory(), PersonFactory()
    user = actions.give_login(by=admin_user, person=person, **LOGIN)
    calls = [
        (f"/people/{other.pk}/login", {**LOGIN, "username": "other"}),
        (f"/people/{person.pk}/login/role", {"role": "admin"}),
        (f"/people/{person.pk}/login/close", {}),
    ]
    for path, data in calls:
        response = post(client, editor, path, data)
        assert response.status_code == 403, path
        assert response.json()["detail"].startswith("Only administrators give people logins")
    user = User.objects.get(pk=user.pk)
    assert (role_of(user), user.is_active, LoginChange.objects.count()) == ("editor", True, 1)
    assert not User.objects.filter(username="other").exists()


def test_bad_input_is_a_422_naming_the_field_and_a_taken_username_a_409(client, admin_user):
    taken, person = PersonFactory(), PersonFactory()
    actions.give_login(by=admin_user, person=taken, **LOGIN)
    path = f"/people/{person.pk}/login"
    response = post(client, admin_user, path, {**LOGIN, "username": "new", "password": "x"})
    assert response.status_code == 422 and field_of(response) == "password"
    response = post(client, admin_user, path, {**LOGIN, "username": "new", "role": "owner"})
    assert response.status_code == 422 and field_of(response) == "role"
    response = post(client, admin_user, path, {**LOGIN, "username": "JSMITH"})
    assert response.status_code == 409 and "is taken" in response.json()["detail"]
    assert post(client, admin_user, f"/people/{taken.pk}/login", LOGIN).status_code == 409
    person.refresh_from_db()
    assert person.user is None


def test_a_person_or_login_not_on_record_is_a_404(client, admin_user):
    person = PersonFactory()
    assert post(client, admin_user, "/people/999999/login", LOGIN).status_code == 404
    response = post(client, admin_user, f"/people/{person.pk}/login/role", {"role": "viewer"})
    assert response.status_code == 404 and "has no login" in response.json()["detail"]
    assert post(client, admin_user, f"/people/{person.pk}/login/close", {}).status_code == 404


def test_the_login_endpoints_are_documented(client, viewer):
    paths = client.get("/api/v1/openapi.json", **bearer(viewer)).json()["paths"]
    for path in ("login", "login/role", "login/close"):
        responses = paths[f"/api/v1/people/{{person_id}}/{path}"]["post"]["responses"]
        assert {"403", "404", "409", "422"} <= set(responses), path


def test_a_closed_logins_token_no_longer_works(client, admin_user):
    user = actions.give_login(by=admin_user, person=PersonFactory(), **LOGIN)
    token = bearer(user)
    assert client.get("/api/v1/people", **token).status_code == 200
    post(client, admin_user, f"/people/{user.person.pk}/login/close", {})
    assert client.get("/api/v1/people", **token).status_code == 401
