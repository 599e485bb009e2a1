"""Every write in governance goes through these actions: atomic, keyword-only, acting user first.

Each checks the permission of `by` and the forum's rules, and raises a GovernanceError (changing
nothing) when the transition is not allowed. History records who made each change.
"""

from .decisions import record_decision
from .forums import add_representative, add_seat, create_forum
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
    "generate_meetings",
    "hold_meeting",
    "move_agenda_item",
    "open_proposal",
    "record_attendance",
    "record_decision",
    "record_minutes",
    "record_position",
    "schedule_meeting",
    "set_action_status",
    "update_meeting_action",
    "withdraw_proposal",
]
