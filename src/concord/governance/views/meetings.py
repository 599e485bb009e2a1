"""A meeting page and its forms (the chair's): attendance, agenda, minutes, actions, held or
cancelled; and the page that updates one action."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from concord.web.actions import form_status, run
from concord.web.remembered import remembered
from concord.web.views.access import viewer_required

from .. import actions
from ..actions.common import REFUSALS
from ..actions.locking import latest_change
from ..forms import (
    ActionUpdateForm,
    AgendaItemForm,
    AttendanceForm,
    MeetingActionForm,
    MinutesForm,
    MoveItemForm,
)
from ..models import Meeting, MeetingAction
from ..models.choices import ActionStatus
from ..setup_forms import ActionStatusForm
from ..terms import quorum
from .common import forum_trail, meeting_trail

__all__ = [
    "DONE",
    "SET_STATUS",
    "action_forms",
    "action_initial",
    "context",
    "forms_for",
    "meeting",
    "meeting_action",
    "meeting_data",
    "perform",
    "set_status",
    "update",
]

SET_STATUS = "governance.set_action_status"
DONE = {
    "attendance": "Attendance recorded",
    "item": "Item added to the agenda",
    "move": "Agenda reordered",
    "minutes": "Minutes saved",
    "action": "Action added",
    "hold": "The meeting is marked as held",
    "cancel": "The meeting is cancelled",
}


def forms_for(meeting, posted: str | None, data):
    build = {
        "attendance": lambda d: AttendanceForm(d, meeting=meeting, prefix="attend"),
        "item": lambda d: AgendaItemForm(d, meeting=meeting, prefix="item"),
        "move": lambda d: MoveItemForm(d, meeting=meeting, prefix="move"),
        "minutes": lambda d: MinutesForm(d, initial={"minutes": meeting.minutes}),
        "action": lambda d: MeetingActionForm(d, meeting=meeting, prefix="action"),
        "hold": lambda d: forms.Form(d),
        "cancel": lambda d: forms.Form(d),
    }
    return {name: make(data if name == posted else None) for name, make in build.items()}


def perform(request, meeting, name, form):
    data, by = form.cleaned_data, request.user
    calls = {
        "attendance": lambda: actions.record_attendance(by=by, meeting=meeting, **data),
        "item": lambda: actions.add_agenda_item(by=by, meeting=meeting, **data),
        "move": lambda: actions.move_agenda_item(
            by=by, item=data["item"], up=data["direction"] == "up"
        ),
        "minutes": lambda: actions.record_minutes(by=by, meeting=meeting, **data),
        "action": lambda: actions.add_meeting_action(by=by, meeting=meeting, **data),
        "hold": lambda: actions.hold_meeting(by=by, meeting=meeting),
        "cancel": lambda: actions.cancel_meeting(by=by, meeting=meeting),
    }
    return run(form, calls[name])


@viewer_required
def meeting(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)
    posted = request.POST.get("transition") if request.method == "POST" else None
    posted = posted if posted in DONE else None
    forms_ = forms_for(meeting, posted, request.POST)
    form = forms_.get(posted)
    if form is not None and form.is_valid() and perform(request, meeting, posted, form):
        messages.success(request, DONE[posted])
        return redirect("governance:meeting", pk=meeting.pk)
    page = context(request, meeting, forms_, form)
    return render(request, "governance/meeting_detail.html", page, status=form_status(form))


def context(request, meeting, forms_, failed):
    user = request.user
    data = remembered(("meeting", meeting.pk, user.pk), lambda: meeting_data(meeting, user))
    return {
        **data,
        "meeting": meeting,
        "forum": meeting.forum,
        "status_choices": ActionStatus.choices,
        "open": data["can_manage"] and meeting.status != "cancelled",
        "forms": forms_,
        "failed": failed,
        "crumbs": forum_trail(meeting),
    }


def meeting_data(meeting, user) -> dict:
    """What the meeting's page shows this reader of it (lists, not querysets: it is remembered
    between reads)."""
    can_manage = user.has_perm("governance.manage_meeting", meeting.forum)
    actions_ = list(
        meeting.actions.select_related(
            "owner_organisation", "owner_person", "item", "meeting__forum"
        )
    )
    return {
        "quorum": quorum(meeting),
        "attendance": list(meeting.attendance.select_related("person", "seat__organisation")),
        "items": list(meeting.items.select_related("proposal")),
        "actions": actions_,
        "settable": {a.pk for a in actions_ if can_manage or user.has_perm(SET_STATUS, a)},
        "decisions": list(meeting.decisions.select_related("version__proposal", "acting_for")),
        "can_manage": can_manage,
        "last_change": latest_change(meeting),
    }


def action_initial(action: MeetingAction) -> dict:
    names = ("description", "owner_organisation", "owner_person", "item", "status")
    initial = {name: getattr(action, name) for name in names}
    return {**initial, "due": action.due.isoformat() if action.due else ""}  # as a date input wants


def update(*, by, action, changes):
    terms = {name: value for name, value in changes.items() if name != "based_on"}
    based_on = changes.get("based_on")
    return actions.update_meeting_action(by=by, action=action, based_on=based_on, **terms)


def set_status(request, action, form):
    if not request.user.has_perm("governance.set_action_status", action):
        raise PermissionDenied(REFUSALS["governance.set_action_status"])
    status = form.cleaned_data["status"]
    return run(
        form, lambda: actions.set_action_status(by=request.user, action=action, status=status)
    )


def action_forms(request, action):
    """The full update (the chair's) and the status alone (also the owner's); one is posted."""
    posted = request.POST.get("transition", "update") if request.method == "POST" else None
    data = lambda name: request.POST if posted == name else None  # noqa: E731
    update_form = ActionUpdateForm(
        data("update"), meeting=action.meeting, initial=action_initial(action), prefix="action"
    )
    status_form = ActionStatusForm(
        data("status"), initial={"status": action.status}, prefix="status"
    )
    return posted, update_form, status_form


@viewer_required
def meeting_action(request, pk):
    action = get_object_or_404(MeetingAction.objects.select_related("meeting__forum"), pk=pk)
    meeting_ = action.meeting
    posted, form, status_form = action_forms(request, action)
    if posted == "status" and status_form.is_valid() and set_status(request, action, status_form):
        messages.success(request, "Action status saved")
        return redirect("governance:meeting", pk=meeting_.pk)
    if posted == "update" and form.is_valid():
        done = run(form, update, by=request.user, action=action, changes=form.cleaned_data)
        if done:
            messages.success(request, "Action updated")
            return redirect("governance:meeting", pk=meeting_.pk)
    context_ = {
        "action": action,
        "meeting": meeting_,
        "forum": meeting_.forum,
        "form": form,
        "status_form": status_form,
        "failed": status_form if posted == "status" else form,
        "last_change": latest_change(action),
        "can_manage": request.user.has_perm("governance.manage_meeting", meeting_.forum),
        "can_set_status": request.user.has_perm("governance.set_action_status", action),
        "crumbs": meeting_trail(meeting_),
    }
    return render(
        request, "governance/meeting_action.html", context_, status=form_status(form, status_form)
    )
