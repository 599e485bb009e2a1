"""Every write in governance goes through these actions: atomic, keyword-only, acting user first.

Each checks the permission of `by` and the forum's rules, and raises a refusal of
`concord.access.refusals` (changing nothing) when the transition is not allowed. History records
who made each change.
"""

from .bulk import record_attendances, record_positions
from .decisions import record_decision
from .forums import add_representative, add_seat, create_forum, end_seat, set_terms
from .meetings import (
    add_agenda_item,
    add_meeting_action,
    cancel_meeting,
    generate_meetings,
    hold_meeting,
    move_agenda_item,
    record_attendance,
    record_minutes,
    schedule_meeting,
    set_action_status,
    update_meeting_action,
)
from .proposals import (
    amend_proposal,
    create_proposal,
    open_proposal,
    record_position,
    withdraw_proposal,
)

__all__ = [
    "add_agenda_item",
    "add_meeting_action",
    "add_representative",
    "add_seat",
    "amend_proposal",
    "cancel_meeting",
    "create_forum",
    "create_proposal",
    "end_seat",
    "generate_meetings",
    "hold_meeting",
    "move_agenda_item",
    "open_proposal",
    "record_attendance",
    "record_attendances",
    "record_decision",
    "record_minutes",
    "record_position",
    "record_positions",
    "schedule_meeting",
    "set_action_status",
    "set_terms",
    "update_meeting_action",
    "withdraw_proposal",
]
