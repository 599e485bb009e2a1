"""The OpenAPI document describes what the API answers: one model per schema name, and every
refusal (400, 401, 403, 404, 409, 422) documented on every operation as JSON."""

import json

import pytest
from ninja.openapi.schema import OpenAPISchema

from concord.api.answers import REFUSALS
from concord.api.api import api


class Recording(OpenAPISchema):
    """ninja's generator, keeping every definition it was given under each name."""

    def __init__(self, *args, **kwargs):
        self.given: dict[str, set[str]] = {}
        super().__init__(*args, **kwargs)

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            self.given.setdefault(name, set()).add(json.dumps(definition, sort_keys=True))
        super().add_schema_definitions(definitions)


def test_no_two_different_models_share_a_schema_name():
    """ninja keeps the last model of a name, so a second model under one name documents the
    first's answers with the wrong schema (the indicator's versions were governance's)."""
    given = Recording(api, "/api/v1/").given
    shared = sorted(name for name, schemas in given.items() if len(schemas) > 1)
    assert shared == []


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema(path_prefix="/api/v1/")


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_documents_every_refusal_as_json(document):
    missing = [
        (name, status)
        for name, operation in operations(document)
        for status in REFUSALS
        if "application/json" not in operation["responses"].get(status, {}).get("content", {})
    ]
    assert missing == []


def test_the_indicator_is_documented_with_its_own_versions(document):
    indicator = document["paths"]["/api/v1/indicators/{code}"]["get"]
    ref = indicator["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    detail = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    versions = detail["properties"]["versions"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "content_hash" in document["components"]["schemas"][versions]["properties"]


def test_every_list_is_paged_to_at_most_a_thousand(document):
    lists = [
        (name, {p["name"]: p["schema"] for p in operation.get("parameters", [])})
        for name, operation in operations(document)
        if any(p["name"] == "limit" for p in operation.get("parameters", []))
    ]
    assert len(lists) >= 10
    for name, params in lists:
        assert params["limit"]["maximum"] <= 1000, name
        assert params.get("offset", {"maximum": 0})["maximum"] <= 2**63 - 1, name
