"""Object permissions (the `rules` package), named as the views and API check them."""

import rules

from .roles import ADMIN, EDITOR, VIEWER, has_role


@rules.predicate
def is_viewer(user):
    return has_role(user, VIEWER)


@rules.predicate
def is_editor(user):
    return has_role(user, EDITOR)


@rules.predicate
def is_admin(user):
    return has_role(user, ADMIN)


rules.add_perm("registry.view", is_viewer)
rules.add_perm("registry.edit", is_editor)
rules.add_perm("registry.import", is_admin)
