"""People and the dated posts they hold, in an organisation and on behalf of another; and the
administrators' writes: adding a person, a post, and ending a post (the actions of the pages),
and giving a person a login, changing its role and closing it (concord.access.actions)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from concord.access import actions as logins
from concord.api.bounds import Id
from concord.api.pagination import Paged
from concord.organisations import actions
from concord.organisations.models import Person, Post

from .acting import act_on_registry, named, setting_up
from .registry_schemas import EndIn, InvalidOut, LoginIn, LoginOut, PersonIn, PostIn, RoleIn
from .schemas import Error, PersonOut, PostOut

router = Router(tags=["people"])
REFUSED = {403: Error, 404: Error, 409: Error, 422: InvalidOut}


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


def people():
    posts = Post.objects.select_related("organisation", "on_behalf_of").order_by("start", "id")
    return Person.objects.prefetch_related(Prefetch("posts", queryset=posts))


@router.get("", response=list[PersonOut], url_name="people")
@paginate(Paged)
def list_people(request, filters: Query[PeopleFilters]):
    return filters.apply(people().order_by("name", "id"))


@router.get("/{int:person_id}", response={200: PersonOut, 404: Error}, url_name="person")
def person(request, person_id: Id):
    found = people().filter(pk=person_id).first()
    if found is None:
        raise HttpError(404, f"No person has the id {person_id}.")
    return found


def person_or_404(person_id: int) -> Person:
    found = Person.objects.filter(pk=person_id).first()
    if found is None:
        raise HttpError(404, f"No person has the id {person_id}.")
    return found


@router.post("", response={201: PersonOut, **REFUSED}, url_name="create_person")
def create_person(request, data: PersonIn):
    made = act_on_registry(actions.create_person, by=request.auth, **data.dict())
    return Status(201, people().get(pk=made.pk))


@router.post("/{int:person_id}/posts", response={201: PostOut, **REFUSED}, url_name="add_post")
def add_post(request, person_id: Id, data: PostIn):
    """A dated post in an organisation, optionally held on behalf of another."""
    setting_up(request)
    made = act_on_registry(
        actions.add_post,
        by=request.auth,
        person=person_or_404(person_id),
        organisation=named(data.organisation, "organisation"),
        on_behalf_of=named(data.on_behalf_of, "on_behalf_of"),
        **data.dict(exclude={"organisation", "on_behalf_of"}),
    )
    return Status(201, made)


@router.post("/{int:person_id}/posts/{int:post_id}/end", response={200: PostOut, **REFUSED})
def end_post(request, person_id: Id, post_id: Id, data: EndIn):
    """The post is held up to and including `end`."""
    setting_up(request)
    found = get_object_or_404(Post, pk=post_id, person=person_or_404(person_id))
    return act_on_registry(actions.end_post, by=request.auth, post=found, end=data.end)


def managing_logins(request) -> None:
    """Before the person is looked up: only administrators give and change logins (403)."""
    act_on_registry(logins.require_admin, by=request.auth)


def login_or_404(person_id: int):
    person = person_or_404(person_id)
    if person.user is None:
        raise HttpError(404, f"{person.name} has no login.")
    return person.user


@router.post("/{int:person_id}/login", response={201: LoginOut, **REFUSED}, url_name="give_login")
def give_login(request, person_id: Id, data: LoginIn):
    """A login for the person, with a role and a temporary password they change once signed in.
    The password is stored hashed and never returned."""
    managing_logins(request)
    made = act_on_registry(
        logins.give_login, by=request.auth, person=person_or_404(person_id), **data.dict()
    )
    return Status(201, LoginOut.of(made))


@router.post("/{int:person_id}/login/role", response={200: LoginOut, **REFUSED})
def set_role(request, person_id: Id, data: RoleIn):
    """The role the person's login holds, and the analyst capability or not, from now."""
    managing_logins(request)
    made = act_on_registry(
        logins.set_role, by=request.auth, user=login_or_404(person_id), **data.dict()
    )
    return LoginOut.of(made)


@router.post("/{int:person_id}/login/close", response={200: LoginOut, **REFUSED})
def close_login(request, person_id: Id):
    """The login can no longer sign in or use its tokens; it stays on record."""
    managing_logins(request)
    return LoginOut.of(
        act_on_registry(logins.close_login, by=request.auth, user=login_or_404(person_id))
    )
