"""Signing in with an OpenID Connect provider: real HTTP, through a real provider on 127.0.0.1
(tests/oidc), to Concord's live server. A person is matched by verified email; nobody unknown
gets in, nor gets a login."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from concord.access.actions import close_login
from tests.factories import PersonFactory, UserFactory
from tests.oidc.provider import PROVIDER_NAME

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("with_provider"),  # every test here runs with the provider set up
]


def signing_in_as(login: str) -> dict:
    """What the provider's development sign-in form posts (any password will do)."""
    return {"prompt": "login", "login": login, "password": "any"}


def to_provider(live_server, session):
    """Concord's sign-in button, followed to the provider's sign-in form: (form action URL)."""
    page = session.get(f"{live_server.url}/sign-in/provider/start/", timeout=20)
    assert page.status_code == 200, page.text
    action = re.search(r'<form[^>]*action="([^"]+)"', page.text).group(1)
    return requests.compat.urljoin(page.url, action)


def sign_in_at_provider(live_server, login: str, session=None):
    """Through the provider's sign-in as `login`, back to Concord: the last response."""
    session = session or requests.Session()
    action = to_provider(live_server, session)
    return session.post(action, data=signing_in_as(login), timeout=20)


def signed_in_user(live_server, session):
    """Who Concord's session belongs to, from its home page (None when sent to sign in)."""
    home = session.get(f"{live_server.url}/", timeout=20)
    return None if "/sign-in/" in home.url else home


def test_a_known_person_signs_in_by_their_verified_email(live_server):
    user = UserFactory(username="ann", email="ann.fictional@example.nhs.uk", role="viewer")
    session = requests.Session()

    response = sign_in_at_provider(live_server, "ann", session)

    assert response.status_code == 200
    assert response.url == f"{live_server.url}/"
    assert session.cookies.get("sessionid")
    from django.contrib.sessions.models import Session

    [stored] = Session.objects.all()
    assert stored.get_decoded()["_auth_user_id"] == str(user.pk)


def test_the_email_of_the_person_linked_to_a_login_matches_too(live_server):
    user = UserFactory(username="bo", email="", role="viewer")
    PersonFactory(name="Bo Fictional", email="BO.Fictional@example.nhs.uk", user=user)
    session = requests.Session()

    response = sign_in_at_provider(live_server, "bo", session)

    assert response.url == f"{live_server.url}/"
    assert signed_in_user(live_server, session) is not None


def test_an_unknown_email_is_refused_and_no_login_made(live_server):
    UserFactory(username="ann", email="ann.fictional@example.nhs.uk")
    before = get_user_model().objects.count()
    session = requests.Session()

    response = sign_in_at_provider(live_server, "stranger", session)

    assert response.status_code == 403
    assert "You do not have a Concord login yet" in response.text
    assert get_user_model().objects.count() == before
    assert signed_in_user(live_server, session) is None


def test_an_email_on_two_logins_is_refused_not_guessed(live_server):
    UserFactory(username="ann", email="ann.fictional@example.nhs.uk")
    other = UserFactory(username="ann2", email="")
    PersonFactory(name="Another Ann", email="ANN.fictional@example.nhs.uk", user=other)
    session = requests.Session()

    response = sign_in_at_provider(live_server, "ann", session)

    assert response.status_code == 403
    assert "More than one Concord login has your email address" in response.text
    assert signed_in_user(live_server, session) is None


def test_an_unverified_email_is_refused(live_server):
    UserFactory(username="unsure", email="unsure@example.nhs.uk")
    session = requests.Session()

    response = sign_in_at_provider(live_server, "unsure", session)

    assert response.status_code == 403
    assert "Your email address is not confirmed" in response.text
    assert signed_in_user(live_server, session) is None


def test_entra_ids_verified_domain_claim_stands_for_email_verified(live_server):
    UserFactory(username="entra", email="entra.fictional@example.nhs.uk")
    UserFactory(username="unsure", email="unsure.entra@example.nhs.uk")

    signed_in = requests.Session()
    assert sign_in_at_provider(live_server, "entra", signed_in).url == f"{live_server.url}/"
    assert signed_in_user(live_server, signed_in) is not None

    refused = sign_in_at_provider(live_server, "entra-unsure")
    assert refused.status_code == 403
    assert "Your email address is not confirmed" in refused.text


def test_a_closed_login_is_refused(live_server):
    admin = UserFactory(role="admin")
    user = UserFactory(username="closed", email="closed@example.nhs.uk", role="viewer")
    close_login(by=admin, user=user)
    session = requests.Session()

    response = sign_in_at_provider(live_server, "closed", session)

    assert response.status_code == 403
    assert "Your Concord login is closed" in response.text
    assert signed_in_user(live_server, session) is None


def test_a_tampered_state_is_refused(live_server):
    UserFactory(username="ann", email="ann.fictional@example.nhs.uk")
    session = requests.Session()
    action = to_provider(live_server, session)
    # The provider redirects back with a code; the state is changed on the way.
    answer = session.post(action, data=signing_in_as("ann"), timeout=20, allow_redirects=False)
    while "/sign-in/provider/callback/" not in answer.headers["Location"]:
        answer = session.get(
            requests.compat.urljoin(answer.url, answer.headers["Location"]),
            timeout=20,
            allow_redirects=False,
        )
    back = urlsplit(answer.headers["Location"])
    query = {k: v[0] for k, v in parse_qs(back.query).items()}
    assert query["code"] and query["state"]
    query["state"] = query["state"][::-1]

    response = session.get(urlunsplit(back._replace(query=urlencode(query))), timeout=20)

    assert response.status_code == 400
    assert "You cannot sign in this way" in response.text
    assert signed_in_user(live_server, session) is None


def test_the_button_shows_only_when_a_provider_is_set_up(client, settings):
    settings.CONCORD_OIDC_CLIENT_ID = ""
    page = client.get("/sign-in/").content.decode()
    assert "Sign in with" not in page
    assert "Forgotten your password?" in page
    assert client.get("/sign-in/provider/start/").status_code == 404

    settings.CONCORD_OIDC_CLIENT_ID = "concord"
    settings.CONCORD_OIDC_ISSUER = "https://login.example.nhs.uk"
    settings.CONCORD_OIDC_PROVIDER_NAME = PROVIDER_NAME
    assert f"Sign in with {PROVIDER_NAME}" in client.get("/sign-in/").content.decode()


def test_an_unreachable_provider_is_a_page_not_an_error(client, settings):
    from tests.smtp import free_port

    settings.CONCORD_OIDC_CLIENT_ID = "concord"
    settings.CONCORD_OIDC_ISSUER = f"http://127.0.0.1:{free_port()}"
    response = client.get("/sign-in/provider/start/")
    assert response.status_code == 503
    assert "Signing in is not working" in response.content.decode()
