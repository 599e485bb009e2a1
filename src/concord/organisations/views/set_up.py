"""Setting the registry up from its pages (administrators): adding an organisation ODS does not
hold, changing its name or postcode, linking it to another, ending a link, adding a post in it.
Each form runs one action through the pages' one runner (concord.web.actions.run_form), which
checks the permission: a refusal is a 403; an invalid change is the form's error, summarised
above the form re-rendered (400, or 409 for a conflict); a change made redirects to the page,
which confirms it."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concord.organisations import actions
from concord.organisations.actions.common import REFUSAL
from concord.organisations.models import Organisation, Relationship
from concord.web.actions import form_status, run_form
from concord.web.views import crumbs
from concord.web.views.access import viewer_required

from ..forms import (
    EndForm,
    LinkForm,
    OrganisationChangeForm,
    OrganisationForm,
    PostHereForm,
)

__all__ = [
    "add_organisation",
    "add_post_here",
    "change_organisation",
    "check_set_up",
    "done",
    "end_link",
    "form_page",
    "link",
    "may_set_up",
]


def may_set_up(user) -> bool:
    """The rule the actions apply, to decide whether to show the buttons."""
    return rules.has_perm("organisations.set_up", user)


def check_set_up(user) -> None:
    if not may_set_up(user):
        raise PermissionDenied(REFUSAL)


def form_page(request, form, title: str, button: str, trail: list, back: str, caption="", intro=""):
    """The form on its own page, in the NHS.UK style, with the status of what it was shown back
    for (concord.web.actions.form_status: 400 invalid, 409 a conflict)."""
    context = {
        "section": "organisations",
        "crumbs": trail,
        "form": form,
        "title": title,
        "caption": caption,
        "intro": intro,
        "button": button,
        "back": back,
        "first_field": next(iter(form.fields), None),
    }
    return render(request, "organisations/registry_form.html", context, status=form_status(form))


def done(request, message: str, to: str, *args):
    messages.success(request, message)
    return redirect(to, *args)


def _organisation_crumbs(org: Organisation) -> list:
    return [*crumbs.organisations(), (org.name, reverse("organisation", args=[org.code]))]


@viewer_required
def add_organisation(request):
    check_set_up(request.user)
    form = OrganisationForm(request.POST or None)
    if made := run_form(form, actions.create_organisation, by=request.user):
        return done(
            request, f"{made.name} added, with the code {made.code}.", "organisation", made.code
        )
    back = reverse("organisations")
    return form_page(
        request, form, "Add an organisation", "Add the organisation", crumbs.organisations(), back
    )


@viewer_required
def change_organisation(request, code):
    check_set_up(request.user)
    org = get_object_or_404(Organisation, code=code)
    form = OrganisationChangeForm(
        request.POST or None, initial={"name": org.name, "postcode": org.postcode}
    )
    if made := run_form(form, actions.update_organisation, by=request.user, organisation=org):
        return done(request, f"{made.name} is up to date.", "organisation", made.code)
    trail, back = _organisation_crumbs(org), reverse("organisation", args=[org.code])
    return form_page(request, form, "Change the name or postcode", "Save", trail, back, org.name)


@viewer_required
def link(request, code):
    check_set_up(request.user)
    org = get_object_or_404(Organisation, code=code)
    form = LinkForm(request.POST or None)
    if made := run_form(form, actions.link_organisations, by=request.user, child=org):
        message = f"{org.name} is now {made.get_kind_display().lower()} {made.parent.name}."
        return done(request, message, "organisation", org.code)
    trail, back = _organisation_crumbs(org), reverse("organisation", args=[org.code])
    return form_page(
        request, form, "Link to another organisation", "Add the link", trail, back, org.name
    )


@viewer_required
def end_link(request, code, pk):
    check_set_up(request.user)
    link = get_object_or_404(
        Relationship.objects.select_related("child", "parent"), pk=pk, child__code=code
    )
    form = EndForm(request.POST or None)
    if made := run_form(form, actions.end_link, by=request.user, link=link):
        message = f"The link to {link.parent.name} ends on {made.end:%-d %B %Y}."
        return done(request, message, "organisation", code)
    caption = f"{link.child.name}: {link.get_kind_display().lower()} {link.parent.name}"
    trail, back = _organisation_crumbs(link.child), reverse("organisation", args=[code])
    return form_page(request, form, "End this link", "End the link", trail, back, caption)


@viewer_required
def add_post_here(request, code):
    check_set_up(request.user)
    org = get_object_or_404(Organisation, code=code)
    form = PostHereForm(request.POST or None)
    if made := run_form(form, actions.add_post, by=request.user, organisation=org):
        return done(
            request, f"{made.person.name} holds the post {made.role} here.", "organisation", code
        )
    trail, back = _organisation_crumbs(org), reverse("organisation", args=[org.code])
    return form_page(request, form, "Add a post here", "Add the post", trail, back, org.name)
