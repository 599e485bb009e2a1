"""Schemathesis over every operation of /api/v1/openapi.json, against a live server on the suite's
database (SQLite or PostgreSQL), as nobody, a viewer, an editor and an administrator: no answer
may be a server error, and every answer must be one the operation documents, in its schema.

Writes are exercised too (POST, PUT, PATCH, DELETE): the test database is thrown away. The run is
bounded (a few examples per operation, no deadline per example) and marked `slow`."""

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from concord.access.models import ApiToken
from concord.governance.representation import person_of
from tests.factories import PersonFactory, UserFactory
from tests.integration.contracting import acute_contract, build_world, dementia_programme

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
EXAMPLES = 4  # per operation and role: 100 operations × 4 roles stay within a few minutes
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
RUN = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same cases on every run, so a failure is reproduced by rerunning
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def headers_for(role: str) -> dict:
    """A bearer token of a login with the role, whose person holds a post (rights follow posts)."""
    if role == "anonymous":
        return {}
    user = UserFactory(role=role)
    PersonFactory(user=user)
    _, token = ApiToken.objects.issue(user=user, name="schemathesis")
    return {"Authorization": f"Bearer {token}"}


def on_record(world) -> dict[str, dict]:
    """Path values of records that exist, by the API's prefix, so cases reach past the 404."""
    programme = dementia_programme(world)
    contract = acute_contract(world)
    forum = world.senate.forum
    people = {"person_id": person_of(world.senate.chair).pk}
    return {
        "/api/v1/organisations": {"code": world.ccg.code},
        "/api/v1/people": people,
        "/api/v1/programmes": {"slug": programme.slug, "number": 1},
        "/api/v1/governance": {"slug": forum.slug},
        "/api/v1/contracts": {"reference": contract.reference},
    }


def cases(operation, known: dict):
    """Valid and invalid cases (Schemathesis's positive and negative modes), and valid ones on a
    record that exists where the operation's path names one."""
    modes = [operation.as_strategy(mode) for mode in GenerationMode]
    names = {p.name for p in operation.path_parameters}
    for prefix, values in known.items():
        given_values = {k: v for k, v in values.items() if k in names}
        if operation.path.startswith(prefix) and given_values:
            modes.append(operation.as_strategy(path_parameters=given_values))
    return st.one_of(modes)


def problems(operation, base_url: str, headers: dict, session, known: dict) -> list[str]:
    """What failed for one operation: the first failing case, in a line or two."""

    @RUN
    @given(case=cases(operation, known))
    def exercise(case):
        case.call_and_validate(base_url=base_url, headers=headers, session=session, checks=CHECKS)

    try:
        exercise()
    except Exception as failure:  # a check's failure, shown with the case that made it
        return [f"{operation.label}: {str(failure).strip()[:1500]}"]
    return []


@pytest.mark.parametrize("role", ["anonymous", "viewer", "editor", "admin"])
def test_every_operation_answers_as_documented(live_server, role):
    world = build_world()
    known = on_record(world)
    headers = headers_for(role)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    session = requests.Session()
    found = []
    for result in schema.get_all_operations():
        found += problems(result.ok(), live_server.url, headers, session, known)
    assert not found, "\n\n".join(found)
