"""Who may do what: viewers read; editors holding a post in the flagged organisation (or on its
behalf, concord.access.posts) and the chair of the flag's forum acknowledge and resolve red
flags; the chair of the forum (or its secretariat) accepts or dismisses the agenda items Concord
proposes (accountability.decide_proposal), as they manage the forum's agenda
(governance.manage_meeting)."""

import rules

from concord.access.rules import acting_for, is_viewer
from concord.governance import representation as rep
from concord.governance.rules import manages


def forum_of(flag):
    """The forum a flag goes to: its own, else the forum that agreed its commitment."""
    if flag.forum_id:
        return flag.forum
    return flag.commitment.agreement.forum if flag.commitment_id else None


@rules.predicate
def chairs_the_forum(user, flag):
    forum = flag and forum_of(flag)
    return forum is not None and rep.chairs(rep.person_of(user), forum)


acts_for_flagged = acting_for(lambda flag: [flag.organisation_id], "acts_for_flagged")

rules.add_perm("accountability.view", is_viewer)
rules.add_perm("accountability.handle_flag", acts_for_flagged | (is_viewer & chairs_the_forum))
rules.add_perm("accountability.decide_proposal", manages)  # a forum: as its agenda
