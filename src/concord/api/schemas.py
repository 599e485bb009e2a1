"""The schemas every app's endpoints share: an error, input that does not fit, an organisation
named (each app keeps its own resources' schemas, fields named as in the registry)."""

from ninja import Schema

from concord.organisations.kinds import Kind

__all__ = ["Error", "Invalid", "OrganisationRef"]


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
