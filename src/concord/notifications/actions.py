"""Every write of the notifications app: a person's choice, per kind, of immediate, daily or no
emails. Recorded with who and when (the preferences' history)."""

from django.db import transaction

from concord.access.refusals import Invalid, NotAllowed, register, require
from concord.governance.representation import person_of
from concord.organisations.models import Person

from .models import DEFAULTS, Delivery, Kind, Preference
from .rules import NO_PERSON

__all__ = ["REFUSALS", "current", "set_preferences"]


def current(person: Person | None) -> dict[str, str]:
    """kind -> the person's choice (the default where they have not chosen)."""
    chosen = {}
    if person is not None:
        chosen = dict(person.preferences.values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}


REFUSALS = register({"notifications.set_preferences": NO_PERSON})


@transaction.atomic
def set_preferences(*, by, choices: dict[str, str]) -> dict[str, str]:
    """Set the acting user's own choices (kind -> immediate, daily or off); kinds not named are
    left as they were. Returns every kind's choice."""
    require(by, "notifications.set_preferences")
    own = person_of(by)
    if own is None:  # a login with no person on the registry (an administrator's) has no emails
        raise NotAllowed(NO_PERSON)
    # two changes of one person's choices queue here, so neither creates a choice of a kind
    # the other is creating at the same moment (one per kind: a duplicate key, not a refusal)
    person = Person.objects.select_for_update().get(pk=own.pk)
    for kind, delivery in choices.items():
        if kind not in Kind.values:
            raise Invalid(f"{kind} is not a kind of email Concord sends.")
        if delivery not in Delivery.values:
            raise Invalid(f"Choose immediate, daily or off for {Kind(kind).label}.")
    held = {p.kind: p for p in person.preferences.all()}
    for kind, delivery in choices.items():
        preference = held.get(kind) or Preference(person=person, kind=kind)
        if preference.pk and preference.delivery == delivery:
            continue
        preference.delivery = delivery
        preference._history_user = by
        preference.save()
    return current(person)
