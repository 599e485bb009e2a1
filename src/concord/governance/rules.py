"""Who may do what in a forum, with `rules`.

viewers read; editors draft, amend, open and withdraw proposals; the chair (or an administrator)
manages meetings, attendance, agendas, minutes and actions; the chair records decisions; a seat's
representative records that seat's position (the chair may record it on the seat's behalf, marked
so); admins set forums up.
Object permissions take a forum, a proposal, a meeting or a seat.
"""

import rules

from concord.access.rules import is_admin, is_editor, is_viewer

from . import representation as rep


def forum_of(obj):
    if obj is None:
        return None
    if hasattr(obj, "quorum_min_seats"):
        return obj
    return obj.forum


@rules.predicate
def is_chair(user, obj):
    forum = forum_of(obj)
    return forum is not None and rep.chairs(rep.person_of(user), forum)


@rules.predicate
def sits_for_seat(user, seat):
    return (
        seat is not None
        and hasattr(seat, "organisation")
        and rep.sits_for(rep.person_of(user), seat)
    )


rules.add_perm("governance.view", is_viewer)
rules.add_perm("governance.draft_proposal", is_editor)
rules.add_perm("governance.amend_proposal", is_editor)
rules.add_perm("governance.open_proposal", is_editor)
rules.add_perm("governance.withdraw_proposal", is_editor | (is_viewer & is_chair))
rules.add_perm("governance.record_position", is_viewer & (sits_for_seat | is_chair))
rules.add_perm("governance.manage_meeting", is_admin | (is_viewer & is_chair))
rules.add_perm("governance.record_decision", is_viewer & is_chair)
rules.add_perm("governance.manage_forum", is_admin)

PERMISSIONS = (
    "view",
    "draft_proposal",
    "amend_proposal",
    "open_proposal",
    "withdraw_proposal",
    "record_position",
    "manage_meeting",
    "record_decision",
    "manage_forum",
)
