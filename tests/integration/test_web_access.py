"""Every page needs a signed-in viewer; signing in and out uses NHS.UK-style pages."""

from pathlib import Path

import pytest
from django.urls import reverse

from concord.organisations.models import ImportBatch
from tests.factories import CCGFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def pages():
    ccg = CCGFactory()
    person = PersonFactory()
    ImportBatch.objects.create(kind="epraccur", file_name="epraccur.csv", checksum="ab" * 32)
    return [
        reverse("home"),
        reverse("organisations"),
        reverse("organisation", args=[ccg.code]),
        reverse("person", args=[person.pk]),
        reverse("imports"),
    ]


def test_every_page_renders_for_a_viewer(client, viewer, pages):
    client.force_login(viewer)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"nhsuk-header" in response.content
        assert viewer.username.encode() in response.content


def test_anonymous_people_are_sent_to_sign_in(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == f"{reverse('login')}?next={url}"


def test_people_without_a_role_are_refused_with_the_reason(client, pages):
    client.force_login(UserFactory())
    for url in pages:
        response = client.get(url, follow=False)
        assert response.status_code == 403, url
        assert b"does not hold the viewer role" in response.content


def test_sign_in_page_signs_a_viewer_in(client, viewer):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": viewer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_the_error_summary(client, viewer):
    response = client.post(reverse("login"), {"username": viewer.username, "password": "nope"})
    assert response.status_code == 200
    assert b"nhsuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content
    assert b"<title>Error: Sign in" in response.content


def test_blank_fields_are_named_in_the_error_summary(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert b'href="#id_username"' in response.content
    assert b'href="#id_password"' in response.content
    assert b"nhsuk-form-group--error" in response.content


def test_sign_out_ends_the_session(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("signed-out")
    assert b"You have signed out" in response.content
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    "path", ["images/nhsuk-icon-arrow-down.svg", "images/favicon.ico", "manifest.json"]
)
def test_nhsuk_assets_are_served_under_assets(client, path):
    from concord.web.views.assets import ASSETS_DIR

    response = client.get(f"/assets/{path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (ASSETS_DIR / path).read_bytes()


def test_assets_route_does_not_leave_its_folder(client):
    assert client.get("/assets/../nhsuk-frontend.min.js").status_code == 404
    assert client.get("/assets/%2e%2e/nhsuk-frontend.min.js").status_code == 404


@pytest.mark.parametrize("path", ["nhsuk/nhsuk-frontend.min.css", "nhsuk/nhsuk-frontend.min.js"])
def test_whitenoise_serves_the_nhsuk_files_without_debug(client, path, settings):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    assert settings.DEBUG is False
    response = client.get(static(path))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(finders.find(path)).read_bytes()


def test_the_navigation_marks_the_forums_section_on_governance_pages(client, viewer):
    client.force_login(viewer)
    page = client.get("/governance/").content.decode()
    current = '<strong class="nhsuk-header__navigation-item-current-fallback">Forums'
    assert current in page
