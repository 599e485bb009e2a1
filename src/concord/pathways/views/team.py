"""Setting a programme up from its pages: starting one (an editor holding a post in the
organisation that leads it), and, on the programme page, adding people to its team and ending
their membership (editors of the programme). Each form runs one action, which checks the
permission and the rules; an invalid change is shown as the form's error."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate

from concord.access import posts
from concord.web.actions import error_summary, form_status, run
from concord.web.views.access import viewer_required

from .. import actions
from ..forms import (
    EndMembershipForm,
    PathwayDraftForm,
    ProgrammeForm,
    TeamMemberForm,
    draft_initial,
)
from . import editing
from .common import trail

__all__ = [
    "CHANGES",
    "drafted",
    "may_start",
    "perform",
    "programme_forms",
    "start",
    "started",
    "team_of",
]

CHANGES = ("draft", "add-member", "end-membership")  # the change posted, also its section's id


def team_of(programme):
    """Today's team, as the page lists it and the end-membership form offers it."""
    return programme.team.in_force(localdate()).select_related("person", "on_behalf_of")


def programme_forms(programme, posted: str | None, data) -> dict:
    def bound(name):
        return data if name == posted else None

    draft = (
        PathwayDraftForm(data)
        if posted == "draft"
        else PathwayDraftForm(initial=draft_initial(programme))
    )
    return {
        "draft": draft,
        "add-member": TeamMemberForm(bound("add-member")),
        "end-membership": EndMembershipForm(bound("end-membership"), team=team_of(programme)),
    }


def perform(request, programme, posted: str, form):
    """Run the change posted: the page to go to after it, with its confirmation, or None."""
    if posted == "draft":
        return drafted(request, programme, form)
    by, data = request.user, form.cleaned_data
    if posted == "add-member":
        made = run(form, actions.add_team_member, by=by, programme=programme, **data)
        done = made and f"{made.person.name} added to the team as {made.role}"
    else:
        made = run(form, actions.end_team_membership, by=by, **data)
        done = made and f"{made.person.name}'s membership ends on {made.end:%-d %B %Y}"
    if not done:
        return None
    messages.success(request, done)
    return redirect(reverse("pathways:programme", args=[programme.slug]) + "#team")


def drafted(request, programme, form):
    """A new version drafted: its page, to change its stages; or None if refused."""
    made = editing.draft(request, programme, form)
    if made is None:
        return None
    messages.success(request, f"Version {made.number} drafted. Change its stages, then publish it.")
    return redirect("pathways:pathway", slug=programme.slug, number=made.number)


def may_start(user) -> bool:
    """Editors holding a post start programmes, each led by an organisation they belong to."""
    return posts.acts_for_someone(user)


def started(request, form):
    """The programme started, or None: a lead organisation you hold no post in, or a name taken,
    is the form's error, by its field."""
    try:
        return run(form, actions.create_programme, by=request.user, **form.cleaned_data)
    except PermissionDenied as exc:
        form.add_error("lead_organisation", str(exc))
        return None


@viewer_required
def start(request):
    if not may_start(request.user):
        raise PermissionDenied(posts.REFUSAL)
    form = ProgrammeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid() and (made := started(request, form)):
        messages.success(request, f"Programme started: {made.name}. Add its team next.")
        return redirect("pathways:programme", slug=made.slug)
    errors = error_summary(form, "start")
    context = {
        "form": form,
        "errors": errors,
        "section": "pathways",
        "crumbs": trail(("Start a programme", reverse("pathways:start"))),
    }
    return render(request, "pathways/programme_start.html", context, status=form_status(form))
