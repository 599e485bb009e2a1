"""Setting a forum up: its terms of reference, seats and representatives.

Administrators create a forum, and so do editors for a forum secretariat they staff;
administrators and the forum's secretariat (editors staffing its organisation) then add and end
its seats, appoint representatives and change its terms.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from concord.access import posts
from concord.access.refusals import Invalid, NotAllowed
from concord.access.roles import ADMIN, has_role

from ..models import Forum, Representative, Seat
from ..models.choices import Cadence, DecisionRule, ForumKind
from .common import require, saved
from .locking import locked, refuse_changed_since

__all__ = [
    "TERMS",
    "add_representative",
    "add_seat",
    "check_terms",
    "create_forum",
    "end_seat",
    "set_terms",
]

TERMS = (
    "name",
    "kind",
    "chair",
    "quorum_min_seats",
    "decision_rule",
    "silence_is_consent",
    "cadence",
    "purpose",
)


def check_terms(terms: dict) -> None:
    """Refuse terms of reference a forum cannot work by."""
    unknown = set(terms) - set(TERMS) - {"organisation", "acts_for"}
    if unknown:
        raise Invalid(f"A forum's terms of reference have no {', '.join(sorted(unknown))}.")
    if "name" in terms and not (terms["name"] or "").strip():
        raise Invalid("Give the forum a name.")
    if "quorum_min_seats" in terms and (terms["quorum_min_seats"] or 0) < 1:
        raise Invalid("A quorum is at least 1 seat represented.")
    choices = (("kind", ForumKind), ("decision_rule", DecisionRule), ("cadence", Cadence))
    for name, allowed in choices:
        if name in terms and terms[name] not in allowed.values:
            raise Invalid(f"A forum's {name.replace('_', ' ')} is one of the choices.")


def _check_secretariat(by, organisation) -> None:
    """Beside administrators, an editor sets a forum up only for a secretariat they staff."""
    if not has_role(by, ADMIN) and not posts.staffs(by, organisation):
        raise NotAllowed(
            "You set a forum up only for a secretariat you staff: choose it as the forum's "
            "secretariat organisation."
        )


@transaction.atomic
def create_forum(*, by, name: str, kind: str, slug: str = "", acts_for=(), **terms) -> Forum:
    """terms: organisation (the secretariat), chair, quorum_min_seats, decision_rule,
    silence_is_consent, cadence, purpose. `acts_for`: the bodies a joint committee decides for."""
    require(by, "governance.create_forum")
    _check_secretariat(by, terms.get("organisation"))
    check_terms({"name": name, "kind": kind, **terms})
    slug = slug or slugify(name)[:80]
    if Forum.objects.filter(slug=slug).exists():
        raise Invalid(f"A forum called {name} already exists: give this one another name.")
    forum = saved(Forum(name=name.strip(), slug=slug, kind=kind, **terms), by)
    if acts_for:
        forum.acts_for.set(acts_for)
    return forum


@transaction.atomic
def set_terms(*, by, forum: Forum, based_on: int | None = None, acts_for=None, **terms) -> Forum:
    """Change the forum's terms of reference (any of TERMS; `acts_for` for a joint committee).

    `based_on`: the forum's change the form showed; refused, naming who and when, if someone
    changed the terms since. Terms posted unchanged are refused as no change."""
    require(by, "governance.manage_forum", forum)
    locked(forum)  # a second change of the terms waits, then is refused as based on the old
    refuse_changed_since(forum, based_on, "the terms of reference")
    check_terms(terms)
    changed = {name: value for name, value in terms.items() if getattr(forum, name) != value}
    bodies = _changed_bodies(forum, acts_for)
    if not changed and bodies is None:
        raise Invalid("Nothing changed: the terms of reference are as they were.")
    for name, value in changed.items():
        setattr(forum, name, value)
    saved(forum, by)
    if bodies is not None:
        forum.acts_for.set(bodies)
    return forum


def _changed_bodies(forum: Forum, acts_for):
    """The bodies a joint committee acts for, when they are to change; else None."""
    if acts_for is None:
        return None
    wanted = {getattr(o, "pk", o) for o in acts_for}
    return None if wanted == set(forum.acts_for.values_list("pk", flat=True)) else wanted


@transaction.atomic
def add_seat(
    *, by, forum: Forum, organisation, required: bool = False, start: dt.date | None = None
) -> Seat:
    """A seat for the organisation from `start`; refused while it holds a seat not ended by then."""
    require(by, "governance.manage_forum", forum)
    locked(forum)  # two seats for one organisation at once: the second waits, then sees the first
    open_ = forum.seats.filter(organisation=organisation)
    if start is not None:
        open_ = open_.filter(Q(end__isnull=True) | Q(end__gte=start))
    if open_.exists():
        raise Invalid(f"{organisation.name} already has a seat in {forum.name}.")
    return saved(Seat(forum=forum, organisation=organisation, required=required, start=start), by)


@transaction.atomic
def end_seat(*, by, seat: Seat, end: dt.date) -> Seat:
    """The seat's last day: after it the organisation no longer sits, counts or answers."""
    require(by, "governance.manage_forum", seat.forum)
    locked(seat)
    if seat.end is not None:
        raise Invalid(f"{seat.organisation.name}'s seat already ended on {seat.end:%-d %B %Y}.")
    if seat.start is not None and end < seat.start:
        raise Invalid(
            f"{seat.organisation.name}'s seat began on {seat.start:%-d %B %Y}: it cannot end "
            "before then."
        )
    seat.end = end
    return saved(seat, by)


def _check_appointment(seat: Seat, start, end) -> None:
    org = seat.organisation
    if end is not None and start is not None and end < start:
        raise Invalid("An appointment ends on or after the day it starts.")
    if seat.end is not None and (start or seat.end) > seat.end:
        raise Invalid(f"{org.name}'s seat ended on {seat.end:%-d %B %Y}.")
    if seat.start is not None and start is not None and start < seat.start:
        raise Invalid(f"{org.name}'s seat began on {seat.start:%-d %B %Y}.")


@transaction.atomic
def add_representative(
    *, by, seat: Seat, person, start: dt.date | None = None, end: dt.date | None = None
) -> Representative:
    """Appoint a person to sit for the seat: the route for someone who holds no post in the
    forum's secretariat on behalf of the seat's organisation (those sit for it by that post)."""
    require(by, "governance.manage_forum", seat.forum)
    _check_appointment(seat, start, end)
    return saved(Representative(seat=seat, person=person, start=start, end=end), by)
