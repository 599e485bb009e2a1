"""Who may do what in a forum, with `rules`.

viewers read; editors draft proposals for an organisation they hold a post in, and amend, open
and withdraw the proposals of that organisation (concord.access.posts: the editor role alone, or
the admin role, acts for no organisation); the chair may also withdraw a proposal. The chair and
the forum's secretariat (editors holding a post in its secretariat organisation in their own
right) manage meetings, attendance, agendas, minutes and actions, and record decisions; a
seat's representative records that seat's position (the chair may record it on the seat's
behalf, marked so). Administrators create forums, and so do editors staffing a forum secretariat
(for that secretariat); administrators and the secretariat of an existing forum set it up:
seats, representatives and its terms of reference. An action's status is set by those who
manage the meeting and by the action's owner (its named person, or an editor acting for its
owner organisation).
Object permissions take a forum, a proposal, a meeting, a seat, a meeting action or (draft_for)
an organisation.
"""

import rules

from concord.access import posts
from concord.access.rules import (
    acting_for,
    acts_for_organisation,
    holds_a_post,
    is_admin,
    is_viewer,
)
from concord.organisations.models import Kind, Organisation

from . import representation as rep

__all__ = [
    "PERMISSIONS",
    "forum_of",
    "is_chair",
    "manages",
    "manages_meeting_of",
    "owns_action",
    "runs_secretariat",
    "secretariats_staffed",
    "sits_for_seat",
    "staffs_a_secretariat",
]


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


@rules.predicate
def staffs_a_secretariat(user):
    """An editor holding a post in a forum secretariat in their own right: may set a forum up
    for that secretariat."""
    return secretariats_staffed(user).exists()


def secretariats_staffed(user):
    staffed = posts.staffed(user)
    return Organisation.objects.filter(pk__in=staffed, kind=Kind.FORUM_SECRETARIAT)


@rules.predicate
def runs_secretariat(user, obj):
    forum = forum_of(obj)
    return forum is not None and posts.staffs(user, forum.organisation_id)


@rules.predicate
def owns_action(user, action):
    return action is not None and (
        (action.owner_person_id is not None and action.owner_person == rep.person_of(user))
        or posts.acts_for(user, [action.owner_organisation_id])
    )


@rules.predicate
def manages_meeting_of(user, action):
    return action is not None and manages(user, action.meeting.forum)


acts_for_author = acting_for(lambda proposal: [proposal.author_organisation_id], "acts_for_author")
manages = (is_viewer & is_chair) | runs_secretariat

rules.add_perm("governance.view", is_viewer)
rules.add_perm("governance.draft_proposal", holds_a_post)  # a forum: may draft for someone
rules.add_perm("governance.draft_for", acts_for_organisation)  # the author organisation
rules.add_perm("governance.amend_proposal", acts_for_author)
rules.add_perm("governance.open_proposal", acts_for_author)
rules.add_perm("governance.withdraw_proposal", acts_for_author | (is_viewer & is_chair))
rules.add_perm("governance.record_position", is_viewer & (sits_for_seat | is_chair))
rules.add_perm("governance.manage_meeting", manages)
rules.add_perm("governance.record_decision", manages)
rules.add_perm("governance.create_forum", is_admin | staffs_a_secretariat)
rules.add_perm("governance.manage_forum", is_admin | runs_secretariat)
rules.add_perm("governance.set_action_status", is_viewer & (manages_meeting_of | owns_action))

PERMISSIONS = (
    "view",
    "draft_proposal",
    "draft_for",
    "amend_proposal",
    "open_proposal",
    "withdraw_proposal",
    "record_position",
    "manage_meeting",
    "record_decision",
    "create_forum",
    "manage_forum",
    "set_action_status",
)
