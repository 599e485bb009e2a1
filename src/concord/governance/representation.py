"""Who sits for which seat on a date: a post in the forum's secretariat on behalf of the seat's
organisation, or a representative appointment to the seat. And who chairs."""

import datetime as dt

from django.db.models import Q
from django.utils.timezone import localdate

from concord.organisations.models import Person, Post

from .models import Forum, Representative, Seat


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
    return appointed.exists() or posts_for(seat, on).filter(person=person).exists()


def posts_for(seat: Seat, on: dt.date):
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
    posted = posts_for(seat, on).values("person")
    sitting = Person.objects.filter(Q(pk__in=appointed) | Q(pk__in=posted))
    return list(sitting.order_by("name"))


def seats_of(person: Person | None, forum: Forum, on: dt.date | None = None) -> list[Seat]:
    """The seats of the forum the person sits for on the date."""
    if person is None:
        return []
    on = on or localdate()
    seats = forum.seats.in_force(on).select_related("organisation", "forum")
    return [seat for seat in seats if sits_for(person, seat, on)]


def chairs(person: Person | None, forum: Forum) -> bool:
    return person is not None and forum.chair_id == person.pk
