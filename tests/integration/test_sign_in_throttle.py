"""Password sign-in is throttled (django-axes): after five wrong passwords for one username from
one address, the right one is refused until the cool-off passes or an administrator unlocks it;
every failed attempt is kept for the admin to see. The identity provider's sign-in and API
tokens are not throttled (tests/integration/test_sign_in_provider.py, test_api_auth.py)."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from concord.cli import main as concord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RIGHT = "correct horse battery staple"
SIGN_IN = {"sign-in": "/sign-in/", "admin": "/admin/login/"}


@pytest.fixture
def user():
    return UserFactory(username="jo.bloggs", role="viewer", is_staff=True, is_superuser=True)


def attempt(client, where: str, password: str, username: str = "jo.bloggs"):
    return client.post(SIGN_IN[where], {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def hammer(client, where: str, times: int = 25) -> list[int]:
    return [attempt(client, where, f"wrong guess {n}").status_code for n in range(times)]


@pytest.mark.parametrize("where", SIGN_IN)
def test_after_25_wrong_passwords_the_right_one_is_refused(client, user, where):
    codes = hammer(client, where)
    assert codes[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(codes[settings.AXES_FAILURE_LIMIT :]) == {429}

    refused = attempt(client, where, RIGHT)
    assert refused.status_code == 429 and not signed_in(client)
    page = refused.content.decode()
    assert "Too many attempts to sign in" in page and "nhsuk-header" in page
    assert "You can try again after" in page and "15 minutes" in page
    assert AccessFailureLog.objects.filter(username="jo.bloggs").count() >= 25


def test_a_lockout_holds_for_that_username_from_that_address_only(client, user):
    hammer(client, "sign-in", 6)
    other = UserFactory(username="sam.other", role="viewer")
    assert attempt(client, "sign-in", RIGHT, username=other.username).status_code == 302
    client.logout()
    elsewhere = client.__class__(REMOTE_ADDR="10.9.8.7")
    assert attempt(elsewhere, "sign-in", RIGHT).status_code == 302
    assert attempt(client, "sign-in", RIGHT, username="JO.BLOGGS").status_code == 429


def test_behind_a_trusted_proxy_the_browsers_own_address_counts(client, user, settings):
    settings.CONCORD_TRUSTED_PROXIES = 1
    guesser = client.__class__(HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.7")
    hammer(guesser, "sign-in", 6)
    assert attempt(guesser, "sign-in", RIGHT).status_code == 429
    colleague = client.__class__(HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.8")
    assert attempt(colleague, "sign-in", RIGHT).status_code == 302
    assert AccessAttempt.objects.get().ip_address == "192.0.2.7"


@pytest.mark.parametrize("where", SIGN_IN)
def test_after_the_cool_off_the_right_password_signs_in(client, user, where):
    hammer(client, where, 6)
    assert attempt(client, where, RIGHT).status_code == 429
    long_ago = dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=long_ago)  # the cool-off has passed
    assert attempt(client, where, RIGHT).status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.exists(), "a right password clears the count"


def test_concord_axes_reset_unlocks_everyone(client, user, capsys):
    hammer(client, "sign-in", 6)
    assert attempt(client, "sign-in", RIGHT).status_code == 429
    # the concord command knows it (run here, it would close the test's database connection)
    concord(["help", "axes_reset"])
    assert "usage: concord axes_reset" in capsys.readouterr().out
    call_command("axes_reset")
    assert attempt(client, "sign-in", RIGHT).status_code == 302 and signed_in(client)


def test_administrators_see_the_failed_attempts(client, user):
    hammer(client, "sign-in", 3)
    client.force_login(UserFactory(username="the.admin", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert page.status_code == 200 and "jo.bloggs" in page.content.decode()
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "jo.bloggs" in attempts
    assert RIGHT not in attempts and "wrong guess" not in attempts, "no password is kept"


def test_password_validators_are_on():
    assert settings.AUTH_PASSWORD_VALIDATORS
    for weak in ("short", "password1234", "123456789012", "jo.bloggs.jo"):
        with pytest.raises(ValidationError):
            validate_password(weak, get_user_model()(username="jo.bloggs.jo"))
