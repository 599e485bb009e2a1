"""Who sits for which seat on a date: a post in the forum's secretariat on behalf of the seat's
organisation, or a representative appointment to the seat. And who chairs."""

import datetime as dt

from django.db.models import Q
from django.utils.timezone import localdate

from concord.access import posts
from concord.organisations.models import Organisation, Person, Post
from concord.organisations.names import by_name

from .models import Forum, Representative, Seat

__all__ = [
    "chairs",
    "forum_organisations",
    "forum_people",
    "organisations_of",
    "person_of",
    "representatives",
    "representatives_by_seat",
    "seats_of",
    "sits_for",
]


def person_of(user) -> Person | None:
    if user is None or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def sits_for(person: Person | None, seat: Seat, on: dt.date | None = None) -> bool:
    if person is None:
        return False
    on = on or localdate()
    if not seat.in_force(on):
        return False
    appointed = Representative.objects.in_force(on).filter(seat=seat, person=person)
    return appointed.exists() or _posts_for(seat, on).filter(person=person).exists()


def _posts_for(seat: Seat, on: dt.date):
    """Posts in the forum's secretariat held on behalf of the seat's organisation."""
    if seat.forum.organisation_id is None:
        return Post.objects.none()
    return Post.objects.in_force(on).filter(
        organisation_id=seat.forum.organisation_id, on_behalf_of_id=seat.organisation_id
    )


def representatives(seat: Seat, on: dt.date | None = None) -> list[Person]:
    """Everyone sitting for the seat on the date, by either route."""
    on = on or localdate()
    appointed = Representative.objects.in_force(on).filter(seat=seat).values("person")
    posted = _posts_for(seat, on).values("person")
    sitting = Person.objects.filter(Q(pk__in=appointed) | Q(pk__in=posted))
    return list(sitting.order_by(*by_name()))


def representatives_by_seat(seats: list[Seat], on: dt.date | None = None) -> dict[int, list]:
    """`representatives()` of every seat at once (two queries, where one seat at a time made
    one a seat): seat id -> everyone sitting for it on the date, by name."""
    on = on or localdate()
    sitting = {seat.pk: {} for seat in seats}
    for appointment in (
        Representative.objects.in_force(on).filter(seat__in=seats).select_related("person")
    ):
        sitting[appointment.seat_id][appointment.person_id] = appointment.person
    by_behalf = {}  # (secretariat, organisation sat for) -> the seats
    for seat in seats:
        if seat.forum.organisation_id is not None:
            key = (seat.forum.organisation_id, seat.organisation_id)
            by_behalf.setdefault(key, []).append(seat.pk)
    if by_behalf:
        held = Post.objects.in_force(on).filter(
            organisation_id__in={secretariat for secretariat, _ in by_behalf},
            on_behalf_of_id__in={organisation for _, organisation in by_behalf},
        )
        for post in held.select_related("person"):
            for seat_id in by_behalf.get((post.organisation_id, post.on_behalf_of_id), []):
                sitting[seat_id][post.person_id] = post.person
    return {
        seat_id: sorted(people.values(), key=lambda p: (p.name.lower(), p.name, p.pk))
        for seat_id, people in sitting.items()
    }


def seats_of(person: Person | None, forum: Forum, on: dt.date | None = None) -> list[Seat]:
    """The seats of the forum the person sits for on the date."""
    if person is None:
        return []
    on = on or localdate()
    seats = forum.seats.in_force(on).select_related("organisation", "forum")
    return [seat for seat in seats if sits_for(person, seat, on)]


def chairs(person: Person | None, forum: Forum) -> bool:
    return person is not None and forum.chair_id == person.pk


def forum_organisations(forum: Forum):
    """The organisations of the forum: its seats, the bodies it acts for, its secretariat."""
    ids = set(forum.seats.values_list("organisation_id", flat=True))
    ids |= set(forum.acts_for.values_list("pk", flat=True))
    ids |= {forum.organisation_id} if forum.organisation_id else set()
    return Organisation.objects.filter(pk__in=ids).order_by(*by_name())


def forum_people(forum: Forum, on: dt.date):
    """Who may attend or own an action: the chair, representatives, and people holding posts in
    the forum's secretariat or its member organisations on the date."""
    appointed = Representative.objects.in_force(on).filter(seat__forum=forum).values("person")
    orgs = forum_organisations(forum).values("pk")
    posted = Post.objects.in_force(on).filter(organisation__in=orgs).values("person")
    attending = Q(pk__in=appointed) | Q(pk__in=posted) | Q(pk=forum.chair_id or 0)
    return Person.objects.filter(attending).order_by(*by_name())


def organisations_of(user, on: dt.date | None = None) -> list[Organisation]:
    """The organisations the user holds a post in, or sits for through a post, on the date."""
    return posts.organisations_of(user, on)
