"""What the API returns: one schema per resource, fields named as in the registry."""

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from concord.organisations.kinds import Kind


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


class OrganisationOut(OrganisationRef):
    is_local_code: bool
    status: str = Field(
        description="ODS status on as_at: A active, C closed, D dormant, P proposed "
        "(blank when none is on record)"
    )
    opened: dt.date | None
    closed: dt.date | None
    postcode: str
    ons_code: str
    url: str

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.status_on_date or ""

    @staticmethod
    def resolve_url(obj, context) -> str:
        path = reverse("api:organisation", kwargs={"code": obj.code})
        return context["request"].build_absolute_uri(path)


class LinkOut(Schema):
    """A dated link seen from one organisation: the other end, its kind and its dates."""

    id: int
    kind: str
    organisation: OrganisationRef
    start: dt.date | None
    end: dt.date | None
    in_force: bool


class PopulationOut(Schema):
    extract_date: dt.date
    patients: int | None = Field(description="registered patients, rolled up over the hierarchy")


class RelationshipsOut(Schema):
    links_up: list[LinkOut]
    links_down: list[LinkOut]
    successors: list[OrganisationRef]
    predecessors: list[OrganisationRef]


class OrganisationDetailOut(OrganisationOut):
    as_at: dt.date
    relationships: RelationshipsOut
    population: PopulationOut | None


class PostOut(Schema):
    id: int
    organisation: OrganisationRef
    role: str
    on_behalf_of: OrganisationRef | None
    start: dt.date | None
    end: dt.date | None


class PersonOut(Schema):
    id: int
    name: str
    is_fictional: bool
    posts: list[PostOut]

    @staticmethod
    def resolve_posts(obj) -> list:
        return list(obj.posts.all())
