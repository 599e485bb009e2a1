"""Logins from a person's page: administrators give one (a role, the analyst capability, a
temporary password), change its role and close it; everyone else is refused (403). A mistake
shows the form back with the NHS.UK error summary, without the password; the form posted as
shown, the mistake put right and the password typed again, gives exactly one login. The new
login signs in with the temporary password and changes it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from concord.access import actions
from concord.access.models import LoginChange
from concord.access.roles import is_analyst, role_of
from tests.factories import PersonFactory
from tests.integration.page_forms import followed, main, rendered_form, summary

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
User = get_user_model()
PASSWORD = "amber-lantern-harbour"


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return admin_user


@pytest.fixture
def person():
    return PersonFactory(name="Jane Smith", email="jane.smith@example.nhs.uk")


def with_login(by, person, role="editor"):
    return actions.give_login(
        by=by, person=person, username="jsmith", email="", role=role, password=PASSWORD
    )


def test_the_person_page_offers_a_login_to_administrators_only(
    client, admin, person, viewer, django_assert_max_num_queries
):
    page = reverse("person", args=[person.pk])
    html = client.get(page).content.decode()
    assert main(html).count("Give a login") == 1 and html.count("Give a login") == 1
    with_login(admin, person)
    with django_assert_max_num_queries(8):
        html = main(client.get(page).content.decode())
    assert "jsmith" in html and "Editor" in html
    assert "Change the role" in html and "Close the login" in html
    client.force_login(viewer)
    html = main(client.get(page).content.decode())
    assert "jsmith" not in html and "Give a login" not in html


def test_a_login_given_after_a_mistake_is_given_once(client, admin, person):
    url = reverse("person-login", args=[person.pk])
    form = rendered_form(client.get(url).content.decode(), "username")
    assert form["email"] == "jane.smith@example.nhs.uk"  # the person's, to start with
    no_role = client.post(url, {**form, "username": "jsmith", "password": PASSWORD})
    assert 'href="#id_role">Choose a role' in summary(no_role.content.decode())  # 1st radio
    mistake = {"username": "jsmith", "role": "viewer", "analyst": "on", "password": "tiny-pw"}
    response = client.post(url, {**form, **mistake})
    assert response.status_code == 400
    html = response.content.decode()
    assert "at least 12 characters" in summary(html)
    assert "tiny-pw" not in html  # the password is not shown back
    shown = rendered_form(html, "username")
    assert (shown["username"], shown["role"], shown["analyst"]) == ("jsmith", "viewer", "on")
    assert shown["password"] == ""
    assert not User.objects.filter(username="jsmith").exists()
    response = client.post(url, {**shown, "password": PASSWORD})  # typed again
    assert "Jane Smith can sign in as jsmith" in followed(client, response)
    (user,) = User.objects.exclude(pk=admin.pk)
    assert (role_of(user), is_analyst(user), user.person.pk) == ("viewer", True, person.pk)
    assert LoginChange.objects.filter(what="given").count() == 1


def test_a_taken_username_is_the_fields_error(client, admin, person):
    with_login(admin, PersonFactory())
    url = reverse("person-login", args=[person.pk])
    data = {"username": "JSmith", "role": "editor", "password": PASSWORD}
    response = client.post(url, data)
    assert response.status_code == 409  # a conflict with what is on record, as the API answers
    assert "The username JSmith is taken" in summary(response.content.decode())
    person.refresh_from_db()
    assert person.user is None


def test_the_role_form_posted_unchanged_changes_nothing_and_changed_changes_it(
    client, admin, person
):
    user = with_login(admin, person)
    url = reverse("person-login-role", args=[person.pk])
    form = rendered_form(client.get(url).content.decode(), "role")
    assert (form["role"], "analyst" in form) == ("editor", False)
    response = client.post(url, form)
    assert response.status_code == 409  # as the API answers the same refusal
    assert "Nothing changed" in summary(response.content.decode())
    assert not LoginChange.objects.filter(what="role").exists()
    response = client.post(url, {"role": "admin"})
    assert "role is changed" in followed(client, response)
    assert role_of(User.objects.get(pk=user.pk)) == "admin"


def test_an_administrator_closes_a_login(client, admin, person):
    user = with_login(admin, person)
    url = reverse("person-login-close", args=[person.pk])
    form = rendered_form(client.get(url).content.decode(), "csrfmiddlewaretoken")
    html = followed(client, client.post(url, form))
    assert "The login jsmith is closed" in html and "Closed" in html
    assert not User.objects.get(pk=user.pk).is_active


def test_everyone_else_is_refused_and_nothing_changes(client, admin_user, editor, person):
    user = with_login(admin_user, person)
    client.force_login(editor)
    other = PersonFactory()
    posts = [
        (reverse("person-login", args=[other.pk]), {"username": "x", "role": "admin"}),
        (reverse("person-login-role", args=[person.pk]), {"role": "admin"}),
        (reverse("person-login-close", args=[person.pk]), {}),
    ]
    for url, data in posts:
        assert client.get(url).status_code == 403
        assert client.post(url, {**data, "password": PASSWORD}).status_code == 403
    user = User.objects.get(pk=user.pk)
    assert (role_of(user), user.is_active, LoginChange.objects.count()) == ("editor", True, 1)
    other.refresh_from_db()
    assert other.user is None


def test_a_person_without_a_login_has_no_role_to_change(client, admin, person):
    assert client.get(reverse("person-login-role", args=[person.pk])).status_code == 404
    assert client.post(reverse("person-login-close", args=[person.pk])).status_code == 404


def test_the_new_login_signs_in_and_changes_its_password(client, admin_user, person):
    with_login(admin_user, person, role="viewer")
    sign_in = {"username": "jsmith", "password": PASSWORD}
    assert client.post(reverse("login"), sign_in).status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert reverse("password-change") in html  # linked from the header
    url = reverse("password-change")
    weak = {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    response = client.post(url, weak)
    assert "at least 12 characters" in summary(response.content.decode())
    chosen = "quiet-meadow-lighthouse"
    form = {**rendered_form(client.get(url).content.decode(), "old_password")}
    changes = {"old_password": PASSWORD, "new_password1": chosen, "new_password2": chosen}
    html = followed(client, client.post(url, {**form, **changes}))
    assert "Your password is changed" in html
    client.logout()
    assert client.post(reverse("login"), sign_in).status_code == 200  # the old one no longer
    assert client.post(reverse("login"), {**sign_in, "password": chosen}).status_code == 302


def test_a_closed_login_cannot_sign_in(client, admin_user, person):
    user = with_login(admin_user, person)
    actions.close_login(by=admin_user, user=user)
    response = client.post(reverse("login"), {"username": "jsmith", "password": PASSWORD})
    assert response.status_code == 200 and "nhsuk-error-summary" in response.content.decode()


def test_changing_a_password_needs_signing_in(client):
    response = client.get(reverse("password-change"))
    assert response.status_code == 302 and reverse("login") in response.url
