"""Forums (and planning their meetings), agreements and the commitments of my organisation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate

from concord.organisations.names import by_name
from concord.web.actions import form_status, run
from concord.web.views.access import viewer_required

from .. import actions
from .. import representation as rep
from ..forms import PlanMeetingsForm, ScheduleForm
from ..models import Agreement, Commitment, Forum
from .common import forum_trail, trail

__all__ = ["PLANNING", "agreement", "forum", "forums", "my_commitments", "plan", "planning_forms"]


@viewer_required
def forums(request):
    forums = Forum.objects.select_related("chair").prefetch_related("seats")
    context = {
        "forums": forums,
        "can_create": request.user.has_perm("governance.create_forum"),
        "crumbs": trail()[:-1],
    }
    return render(request, "governance/forum_list.html", context)


PLANNING = {"plan": "Plan meetings ahead", "schedule": "Schedule a meeting"}


def planning_forms(posted: str | None, data) -> dict:
    build = {"plan": PlanMeetingsForm, "schedule": ScheduleForm}
    return {name: make(data if name == posted else None) for name, make in build.items()}


def plan(request, forum_, name, form):
    data, by = form.cleaned_data, request.user
    if name == "schedule":
        made = run(form, actions.schedule_meeting, by=by, forum=forum_, **data)
        return made and f"Meeting scheduled for {made.date:%-d %B %Y}"
    made = run(form, actions.generate_meetings, by=by, forum=forum_, **data)
    if made is None:
        return None
    skipped = data["count"] - len(made)
    note = f" ({skipped} already planned on those dates)" if skipped else ""
    return f"{len(made)} meetings planned{note}"


@viewer_required
def forum(request, slug):
    forum = get_object_or_404(Forum.objects.select_related("chair", "organisation"), slug=slug)
    posted = request.POST.get("transition") if request.method == "POST" else None
    posted = posted if posted in PLANNING else None
    forms_ = planning_forms(posted, request.POST)
    failed = forms_.get(posted)
    if failed is not None and failed.is_valid() and (done := plan(request, forum, posted, failed)):
        messages.success(request, done)
        return redirect("governance:forum", slug=forum.slug)
    today = localdate()
    seats = list(
        forum.seats.select_related("organisation", "forum").order_by(*by_name("organisation__name"))
    )
    sitting = rep.representatives_by_seat(seats, today)
    context = {
        "forum": forum,
        "seats": [(seat, sitting[seat.pk]) for seat in seats],
        "upcoming": forum.meetings.upcoming(today)[:6],
        "past": forum.meetings.past(today)[:12],
        "proposals": forum.proposals.select_related("author_organisation"),
        "agreements": forum.agreements.select_related("acting_for", "superseded_by"),
        "can_manage": request.user.has_perm("governance.manage_meeting", forum),
        "can_set_up": request.user.has_perm("governance.manage_forum", forum),
        "can_draft": request.user.has_perm("governance.draft_proposal", forum),
        "forms": forms_,
        "failed": failed,
        "crumbs": trail(),
    }
    return render(request, "governance/forum_detail.html", context, status=form_status(failed))


@viewer_required
def agreement(request, pk):
    agreement = get_object_or_404(
        Agreement.objects.select_related("forum", "proposal", "version", "acting_for", "decision"),
        pk=pk,
    )
    commitments = agreement.commitments.select_related("party").prefetch_related("indicators")
    chain = []
    earlier = agreement.supersedes
    while earlier is not None:
        chain.append(earlier)
        earlier = earlier.supersedes
    context = {
        "agreement": agreement,
        "commitments": commitments,
        "chain": chain,
        "superseded_by": getattr(agreement, "superseded_by", None),
        "crumbs": forum_trail(agreement),
    }
    return render(request, "governance/agreement_detail.html", context)


@viewer_required
def my_commitments(request):
    organisations = rep.organisations_of(request.user)
    rows = [
        (org, Commitment.objects.of_party(org).in_force().select_related("agreement"))
        for org in organisations
    ]
    context = {"rows": rows, "crumbs": trail()}
    return render(request, "governance/my_commitments.html", context)
