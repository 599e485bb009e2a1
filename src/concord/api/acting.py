"""Writes through the API: the same actions as the pages, with the same permission, and the one
runner every app's endpoints call.

`act` runs an action; its refusal (`concord.access.refusals`) answers the status
`refusals.status(…, api=True)` gives, as JSON `{"detail": …}` (`ErrorOut`): 403 for the wrong
person, 409 for a change the rules refuse or one based on a record changed since. `act_on_rows`
answers a change of several rows refused as a whole 409 with each refused row. Input that does
not fit an operation's schema is ninja's 422, before any action runs.

The registry's set-up actions (`act_on_registry`) name the field at fault: input the registry
cannot take is a 422 naming it (as ninja names a malformed one), a conflict with what is on
record a 409."""

from django.shortcuts import get_object_or_404
from ninja import Status
from ninja.errors import HttpError, ValidationError

from concord.access import refusals
from concord.access.refusals import ActionRefused, RowsRefused
from concord.organisations.actions.common import require_set_up
from concord.organisations.errors import Invalid, NotAllowed, RegistryError
from concord.organisations.models import Organisation

from .schemas import Error
from .schemas import Invalid as InvalidOut

__all__ = [
    "REFUSED",
    "act",
    "act_on_registry",
    "act_on_rows",
    "maybe",
    "named",
    "organisation",
    "setting_up",
]

REFUSED = {403: Error, 404: Error, 409: Error, 422: InvalidOut}  # the responses of every write


def act(action, /, **kwargs):
    """Run an action; its refusal becomes 403 (not allowed) or 409 (refused by the rules)."""
    try:
        return action(**kwargs)
    except ActionRefused as exc:
        raise refused(exc) from None


def refused(exc: ActionRefused) -> HttpError:
    return HttpError(refusals.status(exc, api=True), str(exc))


def act_on_rows(action, /, **kwargs):
    """`act` for a change of several rows at once: when rows are refused, nothing is written and
    the 409 lists each refused seat and why (RowsRefusedOut)."""
    try:
        return action(**kwargs)
    except RowsRefused as exc:
        rows = [{"seat": seat, "reason": why} for seat, why in exc.rows.items()]
        return Status(refusals.status(exc, api=True), {"detail": str(exc), "rows": rows})
    except ActionRefused as exc:
        raise refused(exc) from None


def maybe(find, key):
    """`find(key)`, or None when no key was given (an optional reference)."""
    return None if key is None else find(key)


def organisation(code: str) -> Organisation:
    """The organisation of a code in the path or the query; 404 when none has it."""
    return get_object_or_404(Organisation, code=code)


def invalid(field: str | None, message: str, kind: str = "invalid") -> ValidationError:
    loc = ["body", "data", field] if field else ["body", "data"]
    return ValidationError([{"type": kind, "loc": loc, "msg": message}])


def act_on_registry(action, **kwargs):
    """Run a registry action; its refusals become 403, 422 or 409."""
    try:
        return action(**kwargs)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except Invalid as exc:
        raise invalid(exc.field, str(exc)) from None
    except RegistryError as exc:
        raise HttpError(409, str(exc)) from None


def setting_up(request) -> None:
    """Before anything is looked up: only administrators write to the registry. A viewer is
    refused 403 whether or not the organisation or person named exists (a 404 would tell them)."""
    act_on_registry(require_set_up, by=request.auth)


def named(code: str | None, field: str) -> Organisation | None:
    """The organisation a body field names by code; a 422 naming the field when none has it."""
    if code is None:
        return None
    named_organisation = Organisation.objects.filter(code=code.strip().upper()).first()
    if named_organisation is None:
        raise invalid(field, f"no organisation has the code {code!r}", "unknown_code")
    return named_organisation
