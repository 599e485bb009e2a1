"""Object permissions (the `rules` package), named as the views and API check them.

Roles say what kind of thing a user may do; posts say for whom (concord.access.posts).
`acting_for(organisations_of)` makes the predicate every app uses for "acts for the
organisation(s) of this object".
"""

import rules

from . import posts
from .roles import ADMIN, EDITOR, VIEWER, has_role

__all__ = [
    "LOGINS_REFUSAL",
    "acting_for",
    "acts_for_organisation",
    "holds_a_post",
    "is_admin",
    "is_viewer",
]


@rules.predicate
def is_viewer(user):
    return has_role(user, VIEWER)


@rules.predicate
def is_editor(user):
    return has_role(user, EDITOR)


@rules.predicate
def is_admin(user):
    return has_role(user, ADMIN)


@rules.predicate
def holds_a_post(user):
    """An editor with a post in force somewhere: may start something for their organisation."""
    return posts.acts_for_someone(user)


def acting_for(organisations_of, name: str) -> rules.Predicate:
    """A predicate: the user is an editor holding a post in one of `organisations_of(obj)`."""

    def check(user, obj):
        return obj is not None and posts.acts_for(user, organisations_of(obj))

    return rules.Predicate(check, name=name)


acts_for_organisation = acting_for(lambda organisation: [organisation], "acts_for_organisation")

rules.add_perm("registry.view", is_viewer)
rules.add_perm("registry.edit", is_editor)
rules.add_perm("registry.import", is_admin)
rules.add_perm("registry.act_for", acts_for_organisation)
# Setting the registry up (its organisations, links, people and posts: organisations/actions).
# Held here, not in the registry, because the roles sit above it: access reads the registry.
rules.add_perm("organisations.set_up", is_admin)

LOGINS_REFUSAL = "Only administrators give people logins, change their roles and close logins."
rules.add_perm("access.manage_logins", is_admin)
