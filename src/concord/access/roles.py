"""Roles. Each is a Django group; a higher role includes the lower ones.

viewer  reads everything a non-analyst may see
editor  changes things, for the organisations where they hold a post (concord.access.posts):
        proposals, contracts, programmes and pathways, red flags
admin   sets things up (forums, seats, the registry, users, imports) and acts for no organisation
        through the role alone; superusers also reach Django's admin site (read-only for every
        model that has actions)

analyst is a capability held beside those roles, not a rank among them: an analyst sees raw
counts, unsuppressed and unrounded. Everyone else sees figures through disclosure control
(concord.stats.disclosure). Superusers count as analysts.
"""

from django.contrib.auth.models import Group
from django.db.models import prefetch_related_objects

__all__ = [
    "ADMIN",
    "ANALYST",
    "EDITOR",
    "ROLES",
    "VIEWER",
    "ensure_roles",
    "grant",
    "has_role",
    "is_analyst",
    "role_of",
]

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLES = (VIEWER, EDITOR, ADMIN)
RANK = {VIEWER: 1, EDITOR: 2, ADMIN: 3}
ANALYST = "analyst"
CAPABILITIES = (ANALYST,)  # groups held beside the ranked roles


def ensure_roles() -> None:
    for name in (*ROLES, *CAPABILITIES):
        Group.objects.get_or_create(name=name)


def role_of(user) -> str | None:
    """The highest role a user holds (superusers are admins), or None."""
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMIN
    names = {g.name for g in _groups_of(user)}
    held = [r for r in ROLES if r in names]
    return max(held, key=RANK.get) if held else None


def has_role(user, role: str) -> bool:
    held = role_of(user)
    return held is not None and RANK[held] >= RANK[role]


def grant(user, role: str) -> None:
    ensure_roles()
    user.groups.add(Group.objects.get(name=role))


def is_analyst(user) -> bool:
    """May this user see raw counts? Superusers may; others through the analyst group."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or any(g.name == ANALYST for g in _groups_of(user))


def _groups_of(user) -> list:
    """The user's groups, read once per user object: a page asks for the role several times
    (the page, its menu, each action it offers). Django keeps them as the user's prefetched
    groups, which `user.groups.add()` and `.remove()` forget, so a change is seen at once."""
    if "groups" not in getattr(user, "_prefetched_objects_cache", {}):
        prefetch_related_objects([user], "groups")
    return list(user.groups.all())
