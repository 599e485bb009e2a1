"""Who may ask for background work, with `rules`: analysts and administrators import national
files and refresh statuses; the chair, the forum's secretariat and analysts build a meeting's
pack (its object is the meeting)."""

import rules

from concord.access.roles import ADMIN, has_role, is_analyst

__all__ = ["builds_the_pack", "imports_files"]


@rules.predicate
def imports_files(user):
    return is_analyst(user) or has_role(user, ADMIN)


@rules.predicate
def builds_the_pack(user, meeting):
    return is_analyst(user) or user.has_perm("governance.manage_meeting", meeting.forum)


rules.add_perm("jobs.import", imports_files)
rules.add_perm("jobs.refresh", imports_files)
rules.add_perm("jobs.build_pack", builds_the_pack)
