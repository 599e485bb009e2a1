"""The governance API's writes for setting forums up and running their meetings.

Each endpoint calls the same action as the forum and meeting pages, with the same permission:
administrators set forums up; the chair or the forum's secretariat manages its meetings, agenda,
minutes and actions. Refused is 403, an invalid change or a stale `based_on` 409, an unknown
organisation, person or record 404, and input that does not fit the schema 422.
"""

from django.shortcuts import get_object_or_404
from ninja import Status

from concord.organisations.models import Person

from . import actions
from .api import REFUSED, act, maybe, organisation, proposal_of, router
from .models import AgendaItem, Forum, Meeting, MeetingAction, Seat
from .schemas import (
    ActionStatusIn,
    AgendaItemIn,
    AgendaItemOut,
    AttendanceIn,
    AttendanceOut,
    ForumDetailOut,
    ForumIn,
    MeetingActionChangeIn,
    MeetingActionIn,
    MeetingActionOut,
    MeetingIn,
    MeetingRecordOut,
    MinutesIn,
    MoveIn,
    PlanIn,
    RepresentativeIn,
    RepresentativeOut,
    SeatIn,
    SeatOut,
)


def person(pk: int) -> Person:
    return get_object_or_404(Person, pk=pk)


def forum_of(slug: str) -> Forum:
    return get_object_or_404(Forum, slug=slug)


def meeting_of(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)


def meeting_action_of(pk: int) -> MeetingAction:
    return get_object_or_404(MeetingAction.objects.select_related("meeting__forum"), pk=pk)


@router.post("/forums", response={201: ForumDetailOut, **REFUSED}, url_name="create_forum")
def create_forum(request, data: ForumIn):
    terms = data.dict(exclude={"organisation", "chair", "acts_for"})
    made = act(
        actions.create_forum,
        by=request.auth,
        organisation=maybe(organisation, data.organisation),
        chair=maybe(person, data.chair),
        acts_for=[organisation(code) for code in data.acts_for],
        **terms,
    )
    return Status(201, made)


@router.post("/forums/{slug}/seats", response={201: SeatOut, **REFUSED}, url_name="add_seat")
def add_seat(request, slug: str, data: SeatIn):
    made = act(
        actions.add_seat,
        by=request.auth,
        forum=forum_of(slug),
        organisation=organisation(data.organisation),
        required=data.required,
        start=data.start,
    )
    return Status(201, made)


@router.post("/seats/{int:pk}/representatives", response={201: RepresentativeOut, **REFUSED})
def add_representative(request, pk: int, data: RepresentativeIn):
    seat = get_object_or_404(Seat.objects.select_related("forum"), pk=pk)
    made = act(
        actions.add_representative,
        by=request.auth,
        seat=seat,
        person=person(data.person),
        start=data.start,
        end=data.end,
    )
    return Status(201, made)


@router.post("/forums/{slug}/meetings", response={201: MeetingRecordOut, **REFUSED})
def schedule_meeting(request, slug: str, data: MeetingIn):
    made = act(actions.schedule_meeting, by=request.auth, forum=forum_of(slug), **data.dict())
    return Status(201, made)


@router.post("/forums/{slug}/meetings/plan", response={201: list[MeetingRecordOut], **REFUSED})
def generate_meetings(request, slug: str, data: PlanIn):
    """Plan meetings ahead for the forum's cadence; dates already planned are left alone."""
    made = act(actions.generate_meetings, by=request.auth, forum=forum_of(slug), **data.dict())
    return Status(201, made)


@router.post("/meetings/{int:pk}/attendance", response={201: AttendanceOut, **REFUSED})
def record_attendance(request, pk: int, data: AttendanceIn):
    made = act(
        actions.record_attendance,
        by=request.auth,
        meeting=meeting_of(pk),
        person=person(data.person),
        seat=maybe(lambda seat: get_object_or_404(Seat, pk=seat), data.seat),
    )
    return Status(201, made)


@router.post("/meetings/{int:pk}/hold", response={200: MeetingRecordOut, **REFUSED})
def hold_meeting(request, pk: int):
    return act(actions.hold_meeting, by=request.auth, meeting=meeting_of(pk))


@router.post("/meetings/{int:pk}/cancel", response={200: MeetingRecordOut, **REFUSED})
def cancel_meeting(request, pk: int):
    return act(actions.cancel_meeting, by=request.auth, meeting=meeting_of(pk))


@router.post("/meetings/{int:pk}/agenda", response={201: AgendaItemOut, **REFUSED})
def add_agenda_item(request, pk: int, data: AgendaItemIn):
    made = act(
        actions.add_agenda_item,
        by=request.auth,
        meeting=meeting_of(pk),
        title=data.title,
        kind=data.kind,
        proposal=maybe(proposal_of, data.proposal),
    )
    return Status(201, made)


@router.post("/agenda/{int:pk}/move", response={200: AgendaItemOut, **REFUSED})
def move_agenda_item(request, pk: int, data: MoveIn):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__forum"), pk=pk)
    return act(actions.move_agenda_item, by=request.auth, item=item, up=data.direction == "up")


@router.post("/meetings/{int:pk}/minutes", response={200: MeetingRecordOut, **REFUSED})
def record_minutes(request, pk: int, data: MinutesIn):
    return act(actions.record_minutes, by=request.auth, meeting=meeting_of(pk), **data.dict())


def item_of(pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=pk)


@router.post("/meetings/{int:pk}/actions", response={201: MeetingActionOut, **REFUSED})
def add_meeting_action(request, pk: int, data: MeetingActionIn):
    made = act(
        actions.add_meeting_action,
        by=request.auth,
        meeting=meeting_of(pk),
        description=data.description,
        owner_organisation=organisation(data.owner_organisation),
        owner_person=maybe(person, data.owner_person),
        due=data.due,
        item=maybe(item_of, data.item),
    )
    return Status(201, made)


FIND = {"owner_organisation": organisation, "owner_person": person, "item": item_of}


@router.patch("/actions/{int:pk}", response={200: MeetingActionOut, **REFUSED})
def update_meeting_action(request, pk: int, data: MeetingActionChangeIn):
    """Change the terms given; `based_on` guards against a change made meanwhile."""
    given = data.dict(exclude_unset=True, exclude={"based_on"})
    changes = {k: maybe(FIND[k], v) if k in FIND else v for k, v in given.items()}
    return act(
        actions.update_meeting_action,
        by=request.auth,
        action=meeting_action_of(pk),
        based_on=data.based_on,
        **changes,
    )


@router.post("/actions/{int:pk}/status", response={200: MeetingActionOut, **REFUSED})
def set_action_status(request, pk: int, data: ActionStatusIn):
    return act(
        actions.set_action_status,
        by=request.auth,
        action=meeting_action_of(pk),
        status=data.status,
    )
