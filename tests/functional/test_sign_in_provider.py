"""In Chromium: signing in with the organisation's identity provider, a real OpenID Connect
provider on 127.0.0.1 (tests/oidc), as a person would."""

import pytest

from tests.factories import PersonFactory, UserFactory
from tests.oidc.provider import PROVIDER_NAME

pytestmark = [
    pytest.mark.functional,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_provider"),
]


def test_sign_in_with_the_provider_as_the_matching_person(page, live_server):
    user = UserFactory(username="afictional", email="", role="viewer", first_name="Ann")
    user.last_name = "Fictional"
    user.save()
    PersonFactory(name="Ann Fictional", email="ann.fictional@example.nhs.uk", user=user)

    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    page.wait_for_url("http://127.0.0.1:*/interaction/*")  # the provider's own sign-in page
    page.locator("input[name=login]").fill("ann")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("header").get_by_text("Ann Fictional").count() >= 1
    page.goto(f"{live_server.url}/sign-in/")  # signed in already: sent on from the sign-in page
    page.wait_for_url(f"{live_server.url}/")


def test_an_unknown_person_reads_what_to_do(page, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    page.locator("input[name=login]").fill("stranger")
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()

    heading = page.get_by_role("heading", name="You do not have a Concord login yet")
    heading.wait_for()
    assert page.get_by_role("link", name="Go to the sign-in page").count() == 1
