"""A person's login, kept from their page by administrators: giving one (a role, the analyst
capability and a temporary password), changing its role, closing it. Each form runs one
action of concord.access.actions, as the registry's set-up pages do (set_up.py): a refusal
is a 403, an invalid change the form's error shown back."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from concord.access import actions
from concord.access.roles import is_analyst, role_of
from concord.access.rules import LOGINS_REFUSAL
from concord.organisations.models import Person
from concord.web.actions import run_form
from concord.web.views.access import viewer_required

from ..login_forms import CloseForm, LoginForm, RoleForm
from .people import may_manage_logins, person_crumbs
from .set_up import done, form_page

__all__ = ["change_role", "close_login", "give_login"]


def _person_for_admin(request, pk) -> Person:
    if not may_manage_logins(request.user):
        raise PermissionDenied(LOGINS_REFUSAL)
    return get_object_or_404(Person.objects.select_related("user"), pk=pk)


def with_login(request, pk) -> Person:
    person = _person_for_admin(request, pk)
    if person.user is None:
        raise Http404(f"{person.name} has no login.")
    return person


def posted(request):
    return request.POST if request.method == "POST" else None


@viewer_required
def give_login(request, pk):
    person = _person_for_admin(request, pk)
    form = LoginForm(posted(request), initial={"email": person.email})
    if made := run_form(form, actions.give_login, by=request.user, person=person):
        message = (
            f"{person.name} can sign in as {made.username}. Tell them the temporary password; "
            "they change it once signed in."
        )
        return done(request, message, "person", person.pk)
    back = reverse("person", args=[person.pk])
    return form_page(
        request, form, "Give a login", "Give the login", person_crumbs(person), back, person.name
    )


@viewer_required
def change_role(request, pk):
    person = with_login(request, pk)
    user = person.user
    form = RoleForm(posted(request), initial={"role": role_of(user), "analyst": is_analyst(user)})
    if run_form(form, actions.set_role, by=request.user, user=user):
        return done(request, f"{user.username}'s role is changed.", "person", person.pk)
    caption = f"{person.name}: {user.username}"
    back = reverse("person", args=[person.pk])
    return form_page(request, form, "Change the role", "Save", person_crumbs(person), back, caption)


@viewer_required
def close_login(request, pk):
    person = with_login(request, pk)
    form = CloseForm(posted(request))
    if run_form(form, actions.close_login, by=request.user, user=person.user):
        return done(request, f"The login {person.user.username} is closed.", "person", person.pk)
    intro = (
        f"{person.name} will no longer be able to sign in as {person.user.username}, nor use "
        "its API tokens. What they did stays on record."
    )
    back = reverse("person", args=[person.pk])
    return form_page(
        request,
        form,
        "Close the login",
        "Close the login",
        person_crumbs(person),
        back,
        person.name,
        intro,
    )
