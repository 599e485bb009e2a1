"""People and their dated posts, added and ended by administrators. A post may be held on
behalf of another organisation (a GP sitting on a forum for their PCN): rights follow posts
(concord.access.posts), so these are what let editors act."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ..errors import Conflict, Invalid
from ..models import Organisation, Person, Post
from .common import check_order, ended, locked, overlaps, require_set_up, required_text, saved

__all__ = ["add_post", "create_person", "end_post"]


@transaction.atomic
def create_person(*, by, name: str, email: str = "") -> Person:
    require_set_up(by)
    name = required_text(name, "name", "Enter the person's name")
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Invalid("Enter an email address like name@example.nhs.uk", "email") from None
    return saved(Person(name=name, email=email), by)


@transaction.atomic
def add_post(
    *,
    by,
    person: Person,
    organisation: Organisation,
    role: str,
    start: dt.date | None,
    end: dt.date | None = None,
    on_behalf_of: Organisation | None = None,
) -> Post:
    """`person` holds `role` in `organisation` (on behalf of another, if given) from `start`.
    Refused: no start, an end before it, the same post already held on any of its days."""
    require_set_up(by)
    role = required_text(role, "role", "Enter the post, for example Clinical lead")
    if start is None:
        raise Invalid("Enter the date the post starts", "start")
    check_order(start, end, "A post")
    if on_behalf_of is not None and on_behalf_of.pk == organisation.pk:
        raise Invalid("A post on behalf of an organisation names another one", "on_behalf_of")
    locked(person)  # two posts added for the same person at once queue here
    post = Post(
        person=person,
        organisation=organisation,
        role=role,
        on_behalf_of=on_behalf_of,
        start=start,
        end=end,
    )
    _refuse_same_post(post)
    return saved(post, by)


def _refuse_same_post(post: Post) -> None:
    same = Post.objects.filter(
        person=post.person,
        organisation=post.organisation,
        role=post.role,
        on_behalf_of=post.on_behalf_of,
    )
    if any(overlaps(held, post.start, post.end) for held in same):
        raise Conflict(
            f"{post.person.name} already holds the post {post.role} in "
            f"{post.organisation.name} on some of those days.",
            "start",
        )


@transaction.atomic
def end_post(*, by, post: Post, end: dt.date) -> Post:
    """The post is held up to and including `end`."""
    require_set_up(by)
    return saved(ended(locked(post), end, "A post"), by)
