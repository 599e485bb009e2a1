"""Pages answer input no database can take with an NHS.UK error page, never a server error: a
NUL or control character in the path, the query or a posted form (400), an id past 64 bits or
below 0 (404). Runs on SQLite and on PostgreSQL."""

import pytest

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, admin_user):
    client.force_login(admin_user)
    return client


def is_nhs_page(response) -> bool:
    text = response.content.decode()
    return response["Content-Type"].startswith("text/html") and "nhsuk-header" in text


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/%00/",
        "/organisations/?q=%00",
        "/search/?q=%00",
        "/contracts/%00/",
        "/contracts/?party=%00",
        "/accountability/flags/?forum=%00",
        "/accountability/?party=%00",
        "/people/?q=a%1bb",
        "/people/?q=a%C2%85b",  # U+0085, a C1 control
        "/%00/",
    ],
)
def test_a_nul_or_control_character_is_a_400_page(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 400
    assert is_nhs_page(response)
    assert "character (U+00" in response.content.decode()


def test_letters_beyond_ascii_are_not_refused(signed_in):
    response = signed_in.get("/organisations/", {"q": "Ysbyty Gwynedd – Bryn Môr"})
    assert response.status_code == 200


def test_a_nul_in_a_posted_form_is_a_400_page(signed_in):
    response = signed_in.post("/organisations/new/", {"name": "Wigan\x00", "kind": "locality"})
    assert response.status_code == 400
    assert is_nhs_page(response)
    assert "name" in response.content.decode()


def test_line_breaks_and_tabs_in_a_form_are_not_refused(signed_in):
    response = signed_in.get("/organisations/", {"q": "a\tb"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/people/99999999999999999999/",
        "/people/-1/",
        "/accountability/commitments/99999999999999999999/",
        "/governance/proposals/99999999999999999999/",
        "/contracts/commitments/99999999999999999999/",
        "/imports/jobs/99999999999999999999/",
        "/organisations/NOPE/links/99999999999999999999/end/",
    ],
)
def test_an_id_past_64_bits_or_negative_is_a_404_page(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 404
    assert is_nhs_page(response)


def test_a_huge_number_as_an_organisation_code_is_a_404_page(signed_in):
    PracticeFactory()
    response = signed_in.get("/organisations/99999999999999999999/")
    assert response.status_code == 404
    assert is_nhs_page(response)


def test_a_multipart_body_that_cannot_be_read_is_a_400_page(signed_in):
    response = signed_in.generic(
        "POST",
        "/organisations/new/",
        b"--nope\r\nnot a part",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
