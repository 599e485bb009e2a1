"""Bulk work in one form and one transaction: a meeting's attendance for every seat, the chair's
positions for the seats that have not answered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localdate

from concord.web.actions import form_status, run
from concord.web.views.access import viewer_required

from .. import actions
from .. import representation as rep
from ..actions.bulk import unanswered_seats
from ..actions.common import REFUSALS
from ..models import Meeting, Proposal
from ..setup_forms import attendance_form, positions_form
from .common import forum_trail, meeting_trail

__all__ = [
    "attended",
    "board_seats",
    "chair_positions",
    "chosen_positions",
    "meeting_attendance",
    "newest_entry",
    "seats_with_people",
]


def seats_with_people(meeting):
    seats = list(meeting.forum.seats.in_force(meeting.date).select_related("organisation", "forum"))
    sitting = rep.representatives_by_seat(seats, meeting.date)
    return [(seat, sitting[seat.pk]) for seat in seats]


def attended(form, seats) -> dict:
    people = {p.pk: p for _, sitting in seats for p in sitting}
    chosen = {seat: form.cleaned_data.get(str(seat.pk)) for seat, _ in seats}
    return {seat: people.get(pk) if pk else None for seat, pk in chosen.items()}


@viewer_required
def meeting_attendance(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    if not request.user.has_perm("governance.manage_meeting", meeting.forum):
        raise PermissionDenied(REFUSALS["governance.manage_meeting"])
    seats = seats_with_people(meeting)
    form = attendance_form(meeting, seats, request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = attended(form, seats)
        if run(form, actions.record_attendances, by=request.user, meeting=meeting, attended=chosen):
            messages.success(request, "Attendance recorded")
            return redirect("governance:meeting", pk=meeting.pk)
    rows = [(seat, form[str(seat.pk)]) for seat, _ in seats]
    guests = meeting.attendance.filter(seat__isnull=True).select_related("person")
    context = {
        "meeting": meeting,
        "forum": meeting.forum,
        "form": form,
        "rows": rows,
        "guests": guests,
        "crumbs": meeting_trail(meeting),
    }
    return render(request, "governance/meeting_attendance.html", context, status=form_status(form))


def chosen_positions(form, seats) -> dict:
    data = form.cleaned_data
    return {
        seat: (data[f"{seat.pk}-stance"], data[f"{seat.pk}-reason"])
        for seat in seats
        if data.get(f"{seat.pk}-stance")
    }


def newest_entry(version) -> int:
    return max(version.positions.values_list("pk", flat=True), default=0)


def board_seats(version, posted):
    """The seats that have not answered; when posting, also any seat posted for that answered
    meanwhile, so that it is refused by name rather than silently left out."""
    seats = version.proposal.forum.seats.in_force(localdate()).select_related("organisation")
    unanswered = {seat.pk for seat in unanswered_seats(version)}
    return [s for s in seats if s.pk in unanswered or posted.get(f"seat-{s.pk}-stance")]


@viewer_required
def chair_positions(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("forum"), pk=pk)
    if not rep.chairs(rep.person_of(request.user), proposal.forum):
        raise PermissionDenied(REFUSALS["governance.record_position"])
    version = proposal.current
    seats = board_seats(version, request.POST)
    form = positions_form(seats, request.POST or None)
    if request.method == "POST" and form.is_valid():
        chosen = chosen_positions(form, seats)
        record = actions.record_positions
        seen = form.cleaned_data["seen"]
        if chosen and run(
            form, record, by=request.user, version=version, positions=chosen, seen=seen
        ):
            messages.success(request, f"{len(chosen)} positions recorded on the seats' behalf")
            return redirect("governance:proposal", pk=proposal.pk)
        if not chosen:
            form.add_error(None, "Choose a position for at least one seat")
    context = {
        "proposal": proposal,
        "forum": proposal.forum,
        "version": version,
        "form": form,
        "rows": [(s, form[f"{s.pk}-stance"], form[f"{s.pk}-reason"]) for s in seats],
        "seen": newest_entry(version),
        "crumbs": [
            *forum_trail(proposal),
            (proposal.title, reverse("governance:proposal", args=[proposal.pk])),
        ],
    }
    return render(request, "governance/chair_positions.html", context, status=form_status(form))
