"""Forums, meetings, agreements and the commitments of my organisation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate

from concord.web.views.access import viewer_required

from .. import actions
from .. import representation as rep
from ..forms import MinutesForm
from ..models import Agreement, Commitment, Forum, Meeting
from ..terms import quorum
from .common import run, trail


@viewer_required
def forums(request):
    found = Forum.objects.select_related("chair").prefetch_related("seats")
    return render(request, "governance/forum_list.html", {"forums": found, "crumbs": trail()[:-1]})


@viewer_required
def forum(request, slug):
    found = get_object_or_404(Forum.objects.select_related("chair", "organisation"), slug=slug)
    today = localdate()
    seats = found.seats.select_related("organisation").order_by("organisation__name")
    context = {
        "forum": found,
        "seats": [(seat, rep.representatives(seat, today)) for seat in seats],
        "upcoming": found.meetings.upcoming(today)[:6],
        "past": found.meetings.past(today)[:12],
        "proposals": found.proposals.select_related("author_organisation"),
        "agreements": found.agreements.select_related("acting_for", "superseded_by"),
        "crumbs": trail(),
    }
    return render(request, "governance/forum_detail.html", context)


@viewer_required
def meeting(request, pk):
    found = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    form = MinutesForm(request.POST or None, initial={"minutes": found.minutes})
    if request.method == "POST" and form.is_valid():
        done = run(
            form,
            actions.record_minutes,
            by=request.user,
            meeting=found,
            minutes=form.cleaned_data["minutes"],
        )
        if done:
            messages.success(request, "Minutes saved")
            return redirect("governance:meeting", pk=found.pk)
    context = {
        "meeting": found,
        "forum": found.forum,
        "quorum": quorum(found),
        "attendance": found.attendance.select_related("person", "seat__organisation"),
        "items": found.items.select_related("proposal"),
        "actions": found.actions.select_related("owner_organisation", "owner_person"),
        "decisions": found.decisions.select_related("version__proposal", "acting_for"),
        "can_manage": request.user.has_perm("governance.manage_meeting", found.forum),
        "form": form,
        "crumbs": forum_trail(found),
    }
    return render(request, "governance/meeting_detail.html", context)


def forum_trail(obj):
    forum_obj = obj.forum
    return trail((forum_obj.name, reverse("governance:forum", args=[forum_obj.slug])))


@viewer_required
def agreement(request, pk):
    found = get_object_or_404(
        Agreement.objects.select_related("forum", "proposal", "version", "acting_for", "decision"),
        pk=pk,
    )
    commitments = found.commitments.select_related("party").prefetch_related("indicators")
    chain = []
    earlier = found.supersedes
    while earlier is not None:
        chain.append(earlier)
        earlier = earlier.supersedes
    context = {
        "agreement": found,
        "commitments": commitments,
        "chain": chain,
        "superseded_by": getattr(found, "superseded_by", None),
        "crumbs": forum_trail(found),
    }
    return render(request, "governance/agreement_detail.html", context)


def my_organisations(user):
    person = rep.person_of(user)
    if person is None:
        return []
    posts = person.posts.in_force(localdate()).select_related("organisation", "on_behalf_of")
    found = {p.organisation for p in posts} | {p.on_behalf_of for p in posts if p.on_behalf_of}
    return sorted(found, key=lambda o: o.name)


@viewer_required
def my_commitments(request):
    organisations = my_organisations(request.user)
    rows = [
        (org, Commitment.objects.of_party(org).in_force().select_related("agreement"))
        for org in organisations
    ]
    context = {"rows": rows, "crumbs": trail()}
    return render(request, "governance/my_commitments.html", context)
