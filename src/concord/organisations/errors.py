"""What the registry refuses: a change it does not allow changes nothing and says why. Its
refusals are kinds of every action's (`concord.access.refusals`), kept apart because the API
answers the registry's invalid input 422 naming the field (`concord.api.acting.act_on_registry`)."""

from concord.access import refusals

__all__ = ["Conflict", "Invalid", "NotAllowed", "RegistryError"]


class RegistryError(refusals.ActionRefused):
    """A change the registry refuses as it stands (a duplicate, a link already ended…).
    `field` names the input at fault, when one is."""


class NotAllowed(RegistryError, refusals.NotAllowed):
    """The user may not set the registry up (only administrators do)."""


class Invalid(RegistryError, refusals.Invalid):
    """Input the registry cannot take: a date out of order, an unknown kind, a code ODS gives."""


class Conflict(RegistryError, refusals.Conflict):
    """The change collides with what is on record: a duplicate organisation or link in force."""
