"""Who may change which emails a person gets: that person alone, through their own login."""

import rules

from concord.governance.representation import person_of

__all__ = ["NO_PERSON", "has_a_person"]

NO_PERSON = (
    "Your login is not linked to a person in the registry, so Concord sends you no emails. "
    "Ask an administrator to link it."
)


@rules.predicate
def has_a_person(user):
    return person_of(user) is not None


rules.add_perm("notifications.set_preferences", rules.is_authenticated & has_a_person)
