"""Giving people logins and keeping them (concord.access.actions): administrators alone give a
person on the registry a login with a role and a temporary password, change its role and close
it. Each refusal changes nothing; each change is recorded as a LoginChange."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from concord.access import actions
from concord.access.models import LoginChange
from concord.access.roles import is_analyst, role_of
from concord.organisations.errors import Conflict, Invalid, NotAllowed
from tests.factories import PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
User = get_user_model()
PASSWORD = "amber-lantern-harbour"


def given(by, person, **changes):
    login = {
        "username": "jsmith",
        "email": "jane.smith@example.nhs.uk",
        "role": "editor",
        "analyst": False,
        "password": PASSWORD,
        **changes,
    }
    return actions.give_login(by=by, person=person, **login)


def nothing_written(person, users_before: int) -> bool:
    person.refresh_from_db()
    return (
        person.user_id is None
        and User.objects.count() == users_before
        and not LoginChange.objects.exists()
    )


def test_an_administrator_gives_a_person_a_login(admin_user):
    person = PersonFactory(name="Jane Smith")
    user = given(admin_user, person, analyst=True)
    person.refresh_from_db()
    assert person.user == user
    assert (role_of(user), is_analyst(user), user.is_active) == ("editor", True, True)
    assert user.check_password(PASSWORD) and user.password != PASSWORD
    (change,) = LoginChange.objects.all()
    assert (change.by, change.user, change.what, change.after) == (
        admin_user,
        user,
        "given",
        "editor, analyst",
    )
    assert person.history.first().history_user == admin_user


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_administrators_give_logins(role):
    person, by = PersonFactory(), UserFactory(role=role)
    before = User.objects.count()
    with pytest.raises(NotAllowed, match="Only administrators give people logins"):
        given(by, person)
    assert nothing_written(person, before)


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"username": " "}, Invalid, "username"),
        ({"username": "TAKEN"}, Conflict, "username"),  # taken, whatever its case
        ({"role": "superuser"}, Invalid, "role"),
        ({"email": "not an address"}, Invalid, "email"),
        ({"password": ""}, Invalid, "password"),
        ({"password": "short-one"}, Invalid, "password"),  # under 12 characters
        ({"password": "123456789012345"}, Invalid, "password"),  # numbers only
        ({"username": "harbourmaster", "password": "harbourmaster1"}, Invalid, "password"),
    ],
)
def test_bad_input_is_refused_naming_the_field(admin_user, changes, error, field):
    UserFactory(username="taken")
    person = PersonFactory()
    before = User.objects.count()
    with pytest.raises(error) as refused:
        given(admin_user, person, **changes)
    assert refused.value.field == field
    assert nothing_written(person, before)


def test_a_person_with_a_login_is_not_given_another(admin_user):
    person = PersonFactory(name="Jane Smith")
    given(admin_user, person)
    with pytest.raises(Conflict, match="Jane Smith already has a login"):
        given(admin_user, person, username="jane2")
    assert User.objects.filter(username="jane2").count() == 0
    assert LoginChange.objects.count() == 1


def test_an_administrator_changes_a_role(admin_user):
    user = given(admin_user, PersonFactory())
    actions.set_role(by=admin_user, user=user, role="viewer", analyst=True)
    user = User.objects.get(pk=user.pk)
    assert (role_of(user), is_analyst(user)) == ("viewer", True)
    change = LoginChange.objects.get(what="role")
    assert (change.before, change.after) == ("editor", "viewer, analyst")


def test_a_role_unchanged_or_unknown_or_refused_changes_nothing(admin_user, editor):
    user = given(admin_user, PersonFactory())
    with pytest.raises(Conflict, match="Nothing changed"):
        actions.set_role(by=admin_user, user=user, role="editor", analyst=False)
    with pytest.raises(Invalid):
        actions.set_role(by=admin_user, user=user, role="owner", analyst=False)
    with pytest.raises(NotAllowed):
        actions.set_role(by=editor, user=user, role="admin", analyst=True)
    user = User.objects.get(pk=user.pk)
    assert (role_of(user), is_analyst(user)) == ("editor", False)
    assert LoginChange.objects.filter(what="role").count() == 0


def test_an_administrator_cannot_take_the_admin_role_from_themselves(admin_user):
    with pytest.raises(Conflict, match="admin role from yourself"):
        actions.set_role(by=admin_user, user=admin_user, role="editor", analyst=False)
    assert role_of(User.objects.get(pk=admin_user.pk)) == "admin"
    actions.set_role(by=admin_user, user=admin_user, role="admin", analyst=True)
    assert is_analyst(User.objects.get(pk=admin_user.pk))


def test_an_administrator_closes_a_login_which_stays_on_record(admin_user):
    user = given(admin_user, PersonFactory())
    actions.close_login(by=admin_user, user=user)
    user.refresh_from_db()
    assert not user.is_active
    assert LoginChange.objects.filter(what="closed", user=user, by=admin_user).exists()
    with pytest.raises(Conflict, match="closed already"):
        actions.close_login(by=admin_user, user=user)
    assert LoginChange.objects.filter(what="closed").count() == 1


def test_closing_your_own_login_or_without_the_right_is_refused(admin_user, editor):
    user = given(admin_user, PersonFactory())
    with pytest.raises(Conflict, match="your own login"):
        actions.close_login(by=admin_user, user=admin_user)
    with pytest.raises(NotAllowed):
        actions.close_login(by=editor, user=user)
    assert User.objects.filter(is_active=False).count() == 0
    assert not LoginChange.objects.filter(what="closed").exists()


def test_a_login_change_is_never_altered_or_removed(admin_user):
    given(admin_user, PersonFactory())
    change = LoginChange.objects.get()
    change.after = "admin"
    with pytest.raises(ValueError):
        change.save()
    with pytest.raises(ValueError):
        change.delete()


def test_superusers_read_the_login_changes_in_the_admin_and_change_none(client, admin_user):
    given(admin_user, PersonFactory())
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("admin:access_loginchange_changelist"))
    assert listing.status_code == 200 and "jsmith" in listing.content.decode()
    assert client.get(reverse("admin:access_loginchange_add")).status_code == 403
    change = LoginChange.objects.get()
    url = reverse("admin:access_loginchange_delete", args=[change.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert LoginChange.objects.count() == 1
