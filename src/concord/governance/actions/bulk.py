"""Several rows in one submission, in one transaction: a meeting's attendance for every seat, and
the chair's positions for the seats that have not answered. Either every row is written or none
is, and each refused row is named by its seat (RowsRefused)."""

from django.db import transaction
from django.utils.timezone import localdate

from concord.access.refusals import ActionRefused, Invalid, NotAllowed, RowsRefused

from .. import representation as rep
from ..models import Meeting, ProposalVersion
from .common import REFUSALS
from .meetings import check_manage, record_attendance
from .proposals import record_position

__all__ = ["record_attendances", "record_positions", "unanswered_seats", "withdraw"]


def _seat_changes(meeting: Meeting, attended: dict) -> tuple[list, list]:
    """(attendance rows to remove, (seat, person) pairs to add) to make the seats' attendance
    what `attended` says; a seat not in `attended` is left as it is."""
    recorded = {a.seat_id: a for a in meeting.attendance.filter(seat__in=list(attended))}
    removed, added = [], []
    for seat, person in attended.items():
        now = recorded.get(seat.pk)
        if now is not None and (person is None or now.person_id != person.pk):
            removed.append(now)
        if person is not None and (now is None or now.person_id != person.pk):
            added.append((seat, person))
    return removed, added


def _refuse_if_decided(meeting: Meeting, removed: list) -> None:
    if removed and meeting.decisions.exists():
        raise Invalid(
            "Decisions were recorded at this meeting on the attendance as it stands: a seat's "
            "attendance can be added, not taken away or changed."
        )


def withdraw(attendance, by) -> None:
    attendance._history_user = by  # simple_history names who deleted a row from this attribute
    attendance.delete()


@transaction.atomic
def record_attendances(*, by, meeting: Meeting, attended: dict) -> Meeting:
    """Who attended for each seat: `attended` maps a seat to the person who sat for it, or to None
    (not represented). Recording what is already recorded changes nothing."""
    check_manage(by, meeting)
    removed, added = _seat_changes(meeting, attended)
    _refuse_if_decided(meeting, removed)
    for attendance in removed:
        withdraw(attendance, by)
    refused = {}
    for seat, person in added:
        try:
            record_attendance(by=by, meeting=meeting, person=person, seat=seat)
        except ActionRefused as exc:
            refused[seat.organisation.name] = str(exc)
    if refused:
        raise RowsRefused(refused)
    return meeting


@transaction.atomic
def record_positions(*, by, version: ProposalVersion, positions: dict, seen: int | None = None):
    """The chair's positions for several seats at once: `positions` maps a seat to (stance,
    reason). Each is recorded on the seat's behalf as record_position does; a seat that answered
    meanwhile is refused, never overwritten. `seen`: the newest entry the board showed."""
    if not rep.chairs(rep.person_of(by), version.proposal.forum):
        raise NotAllowed(REFUSALS["governance.record_position"])
    refused, recorded = {}, []
    for seat, (stance, reason) in positions.items():
        try:
            entry = record_position(
                by=by, version=version, seat=seat, stance=stance, reason=reason, seen=seen
            )
        except ActionRefused as exc:
            refused[seat.organisation.name] = str(exc)
        else:
            recorded.append(entry)
    if refused:
        raise RowsRefused(refused)
    return recorded


def unanswered_seats(version: ProposalVersion, on=None):
    """The seats in force with no standing position on the version: the chair's to record."""
    answered = set(version.positions.values_list("seat_id", flat=True))
    seats = version.proposal.forum.seats.in_force(on or localdate()).select_related("organisation")
    return [seat for seat in seats if seat.pk not in answered]
