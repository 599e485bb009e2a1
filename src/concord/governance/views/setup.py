"""Setting a forum up in the browser: a new forum (administrators), its seats and
representatives, and its terms of reference (administrators and the forum's secretariat)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate

from concord.organisations.names import by_name
from concord.web.actions import form_status, run
from concord.web.views.access import viewer_required

from .. import actions
from .. import representation as rep
from ..actions.common import REFUSALS
from ..actions.locking import latest_change
from ..models import Forum
from ..setup_forms import EndSeatForm, NewForumForm, RepresentativeForm, SeatForm, TermsForm
from .common import trail

__all__ = [
    "SEAT_FORMS",
    "TERMS",
    "allowed",
    "change_seats",
    "change_terms",
    "new_forum",
    "seat_forms",
    "seats",
    "terms",
    "terms_initial",
]

TERMS = ("quorum_min_seats", "decision_rule", "silence_is_consent", "cadence", "purpose")


def allowed(request, perm: str, forum=None) -> None:
    if not request.user.has_perm(perm, forum):
        raise PermissionDenied(REFUSALS[perm])


@viewer_required
def new_forum(request):
    allowed(request, "governance.create_forum")
    form = NewForumForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        made = run(form, actions.create_forum, by=request.user, **form.cleaned_data)
        if made:
            messages.success(request, f"{made.name} is set up: add its seats next.")
            return redirect("governance:forum-seats", slug=made.slug)
    context = {"form": form, "crumbs": trail()}
    return render(request, "governance/forum_new.html", context, status=form_status(form))


def terms_initial(forum: Forum) -> dict:
    initial = {name: getattr(forum, name) for name in ("name", "kind", "chair", *TERMS)}
    initial["silence_is_consent"] = "yes" if forum.silence_is_consent else "no"
    return {**initial, "acts_for": list(forum.acts_for.values_list("pk", flat=True))}


def change_terms(*, by, forum, data):
    terms = {name: value for name, value in data.items() if name not in ("based_on", "acts_for")}
    bodies = data["acts_for"] if forum.is_joint or data["acts_for"] else None
    return actions.set_terms(
        by=by, forum=forum, based_on=data["based_on"], acts_for=bodies, **terms
    )


@viewer_required
def terms(request, slug):
    forum = get_object_or_404(Forum, slug=slug)
    allowed(request, "governance.manage_forum", forum)
    form = TermsForm(request.POST or None, forum=forum, initial=terms_initial(forum))
    if request.method == "POST" and form.is_valid():
        if run(form, change_terms, by=request.user, forum=forum, data=form.cleaned_data):
            messages.success(request, "The terms of reference are changed")
            return redirect("governance:forum", slug=forum.slug)
    context = {
        "forum": forum,
        "form": form,
        "last_change": latest_change(forum),
        "crumbs": trail((forum.name, reverse("governance:forum", args=[forum.slug]))),
    }
    return render(request, "governance/forum_terms.html", context, status=form_status(form))


SEAT_FORMS = {"seat": "Seat added", "end": "Seat ended", "representative": "Representative added"}


def seat_forms(forum, posted: str | None, data):
    today = localdate()
    build = {
        "seat": lambda d: SeatForm(d, prefix="seat"),
        "end": lambda d: EndSeatForm(d, prefix="end"),
        "representative": lambda d: RepresentativeForm(d, forum=forum, on=today, prefix="rep"),
    }
    return {name: make(data if name == posted else None) for name, make in build.items()}


def change_seats(request, forum, name, form):
    data, by = form.cleaned_data, request.user
    if name == "seat":
        return run(
            form,
            actions.add_seat,
            by=by,
            forum=forum,
            organisation=data["code"],
            required=data["required"],
            start=data["start"],
        )
    if name == "end":
        seat = get_object_or_404(forum.seats, pk=request.POST.get("seat"))
        return run(form, actions.end_seat, by=by, seat=seat, end=data["end"])
    return run(form, actions.add_representative, by=by, **data)


@viewer_required
def seats(request, slug):
    forum = get_object_or_404(Forum.objects.select_related("organisation"), slug=slug)
    allowed(request, "governance.manage_forum", forum)
    posted = request.POST.get("transition") if request.method == "POST" else None
    posted = posted if posted in SEAT_FORMS else None
    forms_ = seat_forms(forum, posted, request.POST)
    failed = forms_.get(posted)
    if failed is not None and failed.is_valid() and change_seats(request, forum, posted, failed):
        messages.success(request, SEAT_FORMS[posted])
        return redirect("governance:forum-seats", slug=forum.slug)
    today = localdate()
    rows = list(
        forum.seats.select_related("organisation", "forum").order_by(
            *by_name("organisation__name", "start")
        )
    )
    sitting = rep.representatives_by_seat(rows, today)
    context = {
        "forum": forum,
        "seats": [(seat, sitting[seat.pk], seat.in_force(today)) for seat in rows],
        "forms": forms_,
        "failed": failed,
        "crumbs": trail((forum.name, reverse("governance:forum", args=[forum.slug]))),
    }
    return render(request, "governance/forum_seats.html", context, status=form_status(failed))
