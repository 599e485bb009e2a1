"""Which organisations a user belongs to: those their person holds a post in, or holds a post on
behalf of, on a date (as a seat's representative sits for it). Contract values and edits follow."""

import datetime as dt

from django.utils.timezone import localdate

from concord.access.roles import ADMIN, EDITOR, VIEWER, has_role
from concord.organisations.models import Post


def organisation_ids(user, on: dt.date | None = None) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    posts = Post.objects.in_force(on or localdate()).filter(person__user=user)
    ids = set(posts.values_list("organisation_id", flat=True))
    ids |= {pk for pk in posts.values_list("on_behalf_of_id", flat=True) if pk}
    return ids


def belongs_to_any(user, organisations) -> bool:
    wanted = {getattr(o, "pk", o) for o in organisations}
    return bool(organisation_ids(user) & wanted)


def party_ids(contract, role: str | None = None) -> set[int]:
    return {p.organisation_id for p in contract.party_links.all() if role in (None, p.role)}


def may_see_values(user, contract, mine: set[int] | None = None) -> bool:
    """Administrators, and viewers belonging to one of the contract's commissioners or providers.

    `mine` is the user's organisation ids when the caller has them already (lists of contracts).
    """
    if has_role(user, ADMIN):
        return True
    mine = organisation_ids(user) if mine is None else mine
    return has_role(user, VIEWER) and bool(mine & party_ids(contract))


def may_edit(user, contract, mine: set[int] | None = None) -> bool:
    """Administrators, and editors belonging to one of the contract's commissioners."""
    if has_role(user, ADMIN):
        return True
    mine = organisation_ids(user) if mine is None else mine
    return has_role(user, EDITOR) and bool(mine & party_ids(contract, "commissioner"))
