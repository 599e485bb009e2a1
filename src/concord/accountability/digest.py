"""Who owns a commitment: the people holding a post in force in its party organisation (the
registry's memberships). Notifications of a changed status or a new red flag go to them
(concord.notifications); `concord accountability digest` sends their daily summaries."""

from collections import defaultdict

from concord.organisations.models import Person, Post

__all__ = ["owners"]


def owners(organisation_ids, on) -> dict[int, list[Person]]:
    """organisation id -> the people holding posts in it on the date, with an email address."""
    posts = Post.objects.in_force(on).filter(organisation_id__in=organisation_ids)
    pairs = posts.exclude(person__email="").values_list("organisation_id", "person_id")
    people = Person.objects.in_bulk({person for _, person in pairs})
    by_organisation = defaultdict(dict)
    for org_id, person_id in pairs:
        by_organisation[org_id][person_id] = people[person_id]
    return {org_id: list(by_id.values()) for org_id, by_id in by_organisation.items()}
