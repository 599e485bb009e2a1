"""The governance API's writes for setting forums up and running their meetings.

Each endpoint calls the same action as the forum and meeting pages, with the same permission:
administrators and the forum's secretariat set forums up (terms, seats, representatives); the
chair or the secretariat manages its meetings, agenda, attendance, minutes and actions; the chair
records positions on the seats' behalf. Refused is 403, an invalid change or a stale `based_on`
409, an unknown organisation, person or record 404, and input that does not fit the schema 422.
A change of several rows at once (every seat's attendance, the chair's positions) is written
whole or not at all: its 409 lists each refused seat and why.
"""

from django.shortcuts import get_object_or_404
from ninja import Status

from concord.api.acting import REFUSED, act, act_on_rows, maybe, organisation
from concord.api.bounds import Id
from concord.organisations.models import Person

from . import actions
from .api import proposal_of, router
from .meeting_schemas import (
    ActionStatusIn,
    AgendaItemIn,
    AgendaItemOut,
    AttendanceIn,
    AttendanceOut,
    AttendancesIn,
    ChairPositionsIn,
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
    RowsRefusedOut,
    SeatEndIn,
    SeatIn,
    TermsIn,
)
from .models import AgendaItem, Forum, Meeting, MeetingAction, Seat
from .schemas import ForumDetailOut, PositionOut, SeatOut

ROWS = {**REFUSED, 409: RowsRefusedOut}  # the responses of a change of several rows


def person(pk: int) -> Person:
    return get_object_or_404(Person, pk=pk)


def forum_of(slug: str) -> Forum:
    return get_object_or_404(Forum, slug=slug)


def meeting_of(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("forum"), pk=pk)


def _meeting_action_of(pk: int) -> MeetingAction:
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


TERM_FINDERS = {"chair": person, "acts_for": lambda codes: [organisation(c) for c in codes]}


@router.patch("/forums/{slug}/terms", response={200: ForumDetailOut, **REFUSED}, url_name="terms")
def set_terms(request, slug: str, data: TermsIn):
    """Change the terms given; `based_on` (the forum's `change`) guards against a change made
    meanwhile. Terms sent as they are refused (409): nothing changed."""
    given = data.dict(exclude_unset=True, exclude={"based_on"})
    terms = {k: maybe(TERM_FINDERS[k], v) if k in TERM_FINDERS else v for k, v in given.items()}
    return act(
        actions.set_terms, by=request.auth, forum=forum_of(slug), based_on=data.based_on, **terms
    )


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


def _seat_of(pk: int) -> Seat:
    return get_object_or_404(Seat.objects.select_related("forum", "organisation"), pk=pk)


@router.post("/seats/{int:pk}/end", response={200: SeatOut, **REFUSED}, url_name="end_seat")
def end_seat(request, pk: Id, data: SeatEndIn):
    """The seat's last day: after it the organisation no longer sits, counts or answers."""
    return act(actions.end_seat, by=request.auth, seat=_seat_of(pk), end=data.end)


@router.post("/seats/{int:pk}/representatives", response={201: RepresentativeOut, **REFUSED})
def add_representative(request, pk: Id, data: RepresentativeIn):
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
def record_attendance(request, pk: Id, data: AttendanceIn):
    made = act(
        actions.record_attendance,
        by=request.auth,
        meeting=meeting_of(pk),
        person=person(data.person),
        seat=maybe(lambda seat: get_object_or_404(Seat, pk=seat), data.seat),
    )
    return Status(201, made)


def _forum_seat(forum: Forum, pk: int) -> Seat:
    """One of the forum's seats; 404 for any other."""
    return get_object_or_404(Seat.objects.select_related("organisation"), pk=pk, forum=forum)


@router.post("/meetings/{int:pk}/attendances", response={200: list[AttendanceOut], **ROWS})
def record_attendances(request, pk: Id, data: AttendancesIn):
    """Who sat for each seat listed (`person: null`: not represented); returns the attendance."""
    meeting = meeting_of(pk)
    attended = {
        _forum_seat(meeting.forum, row.seat): maybe(person, row.person) for row in data.attendance
    }
    done = act_on_rows(
        actions.record_attendances, by=request.auth, meeting=meeting, attended=attended
    )
    return done if isinstance(done, Status) else list(meeting.attendance.select_related("person"))


@router.post("/meetings/{int:pk}/hold", response={200: MeetingRecordOut, **REFUSED})
def hold_meeting(request, pk: Id):
    return act(actions.hold_meeting, by=request.auth, meeting=meeting_of(pk))


@router.post("/meetings/{int:pk}/cancel", response={200: MeetingRecordOut, **REFUSED})
def cancel_meeting(request, pk: Id):
    return act(actions.cancel_meeting, by=request.auth, meeting=meeting_of(pk))


@router.post("/meetings/{int:pk}/agenda", response={201: AgendaItemOut, **REFUSED})
def add_agenda_item(request, pk: Id, data: AgendaItemIn):
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
def move_agenda_item(request, pk: Id, data: MoveIn):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__forum"), pk=pk)
    return act(actions.move_agenda_item, by=request.auth, item=item, up=data.direction == "up")


@router.post("/meetings/{int:pk}/minutes", response={200: MeetingRecordOut, **REFUSED})
def record_minutes(request, pk: Id, data: MinutesIn):
    return act(actions.record_minutes, by=request.auth, meeting=meeting_of(pk), **data.dict())


def _item_of(pk: int) -> AgendaItem:
    return get_object_or_404(AgendaItem, pk=pk)


@router.post("/meetings/{int:pk}/actions", response={201: MeetingActionOut, **REFUSED})
def add_meeting_action(request, pk: Id, data: MeetingActionIn):
    made = act(
        actions.add_meeting_action,
        by=request.auth,
        meeting=meeting_of(pk),
        description=data.description,
        owner_organisation=organisation(data.owner_organisation),
        owner_person=maybe(person, data.owner_person),
        due=data.due,
        item=maybe(_item_of, data.item),
    )
    return Status(201, made)


FIND = {"owner_organisation": organisation, "owner_person": person, "item": _item_of}


@router.patch("/actions/{int:pk}", response={200: MeetingActionOut, **REFUSED})
def update_meeting_action(request, pk: Id, data: MeetingActionChangeIn):
    """Change the terms given; `based_on` guards against a change made meanwhile."""
    given = data.dict(exclude_unset=True, exclude={"based_on"})
    changes = {k: maybe(FIND[k], v) if k in FIND else v for k, v in given.items()}
    return act(
        actions.update_meeting_action,
        by=request.auth,
        action=_meeting_action_of(pk),
        based_on=data.based_on,
        **changes,
    )


@router.post("/actions/{int:pk}/status", response={200: MeetingActionOut, **REFUSED})
def set_action_status(request, pk: Id, data: ActionStatusIn):
    return act(
        actions.set_action_status,
        by=request.auth,
        action=_meeting_action_of(pk),
        status=data.status,
    )


@router.post("/proposals/{int:pk}/chair-positions", response={201: list[PositionOut], **ROWS})
def record_chair_positions(request, pk: Id, data: ChairPositionsIn):
    """The chair's positions on the seats' behalf on the current version, all or none: a seat
    that answered meanwhile is refused by name, never overwritten."""
    proposal = proposal_of(pk)
    positions = {
        _forum_seat(proposal.forum, row.seat): (row.stance, row.reason) for row in data.positions
    }
    done = act_on_rows(
        actions.record_positions,
        by=request.auth,
        version=proposal.current,
        positions=positions,
        seen=data.seen,
    )
    return done if isinstance(done, Status) else Status(201, done)
