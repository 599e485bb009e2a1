"""The registry's endpoints, one router under /api/v1/: organisations (the directory, one
organisation with its dated links, its members) and people (the dated posts they hold, in an
organisation and on behalf of another). And the administrators' writes, the same actions as the
pages: adding an organisation ODS does not hold, changing its name or postcode, linking
organisations and ending a link; adding a person, a post and ending a post; giving a person a
login, changing its role and closing it (concord.access.actions)."""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate

from concord.access import actions as logins
from concord.api.acting import act_on_registry, named, setting_up
from concord.api.bounds import Id
from concord.api.pagination import Paged
from concord.api.schemas import Error
from concord.organisations import actions, hierarchy
from concord.organisations.models import Kind, Organisation, Person, Post, Relationship
from concord.organisations.population import latest_extract_date, registered_population

from .schemas import (
    EndIn,
    InvalidOut,
    LinkIn,
    LoginIn,
    LoginOut,
    OrganisationChangeIn,
    OrganisationDetailOut,
    OrganisationIn,
    OrganisationOut,
    PersonIn,
    PersonOut,
    PostIn,
    PostOut,
    RelationshipOut,
    RoleIn,
)

organisations = Router(tags=["organisations"])
people = Router(tags=["people"])
router = Router()  # mounted at the API's root
REFUSED = {403: Error, 404: Error, 409: Error, 422: InvalidOut}


class AsAt(Schema):
    as_at: dt.date | None = Field(None, description="the date to answer for (default: today)")

    def date(self) -> dt.date:
        return self.as_at or localdate()


class MemberFilters(AsAt):
    kind: list[Kind] | None = Field(None, description="only these kinds (repeat to give several)")

    def apply(self, qs: QuerySet) -> QuerySet:
        return qs.of_kind(*self.kind) if self.kind else qs


class OrganisationFilters(MemberFilters):
    within: str | None = Field(None, description="code of an organisation they sit within")
    q: str | None = Field(None, description="code, postcode or part of the name")
    open: bool | None = Field(None, description="open (true) or closed (false) on as_at")

    def apply(self, qs: QuerySet) -> QuerySet:
        qs, as_at = super().apply(qs), self.date()
        if self.within:
            qs = qs.within(known_organisation(self.within), as_at=as_at)
        if self.q:
            qs = qs.search(self.q)
        if self.open is not None:
            open_ids = Organisation.objects.open_on(as_at).values("pk")
            qs = qs.filter(pk__in=open_ids) if self.open else qs.exclude(pk__in=open_ids)
        return qs


def known_organisation(code: str) -> Organisation:
    """The organisation a `within` filter names; a 422 naming the parameter when there is none."""
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        msg = f"no organisation has the code {code!r}"
        raise ValidationError([{"type": "unknown_code", "loc": ["query", "within"], "msg": msg}])
    return org


def _organisation_or_404(code: str, as_at: dt.date | None = None) -> Organisation:
    organisations = Organisation.objects.with_status_on(as_at) if as_at else Organisation.objects
    org = organisations.filter(code=code).first()
    if org is None:
        raise HttpError(404, f"No organisation has the code {code!r}.")
    return org


def in_force(link: Relationship, as_at: dt.date) -> bool:
    return (link.start is None or link.start <= as_at) and (link.end is None or link.end >= as_at)


def links(org: Organisation, as_at: dt.date, *, up: bool) -> list[dict]:
    """Every dated link from `org` upwards (to parents) or downwards (to children)."""
    other = "parent" if up else "child"
    qs = (org.links_up if up else org.links_down).select_related(other).order_by("start", "id")
    return [
        dict(
            id=link.pk,
            kind=link.kind,
            organisation=getattr(link, other),
            start=link.start,
            end=link.end,
            in_force=in_force(link, as_at),
        )
        for link in qs
    ]


def population(org: Organisation) -> dict | None:
    """Registered patients at the latest extract, rolled up as at that extract's date."""
    extract_date = latest_extract_date(org)
    if extract_date is None:
        return None
    return dict(extract_date=extract_date, patients=registered_population(org, extract_date))


def relationships(org: Organisation, as_at: dt.date) -> dict:
    return dict(
        links_up=links(org, as_at, up=True),
        links_down=links(org, as_at, up=False),
        successors=hierarchy.successors(org),
        predecessors=hierarchy.predecessors(org),
    )


@organisations.get("", response=list[OrganisationOut], url_name="organisations")
@paginate(Paged)
def list_organisations(request, filters: Query[OrganisationFilters]):
    """The directory: filter by kind, position in the hierarchy on a date, text, open or closed.

    `status` is each organisation's ODS status on as_at; open means active on as_at (or, with no
    ODS status on record, within its open and close dates)."""
    as_at = filters.date()
    return filters.apply(Organisation.objects.with_status_on(as_at).order_by("name", "code"))


@organisations.get(
    "/{code}", response={200: OrganisationDetailOut, 404: Error}, url_name="organisation"
)
def organisation(request, code: str, when: Query[AsAt]):
    """One organisation with its links up and down (in force on as_at or not) and population."""
    as_at = when.date()
    org = _organisation_or_404(code, as_at)
    org.as_at, org.relationships = as_at, relationships(org, as_at)
    org.population = population(org)
    return org


@organisations.get(
    "/{code}/members", response={200: list[OrganisationOut], 404: Error}, url_name="members"
)
@paginate(Paged)
def members(request, code: str, filters: Query[MemberFilters]):
    """Organisations within this one, at any depth, through links in force on as_at."""
    org, as_at = _organisation_or_404(code), filters.date()
    within = Organisation.objects.with_status_on(as_at).within(org, as_at=as_at)
    return filters.apply(within.order_by("name", "code"))


def shown(org: Organisation) -> Organisation:
    """The organisation as the directory shows it today (with its ODS status that day)."""
    return Organisation.objects.with_status_on(localdate()).get(pk=org.pk)


@organisations.post("", response={201: OrganisationOut, **REFUSED}, url_name="create_organisation")
def create_organisation(request, data: OrganisationIn):
    """Administrators add an organisation ODS does not hold, with a local code."""
    made = act_on_registry(actions.create_organisation, by=request.auth, **data.dict())
    return Status(201, shown(made))


@organisations.patch(
    "/{code}", response={200: OrganisationOut, **REFUSED}, url_name="update_organisation"
)
def update_organisation(request, code: str, data: OrganisationChangeIn):
    """A local organisation's name or postcode (ODS-held ones are kept by the importers: 409)."""
    setting_up(request)
    org = _organisation_or_404(code)
    act_on_registry(actions.update_organisation, by=request.auth, organisation=org, **data.dict())
    return shown(org)


@organisations.post("/{code}/links", response={201: RelationshipOut, **REFUSED}, url_name="link")
def link(request, code: str, data: LinkIn):
    """This organisation is <kind> the parent from start to end."""
    setting_up(request)
    made = act_on_registry(
        actions.link_organisations,
        by=request.auth,
        child=_organisation_or_404(code),
        parent=named(data.parent, "parent"),
        **data.dict(exclude={"parent"}),
    )
    return Status(201, made)


@organisations.post("/{code}/links/{int:link_id}/end", response={200: RelationshipOut, **REFUSED})
def end_link(request, code: str, link_id: Id, data: EndIn):
    """A link up or down from this organisation, in force up to and including `end`."""
    setting_up(request)
    org = _organisation_or_404(code)
    link = get_object_or_404(
        Relationship.objects.select_related("child", "parent").filter(Q(child=org) | Q(parent=org)),
        pk=link_id,
    )
    return act_on_registry(actions.end_link, by=request.auth, link=link, end=data.end)


# ---- people ------------------------------------------------------------------------------


class PeopleFilters(Schema):
    q: str | None = Field(None, description="part of the name")
    organisation: str | None = Field(
        None, description="code of an organisation they hold a post in"
    )

    def apply(self, qs):
        if self.q:
            qs = qs.filter(name__icontains=self.q.strip())
        if self.organisation:
            qs = qs.filter(posts__organisation__code=self.organisation).distinct()
        return qs


def _with_posts():
    posts = Post.objects.select_related("organisation", "on_behalf_of").order_by("start", "id")
    return Person.objects.prefetch_related(Prefetch("posts", queryset=posts))


@people.get("", response=list[PersonOut], url_name="people")
@paginate(Paged)
def list_people(request, filters: Query[PeopleFilters]):
    return filters.apply(_with_posts().order_by("name", "id"))


@people.get("/{int:person_id}", response={200: PersonOut, 404: Error}, url_name="person")
def person(request, person_id: Id):
    person = _with_posts().filter(pk=person_id).first()
    if person is None:
        raise HttpError(404, f"No person has the id {person_id}.")
    return person


def _person_or_404(person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise HttpError(404, f"No person has the id {person_id}.")
    return person


@people.post("", response={201: PersonOut, **REFUSED}, url_name="create_person")
def create_person(request, data: PersonIn):
    made = act_on_registry(actions.create_person, by=request.auth, **data.dict())
    return Status(201, _with_posts().get(pk=made.pk))


@people.post("/{int:person_id}/posts", response={201: PostOut, **REFUSED}, url_name="add_post")
def add_post(request, person_id: Id, data: PostIn):
    """A dated post in an organisation, optionally held on behalf of another."""
    setting_up(request)
    made = act_on_registry(
        actions.add_post,
        by=request.auth,
        person=_person_or_404(person_id),
        organisation=named(data.organisation, "organisation"),
        on_behalf_of=named(data.on_behalf_of, "on_behalf_of"),
        **data.dict(exclude={"organisation", "on_behalf_of"}),
    )
    return Status(201, made)


@people.post("/{int:person_id}/posts/{int:post_id}/end", response={200: PostOut, **REFUSED})
def end_post(request, person_id: Id, post_id: Id, data: EndIn):
    """The post is held up to and including `end`."""
    setting_up(request)
    post = get_object_or_404(Post, pk=post_id, person=_person_or_404(person_id))
    return act_on_registry(actions.end_post, by=request.auth, post=post, end=data.end)


def _managing_logins(request) -> None:
    """Before the person is looked up: only administrators give and change logins (403)."""
    act_on_registry(logins.require_admin, by=request.auth)


def _login_or_404(person_id: int):
    person = _person_or_404(person_id)
    if person.user is None:
        raise HttpError(404, f"{person.name} has no login.")
    return person.user


@people.post("/{int:person_id}/login", response={201: LoginOut, **REFUSED}, url_name="give_login")
def give_login(request, person_id: Id, data: LoginIn):
    """A login for the person, with a role and a temporary password they change once signed in.
    The password is stored hashed and never returned."""
    _managing_logins(request)
    made = act_on_registry(
        logins.give_login, by=request.auth, person=_person_or_404(person_id), **data.dict()
    )
    return Status(201, LoginOut.of(made))


@people.post("/{int:person_id}/login/role", response={200: LoginOut, **REFUSED})
def set_role(request, person_id: Id, data: RoleIn):
    """The role the person's login holds, and the analyst capability or not, from now."""
    _managing_logins(request)
    made = act_on_registry(
        logins.set_role, by=request.auth, user=_login_or_404(person_id), **data.dict()
    )
    return LoginOut.of(made)


@people.post("/{int:person_id}/login/close", response={200: LoginOut, **REFUSED})
def close_login(request, person_id: Id):
    """The login can no longer sign in or use its tokens; it stays on record."""
    _managing_logins(request)
    return LoginOut.of(
        act_on_registry(logins.close_login, by=request.auth, user=_login_or_404(person_id))
    )


router.add_router("/organisations", organisations)
router.add_router("/people", people)
