"""Resetting a forgotten password: the link arrives by email over a real SMTP server, and the
new password is held to the same rules as changing it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import UserFactory
from tests.integration.governance import PASSWORD

pytestmark = pytest.mark.django_db

ASKED = "Check your email"


def link_in(smtp_server, count=1) -> str:
    message = smtp_server.mailbox.wait_for(count)[count - 1]
    return re.search(r"https?://\S+/sign-in/reset/\S+/", smtp_server.mailbox.body(message)).group(0)


def test_a_forgotten_password_is_reset_by_the_emailed_link(client, smtp_server):
    user = UserFactory(username="jsmith", email="j.smith@example.nhs.uk", role="viewer")
    sign_in = reverse("login")
    assert "Forgotten your password?" in client.get(sign_in).content.decode()

    asked = client.post(reverse("password-reset"), {"email": "J.Smith@example.nhs.uk"}, follow=True)
    assert ASKED in asked.content.decode()
    [message] = smtp_server.mailbox.wait_for(1)
    assert message["To"] == "j.smith@example.nhs.uk"
    assert message["Subject"] == "Reset your Concord password"
    link = link_in(smtp_server)

    form = client.get(link, follow=True)  # Django moves the token out of the address
    assert "Choose a new password" in form.content.decode()
    weak = {"new_password1": "jsmith12", "new_password2": "jsmith12"}
    refused = client.post(form.redirect_chain[-1][0], weak)
    assert refused.status_code == 200
    assert "This password is too short" in refused.content.decode()

    chosen = "a quiet harbour at dusk"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": chosen, "new_password2": chosen},
        follow=True,
    )
    assert "Your password is reset" in done.content.decode()

    assert client.post(sign_in, {"username": "jsmith", "password": PASSWORD}).status_code == 200
    assert client.post(sign_in, {"username": "jsmith", "password": chosen}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(chosen)

    client.logout()
    again = client.get(link, follow=True)  # the link works once
    assert "This link no longer works" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, smtp_server):
    UserFactory(username="jsmith", email="j.smith@example.nhs.uk")
    known = client.post(reverse("password-reset"), {"email": "j.smith@example.nhs.uk"}, follow=True)
    unknown = client.post(
        reverse("password-reset"), {"email": "nobody@example.nhs.uk"}, follow=True
    )

    assert known.redirect_chain == unknown.redirect_chain
    assert ASKED in unknown.content.decode()
    smtp_server.mailbox.wait_for(1)
    assert [m["To"] for m in smtp_server.mailbox.messages] == ["j.smith@example.nhs.uk"]
    assert get_user_model().objects.count() == 1
