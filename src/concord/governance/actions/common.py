"""What every governance action shares: the sentence refusing each of its permissions, registered
for `require`, and `saved` with the acting user for the history."""

from concord.access.history import saved
from concord.access.posts import REFUSAL
from concord.access.refusals import register, require

REFUSALS = register(
    {
        "governance.view": "You need the viewer role to see forums.",
        "governance.draft_proposal": REFUSAL,  # for one of the organisations you hold a post in
        "governance.draft_for": REFUSAL,  # for the author organisation
        "governance.amend_proposal": REFUSAL,  # for the author organisation
        "governance.open_proposal": REFUSAL,  # for the author organisation
        "governance.withdraw_proposal": f"{REFUSAL} The forum's chair may also withdraw it.",
        "governance.record_position": (
            "Only a person sitting for this seat, or the chair on its behalf, records its position."
        ),
        "governance.manage_meeting": (
            "Only the chair or the forum's secretariat manages this forum's meetings and agenda."
        ),
        "governance.record_decision": (
            "Only the chair or the forum's secretariat records this forum's decisions."
        ),
        "governance.create_forum": "Only administrators set up a new forum.",
        "governance.manage_forum": (
            "Only administrators or the forum's secretariat change its seats, representatives "
            "and terms of reference."
        ),
        "governance.set_action_status": (
            "Only the action's owner, the chair or the forum's secretariat changes its status."
        ),
    }
)

__all__ = ["REFUSALS", "require", "saved"]
