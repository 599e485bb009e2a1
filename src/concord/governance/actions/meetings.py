"""Meetings: scheduling ahead for a cadence, attendance, agenda, minutes and actions (the chair)."""

import calendar
import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.timezone import localdate

from concord.access.refusals import Invalid
from concord.indicators.periods import add_months

from .. import representation as rep
from ..models import AgendaItem, Attendance, Forum, Meeting, MeetingAction
from ..models.choices import ActionStatus, Cadence, ItemKind, MeetingStatus
from .common import require, saved
from .locking import locked, refuse_changed_since

__all__ = [
    "ACTION_TERMS",
    "STEP_DAYS",
    "STEP_MONTHS",
    "add_agenda_item",
    "add_meeting_action",
    "add_months",
    "cadence_dates",
    "cancel_meeting",
    "check_manage",
    "generate_meetings",
    "hold_meeting",
    "move_agenda_item",
    "record_attendance",
    "record_minutes",
    "schedule_meeting",
    "set_action_status",
    "update_meeting_action",
]

STEP_DAYS = {Cadence.WEEKLY: 7, Cadence.FORTNIGHTLY: 14}
STEP_MONTHS = {Cadence.MONTHLY: 1, Cadence.BIMONTHLY: 2, Cadence.QUARTERLY: 3}


def _same_weekday_of_month(first: dt.date, months: int) -> dt.date:
    """The day `months` after `first` that is the same weekday in the same place in its month
    (the second Wednesday stays the second Wednesday; a fifth becomes the last), as forums set
    their dates, so a meeting never drifts onto a weekend."""
    target = add_months(first.replace(day=1), months)
    offset = (first.weekday() - target.weekday()) % 7
    nth = (first.day - 1) // 7
    last = calendar.monthrange(target.year, target.month)[1]
    day = 1 + offset + 7 * nth
    return target.replace(day=day if day <= last else day - 7)


def cadence_dates(cadence: str, first: dt.date, count: int) -> list[dt.date]:
    """The next `count` meeting dates from `first` for a cadence: every week or fortnight on
    the same weekday; every month, two months or quarter on the same weekday of the month."""
    if cadence in STEP_DAYS:
        return [first + dt.timedelta(days=STEP_DAYS[cadence] * n) for n in range(count)]
    if cadence in STEP_MONTHS:
        return [_same_weekday_of_month(first, STEP_MONTHS[cadence] * n) for n in range(count)]
    raise Invalid("This forum meets as needed: schedule its meetings one by one.")


def check_manage(by, meeting: Meeting) -> None:
    require(by, "governance.manage_meeting", meeting.forum)
    locked(meeting)  # two people managing the meeting at once: the second sees the first
    if meeting.status == MeetingStatus.CANCELLED:
        raise Invalid("This meeting was cancelled.")


@transaction.atomic
def schedule_meeting(*, by, forum: Forum, date: dt.date, location: str = "") -> Meeting:
    require(by, "governance.manage_meeting", forum)
    if forum.meetings.filter(date=date).exists():
        raise Invalid(f"{forum.name} already has a meeting on {date:%-d %B %Y}.")
    return saved(Meeting(forum=forum, date=date, location=location), by)


@transaction.atomic
def generate_meetings(*, by, forum: Forum, first: dt.date, count: int) -> list[Meeting]:
    """Plan meetings ahead for the forum's cadence; dates already planned are left alone."""
    require(by, "governance.manage_meeting", forum)
    taken = set(forum.meetings.values_list("date", flat=True))
    dates = [d for d in cadence_dates(forum.cadence, first, count) if d not in taken]
    return [saved(Meeting(forum=forum, date=d), by) for d in dates]


@transaction.atomic
def record_attendance(*, by, meeting: Meeting, person, seat=None) -> Attendance:
    """A person at the meeting, for a seat they sit for on the meeting's date (or for none)."""
    check_manage(by, meeting)
    if seat is not None and seat.forum_id != meeting.forum_id:
        raise Invalid("That seat belongs to another forum.")
    if seat is not None and not rep.sits_for(person, seat, meeting.date):
        raise Invalid(f"{person} does not sit for {seat.organisation.name}.")
    if seat is not None and meeting.attendance.filter(seat=seat).exists():
        raise Invalid(f"{seat.organisation.name} is already represented at this meeting.")
    if meeting.attendance.filter(person=person).exists():
        raise Invalid(f"{person} is already recorded as attending.")
    return saved(Attendance(meeting=meeting, person=person, seat=seat), by)


def _check_can_be_held(meeting: Meeting) -> None:
    """A meeting is held on its day or later, and its attendance says who was there."""
    if meeting.status == MeetingStatus.HELD:
        raise Invalid("This meeting is already marked as held.")
    if meeting.date > localdate():
        raise Invalid(
            f"This meeting is on {meeting.date:%-d %B %Y}: it can be marked as held on that day "
            "or later, not before."
        )
    if not meeting.attendance.exists():
        raise Invalid(
            "Record who attended before marking the meeting as held: quorum is judged "
            "from the attendance."
        )


@transaction.atomic
def hold_meeting(*, by, meeting: Meeting) -> Meeting:
    check_manage(by, meeting)
    _check_can_be_held(meeting)
    meeting.status = MeetingStatus.HELD
    return saved(meeting, by)


@transaction.atomic
def cancel_meeting(*, by, meeting: Meeting) -> Meeting:
    require(by, "governance.manage_meeting", meeting.forum)
    locked(meeting)  # a decision recorded meanwhile is seen: a decided meeting is never cancelled
    if meeting.status == MeetingStatus.HELD or meeting.decisions.exists():
        raise Invalid("A meeting that has been held cannot be cancelled.")
    meeting.status = MeetingStatus.CANCELLED
    return saved(meeting, by)


@transaction.atomic
def add_agenda_item(
    *, by, meeting: Meeting, title: str, kind: str = ItemKind.FOR_DISCUSSION, proposal=None
) -> AgendaItem:
    check_manage(by, meeting)
    if proposal is not None and proposal.forum_id != meeting.forum_id:
        raise Invalid("That proposal was put to another forum.")
    if kind == ItemKind.FOR_DECISION and proposal is None:
        raise Invalid("An item for decision needs the proposal it decides.")
    last = meeting.items.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem(meeting=meeting, order=last + 1, kind=kind, title=title, proposal=proposal)
    return saved(item, by)


@transaction.atomic
def move_agenda_item(*, by, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap the item with the one before it (up) or after it on the agenda."""
    check_manage(by, item.meeting)
    item.refresh_from_db()
    others = item.meeting.items.exclude(pk=item.pk)
    neighbour = (
        others.filter(order__lt=item.order).order_by("-order").first()
        if up
        else others.filter(order__gt=item.order).order_by("order").first()
    )
    if neighbour is None:
        raise Invalid(f"“{item.title}” is already {'first' if up else 'last'}.")
    mine, theirs = item.order, neighbour.order
    item.order = 0  # out of the way of the unique order while the two swap
    saved(item, by)
    neighbour.order = mine
    saved(neighbour, by)
    item.order = theirs
    return saved(item, by)


@transaction.atomic
def record_minutes(*, by, meeting: Meeting, minutes: str, based_on: int | None = None) -> Meeting:
    """`based_on`: the meeting's change the minutes were written from; refused if a later one.
    Minutes posted as they are are refused as no change (nothing is written to the history)."""
    check_manage(by, meeting)
    locked(meeting)  # two people writing the minutes at once: the second is refused, not lost
    refuse_changed_since(meeting, based_on, "the meeting's record")
    if minutes == meeting.minutes:
        raise Invalid("Nothing changed: the minutes are as they were.")
    meeting.minutes = minutes
    return saved(meeting, by)


@transaction.atomic
def add_meeting_action(
    *,
    by,
    meeting: Meeting,
    description: str,
    owner_organisation,
    owner_person=None,
    due=None,
    item=None,
) -> MeetingAction:
    check_manage(by, meeting)
    _check_item(meeting, item)
    action = MeetingAction(
        meeting=meeting,
        item=item,
        description=description,
        owner_organisation=owner_organisation,
        owner_person=owner_person,
        due=due,
    )
    return saved(action, by)


def _check_item(meeting: Meeting, item) -> None:
    if item is not None and item.meeting_id != meeting.pk:
        raise Invalid("That agenda item belongs to another meeting.")


ACTION_TERMS = ("description", "owner_organisation", "owner_person", "due", "item", "status")


@transaction.atomic
def update_meeting_action(
    *, by, action: MeetingAction, based_on: int | None = None, **changes
) -> MeetingAction:
    """Change an action's terms: description, owners, due date, status or linked item.

    `based_on`: the action's change the form showed; refused if someone changed it since."""
    require(by, "governance.manage_meeting", action.meeting.forum)
    locked(action)  # its owner may be setting its status now: the later change sees the earlier
    refuse_changed_since(action, based_on, "this action")
    unknown = set(changes) - set(ACTION_TERMS)
    if unknown:
        raise Invalid(f"An action has no {', '.join(sorted(unknown))}.")
    if changes.get("status", action.status) not in ActionStatus.values:
        raise Invalid(f"An action's status is one of {', '.join(ActionStatus.values)}.")
    if not (changes.get("description", action.description) or "").strip():
        raise Invalid("Say what the action is.")
    _check_item(action.meeting, changes.get("item"))
    for name, value in changes.items():
        setattr(action, name, value)
    return saved(action, by)


@transaction.atomic
def set_action_status(*, by, action: MeetingAction, status: str) -> MeetingAction:
    """Open, done or dropped: for the action's owner, the chair or the forum's secretariat.
    Setting the status it already has writes nothing."""
    require(by, "governance.set_action_status", action)
    locked(action)
    if status not in ActionStatus.values:
        raise Invalid(f"An action's status is one of {', '.join(ActionStatus.values)}.")
    if status == action.status:
        return action
    action.status = status
    return saved(action, by)
