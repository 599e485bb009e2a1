"""Setting a forum up: its terms of reference, seats and representatives (administrators)."""

import datetime as dt

from django.db import transaction
from django.utils.text import slugify

from ..models import Forum, Representative, Seat
from .common import require, saved


@transaction.atomic
def create_forum(*, by, name: str, kind: str, slug: str = "", acts_for=(), **terms) -> Forum:
    """terms: organisation, chair, quorum_min_seats, decision_rule, silence_is_consent, cadence,
    purpose."""
    require(by, "governance.manage_forum")
    forum = saved(Forum(name=name, slug=slug or slugify(name)[:80], kind=kind, **terms), by)
    if acts_for:
        forum.acts_for.set(acts_for)
    return forum


@transaction.atomic
def add_seat(
    *, by, forum: Forum, organisation, required: bool = False, start: dt.date | None = None
) -> Seat:
    require(by, "governance.manage_forum", forum)
    return saved(Seat(forum=forum, organisation=organisation, required=required, start=start), by)


@transaction.atomic
def add_representative(
    *, by, seat: Seat, person, start: dt.date | None = None, end: dt.date | None = None
) -> Representative:
    require(by, "governance.manage_forum", seat.forum)
    return saved(Representative(seat=seat, person=person, start=start, end=end), by)
