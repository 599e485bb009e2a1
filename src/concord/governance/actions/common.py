"""What every action shares: the permission check and the acting user for the history."""

from ..errors import NotAllowed

REFUSALS = {
    "governance.view": "You need the viewer role to see forums.",
    "governance.draft_proposal": "Only editors draft proposals.",
    "governance.amend_proposal": "Only editors amend proposals.",
    "governance.open_proposal": "Only editors open proposals for positions.",
    "governance.withdraw_proposal": "Only editors or the chair withdraw proposals.",
    "governance.record_position": (
        "Only a person sitting for this seat, or the chair on its behalf, records its position."
    ),
    "governance.manage_meeting": (
        "Only the chair or an administrator manages this forum's meetings and agenda."
    ),
    "governance.record_decision": "Only the chair records this forum's decisions.",
    "governance.manage_forum": "Only administrators set forums up.",
}


def require(by, perm: str, obj=None) -> None:
    if by is None or not by.has_perm(perm, obj):
        raise NotAllowed(REFUSALS[perm])


def saved(instance, by):
    """Save with the acting user recorded in the history row."""
    instance._history_user = by
    instance.save()
    return instance
