"""Password reset by email, through a real SMTP server on 127.0.0.1: the request, the email
that arrives, its link (starting with CONCORD_SITE_URL), a new password checked by the same
rules as every other, and signing in with it. The request answers the same whether or not the
address has a login, and a closed login is sent nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from concord.access import actions
from tests.factories import PersonFactory
from tests.integration.governance import quick_passwords  # noqa: F401
from tests.integration.page_forms import followed, main, rendered_form, summary

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("error::DeprecationWarning")]
User = get_user_model()
SITE = "https://concord.example.nhs.uk"
OLD = "amber-lantern-harbour"
CHOSEN = "quiet-meadow-lighthouse"


@pytest.fixture
def site(settings):
    settings.CONCORD_SITE_URL = SITE


@pytest.fixture
def login(admin_user):
    person = PersonFactory(name="Jane Smith", email="jane.smith@example.nhs.uk")
    return actions.give_login(
        by=admin_user,
        person=person,
        username="jsmith",
        email="Jane.Smith@example.nhs.uk",
        role="viewer",
        password=OLD,
    )


def ask(client, email):
    page = client.get(reverse("password-reset")).content.decode()
    assert "Reset your password" in page
    return client.post(reverse("password-reset"), {**rendered_form(page, "email"), "email": email})


def link_in(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+", body).group(0)


def test_the_sign_in_page_links_to_password_reset(client):
    html = main(client.get(reverse("login")).content.decode())
    assert "Forgotten your password?" in html
    assert reverse("password-reset") in html


def test_a_reset_email_arrives_and_its_link_sets_a_new_password(client, site, login, smtp_server):
    response = ask(client, "jane.smith@EXAMPLE.nhs.uk")  # any case of the address
    assert "Check your email" in followed(client, response)
    [message] = smtp_server.mailbox.messages
    assert message["To"] == "Jane.Smith@example.nhs.uk"
    assert message["Subject"] == "Reset your Concord password"
    link = link_in(message)
    assert link.startswith(f"{SITE}/account/reset/")

    path = link.removeprefix(SITE)
    choose = client.get(path)  # Django keeps the token in the session and drops it from the URL
    assert choose.status_code == 302
    page = client.get(choose.url).content.decode()
    assert "Choose a new password" in page
    form = rendered_form(page, "new_password1")
    weak = client.post(
        choose.url, {**form, "new_password1": "jsmith2024", "new_password2": "jsmith2024"}
    )
    assert weak.status_code == 200
    assert "at least 12 characters" in summary(weak.content.decode())
    similar = "jane.smith@example"
    weak = client.post(choose.url, {**form, "new_password1": similar, "new_password2": similar})
    assert "too similar" in summary(weak.content.decode())
    done = client.post(choose.url, {**form, "new_password1": CHOSEN, "new_password2": CHOSEN})
    assert "Your password is changed" in followed(client, done)

    assert client.post(reverse("login"), {"username": "jsmith", "password": OLD}).status_code == 200
    signed_in = client.post(reverse("login"), {"username": "jsmith", "password": CHOSEN})
    assert signed_in.status_code == 302
    client.logout()
    again = client.get(path)  # the link works once
    assert "This link does not work" in again.content.decode()


def test_the_answer_is_the_same_for_an_unknown_address(client, site, login, smtp_server):
    known = ask(client, "jane.smith@example.nhs.uk")
    unknown = ask(client, "nobody@example.nhs.uk")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert followed(client, unknown) == client.get(known.url).content.decode()
    assert [m["To"] for m in smtp_server.mailbox.messages] == ["Jane.Smith@example.nhs.uk"]
    assert not User.objects.filter(email__iexact="nobody@example.nhs.uk").exists()


def test_a_closed_login_is_sent_no_link(client, site, admin_user, login, smtp_server):
    actions.close_login(by=admin_user, user=login)
    response = ask(client, "jane.smith@example.nhs.uk")
    assert response.url == reverse("password-reset-sent")
    assert smtp_server.mailbox.messages == []


def test_a_tampered_link_does_not_work(client, site, login, smtp_server):
    ask(client, "jane.smith@example.nhs.uk")
    path = link_in(smtp_server.mailbox.messages[0]).removeprefix(SITE)
    tampered = path[:-2] + ("a" if path[-2] != "a" else "b") + "/"
    html = client.get(tampered).content.decode()
    assert "This link does not work" in html
    assert "new_password1" not in html
