"""Rights follow posts: the one rule for acting on behalf of an organisation.

A person belongs to an organisation on a date when they hold a post in force in it, or a post
(in a forum's secretariat, say) held on behalf of it. An editor acts for the organisations they
belong to, and for no other: the editor role alone grants nothing over another organisation's
proposal, contract, programme or red flag. Administrators set things up (forums, seats, the
registry, imports); they too act for an organisation only through a post in it.
"""

import datetime as dt

from django.utils.timezone import localdate

from concord.organisations.models import Organisation, Post
from concord.organisations.names import by_name

from .roles import EDITOR, has_role

__all__ = [
    "REFUSAL",
    "acts_for",
    "acts_for_someone",
    "belongs_to_any",
    "organisation_ids",
    "organisations_of",
    "staffed",
    "staffs",
]

REFUSAL = (
    "Only an editor holding a post in the organisation concerned (or on its behalf) acts for it."
)


def _posts_of(user, on: dt.date | None = None):
    """The user's posts in force on the date (today by default)."""
    if user is None or not user.is_authenticated:
        return Post.objects.none()
    return Post.objects.in_force(on or localdate()).filter(person__user=user)


def organisation_ids(user, on: dt.date | None = None) -> set[int]:
    """The organisations the user belongs to: posts in them, or held on their behalf."""
    posts = _posts_of(user, on)
    ids = set(posts.values_list("organisation_id", flat=True))
    ids |= {pk for pk in posts.values_list("on_behalf_of_id", flat=True) if pk}
    return ids


def organisations_of(user, on: dt.date | None = None) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=organisation_ids(user, on)).order_by(*by_name()))


def ids(organisations) -> set[int]:
    return {getattr(o, "pk", o) for o in organisations if o is not None}


def belongs_to_any(user, organisations, on: dt.date | None = None) -> bool:
    return bool(organisation_ids(user, on) & ids(organisations))


def acts_for(user, organisations, on: dt.date | None = None) -> bool:
    """May the user act on behalf of one of these organisations? Editors holding a post there."""
    return has_role(user, EDITOR) and belongs_to_any(user, organisations, on)


def acts_for_someone(user) -> bool:
    """An editor holding any post: they may start something for one of their organisations."""
    return has_role(user, EDITOR) and bool(organisation_ids(user))


def staffed(user, on: dt.date | None = None) -> set[int]:
    """The organisations an editor holds a post in in their own right (none for other roles)."""
    if not has_role(user, EDITOR):
        return set()
    own = _posts_of(user, on).filter(on_behalf_of__isnull=True)
    return set(own.values_list("organisation_id", flat=True))


def staffs(user, organisation, on: dt.date | None = None) -> bool:
    """An editor holding a post in the organisation in its own right (not on behalf of another):
    a forum's secretariat staff, as opposed to the members sitting in it for their bodies."""
    if organisation is None or not has_role(user, EDITOR):
        return False
    own = _posts_of(user, on).filter(organisation=organisation, on_behalf_of__isnull=True)
    return own.exists()
