"""What the registry's endpoints return (one schema per resource, fields named as in the
registry), what its writes take, and what a refused input looks like."""

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from concord.access.roles import is_analyst, role_of
from concord.api.schemas import OrganisationRef
from concord.organisations.kinds import Kind, RelationshipKind

__all__ = [
    "EndIn",
    "InvalidOut",
    "LinkIn",
    "LoginIn",
    "LoginOut",
    "OrganisationChangeIn",
    "OrganisationDetailOut",
    "OrganisationIn",
    "OrganisationOut",
    "PersonIn",
    "PersonOut",
    "PostIn",
    "PostOut",
    "RelationshipOut",
    "RoleIn",
]


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


class FieldError(Schema):
    type: str
    loc: list[str | int] = Field(description="where: body, data, then the field at fault")
    msg: str


class InvalidOut(Schema):
    detail: list[FieldError]


class OrganisationIn(Schema):
    name: str
    kind: Kind = Field(description="a kind ODS does not publish: locality, voluntary_body, …")
    code: str = Field("", description="a local code such as LOC-02H-6; blank: the next free one")
    postcode: str = ""
    opened: dt.date | None = None


class OrganisationChangeIn(Schema):
    name: str | None = Field(None, description="left out: unchanged")
    postcode: str | None = Field(None, description="left out: unchanged")


class LinkIn(Schema):
    parent: str = Field(description="code of the organisation this one is linked to")
    kind: RelationshipKind
    start: dt.date | None = Field(None, description="blank: since before our records")
    end: dt.date | None = Field(None, description="blank: still in force")


class EndIn(Schema):
    end: dt.date = Field(description="the last day in force")


class RelationshipOut(Schema):
    id: int
    child: OrganisationRef
    kind: str
    parent: OrganisationRef
    start: dt.date | None
    end: dt.date | None


class PersonIn(Schema):
    name: str
    email: str = ""


class PostIn(Schema):
    organisation: str = Field(description="code of the organisation the post is in")
    role: str
    start: dt.date
    end: dt.date | None = None
    on_behalf_of: str | None = Field(None, description="code of the organisation it is held for")


class LoginIn(Schema):
    username: str = Field(description="what they type to sign in; unique, whatever its case")
    email: str = ""
    role: str = Field(description="viewer, editor or admin")
    analyst: bool = Field(False, description="sees raw counts, before disclosure control")
    password: str = Field(description="temporary, at least 12 characters; never returned")


class RoleIn(Schema):
    role: str = Field(description="viewer, editor or admin")
    analyst: bool = False


class LoginOut(Schema):
    """A person's login: never its password."""

    username: str
    email: str
    role: str | None = Field(description="viewer, editor or admin")
    analyst: bool
    is_active: bool = Field(description="false once the login is closed")

    @staticmethod
    def of(user) -> "LoginOut":
        return LoginOut(
            username=user.username,
            email=user.email,
            role=role_of(user),
            analyst=is_analyst(user),
            is_active=user.is_active,
        )
