"""People: the list, a person's page with their posts (and, for administrators, their login),
and (administrators) adding a person, a post and ending a post, each through one action (see
set_up.py for how refusals are shown; logins.py for the login's own pages)."""

import rules
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from concord.access.roles import is_analyst, role_of
from concord.organisations import actions
from concord.organisations.models import Person, Post
from concord.organisations.names import by_name
from concord.web.actions import run_form
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from ..forms import EndForm, PersonForm, PostForm
from .set_up import check_set_up, done, form_page, may_set_up

__all__ = [
    "add_person",
    "add_post",
    "detail",
    "end_post",
    "may_manage_logins",
    "people",
    "person_crumbs",
]

PER_PAGE = 50


def _people_crumbs() -> list:
    return [*crumbs.home(), ("People", reverse("people"))]


def person_crumbs(person: Person) -> list:
    return [*_people_crumbs(), (person.name, reverse("person", args=[person.pk]))]


def may_manage_logins(user) -> bool:
    """The rule the login actions apply, to decide whether to show a person's login."""
    return rules.has_perm("access.manage_logins", user)


def _login_of(person: Person) -> dict | None:
    """What a person's page shows of their login: its username, role, analyst capability."""
    user = person.user
    if user is None:
        return None
    return {"user": user, "role": role_of(user), "analyst": is_analyst(user)}


@viewer_required
def people(request):
    """Everyone on record, by name, with how many posts each holds; a name to search for."""
    query = request.GET.get("q", "").strip()
    people = Person.objects.annotate(post_count=Count("posts")).order_by(*by_name("name", "pk"))
    if query:
        people = people.filter(name__icontains=query)
    context = {
        "section": "organisations",
        "crumbs": crumbs.home(),
        "q": query,
        "page": Paginator(people, PER_PAGE).get_page(request.GET.get("page")),
        "can_set_up": may_set_up(request.user),
    }
    return render(request, "organisations/person_list.html", context)


@viewer_required
def detail(request, pk):
    people = Person.objects.select_related("user").prefetch_related("user__groups")
    person = get_object_or_404(people, pk=pk)
    posts = person.posts.select_related("organisation", "on_behalf_of").order_by("start", "id")
    context = {
        "person": person,
        "posts": posts,
        "section": "organisations",
        "crumbs": _people_crumbs(),
        "can_set_up": may_set_up(request.user),
        "can_manage_logins": (manages := may_manage_logins(request.user)),
        "login": _login_of(person) if manages else None,
    }
    return render(request, "organisations/person_detail.html", context)


@viewer_required
def add_person(request):
    check_set_up(request.user)
    form = PersonForm(request.POST or None)
    if made := run_form(form, actions.create_person, by=request.user):
        return done(request, f"{made.name} added. Add their posts below.", "person", made.pk)
    back = reverse("people")
    return form_page(request, form, "Add a person", "Add the person", _people_crumbs(), back)


@viewer_required
def add_post(request, pk):
    check_set_up(request.user)
    person = get_object_or_404(Person, pk=pk)
    form = PostForm(request.POST or None)
    if made := run_form(form, actions.add_post, by=request.user, person=person):
        message = f"{person.name} holds the post {made.role} in {made.organisation.name}."
        return done(request, message, "person", person.pk)
    back = reverse("person", args=[person.pk])
    return form_page(
        request, form, "Add a post", "Add the post", person_crumbs(person), back, person.name
    )


@viewer_required
def end_post(request, pk, post_pk):
    check_set_up(request.user)
    post = get_object_or_404(
        Post.objects.select_related("person", "organisation"), pk=post_pk, person_id=pk
    )
    form = EndForm(request.POST or None)
    if made := run_form(form, actions.end_post, by=request.user, post=post):
        message = f"The post {post.role} in {post.organisation.name} ends on {made.end:%-d %B %Y}."
        return done(request, message, "person", pk)
    caption = f"{post.person.name}: {post.role}, {post.organisation.name}"
    back = reverse("person", args=[pk])
    return form_page(
        request, form, "End this post", "End the post", person_crumbs(post.person), back, caption
    )
