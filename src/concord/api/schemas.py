"""The schemas every app's endpoints share: an error, input that does not fit, an organisation
named (each app keeps its own resources' schemas, fields named as in the registry)."""

import dataclasses
import typing

from ninja import Schema
from pydantic import create_model

from concord.organisations.kinds import Kind

__all__ = ["Error", "Invalid", "OrganisationRef", "schema_of"]


class Error(Schema):
    detail: str


class Invalid(Schema):
    """Input that does not fit the operation's schema: where, and what is wrong."""

    detail: list[dict]


class OrganisationRef(Schema):
    """Just enough to name an organisation and follow it."""

    code: str
    name: str
    kind: Kind


def schema_of(kind: type, name: str) -> type[Schema]:
    """A response schema named `name` with the fields of the dataclass `kind`, as they are: the
    fields are written once, where the domain builds the values, and the API answers with them."""
    hints = typing.get_type_hints(kind)
    fields = {f.name: (hints[f.name], ...) for f in dataclasses.fields(kind)}
    return create_model(name, __base__=Schema, **fields)
