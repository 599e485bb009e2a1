"""Two administrators setting the registry up at the same moment: the same organisation added
twice, the same link made twice. One is made; the other is told why (a 409 from the API, the
form's error on the page); nothing is made twice and nothing crashes. Real threads, real
requests, real commits, on whichever database the suite runs on."""

import pytest
from django.urls import reverse

from concord.organisations.models import Organisation, Relationship
from tests.factories import CCGFactory, PracticeFactory, UserFactory
from tests.integration.concurrency import (  # noqa: F401
    at_once,
)
from tests.integration.test_governance_api import bearer

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_database"),
]
ROUNDS = 4


@pytest.fixture
def admins():
    return UserFactory(role="admin"), UserFactory(role="admin")


def through_api(user, path, data):
    headers = bearer(user)
    return lambda client: client.post(path, data, content_type="application/json", **headers)


def on_page(url, data):
    return lambda client: client.post(url, data)


def test_the_same_organisation_added_twice_at_once(admins):
    for n in range(ROUNDS):
        data = {"name": f"Locality {n}", "kind": "locality", "code": f"LOC-T-{n}"}
        answers = at_once(
            (admins[0], through_api(admins[0], "/api/v1/organisations", data)),
            (admins[1], on_page(reverse("organisation-add"), data)),
        )
        statuses = sorted(answer.status for answer in answers)
        assert statuses in ([201, 409], [302, 409]), [a.text[:300] for a in answers]
        refusal = next(a.text for a in answers if a.status == 409)
        assert f"The code LOC-T-{n} is already taken" in refusal
        assert Organisation.objects.filter(code=f"LOC-T-{n}").count() == 1


def test_the_same_generated_code_is_never_given_twice(admins):
    data = {"name": "A locality", "kind": "locality"}
    answers = at_once(
        *((user, through_api(user, "/api/v1/organisations", data)) for user in admins)
    )
    assert {answer.status for answer in answers} <= {201, 409}, [a.text[:300] for a in answers]
    made = Organisation.objects.filter(kind="locality")
    assert made.count() == sum(answer.status == 201 for answer in answers)
    assert len(set(made.values_list("code", flat=True))) == made.count()


def test_the_same_link_made_twice_at_once(admins):
    for _ in range(ROUNDS):
        practice, ccg = PracticeFactory(), CCGFactory()
        data = {"parent": ccg.code, "kind": "part_of", "start": "2021-04-01"}
        path = f"/api/v1/organisations/{practice.code}/links"
        answers = at_once(*((user, through_api(user, path, data)) for user in admins))
        assert sorted(answer.status for answer in answers) == [201, 409]
        assert Relationship.objects.filter(child=practice).count() == 1
