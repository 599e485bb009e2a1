"""Registry writes through the API: the same actions as the pages, with the same permission.
A refusal for the wrong person is a 403, input the registry cannot take a 422 naming the field
(as ninja names a malformed one), a conflict with what is on record a 409."""

from ninja.errors import HttpError, ValidationError

from concord.organisations.errors import Invalid, NotAllowed, RegistryError
from concord.organisations.models import Organisation


def invalid(field: str | None, message: str, kind: str = "invalid") -> ValidationError:
    loc = ["body", "data", field] if field else ["body", "data"]
    return ValidationError([{"type": kind, "loc": loc, "msg": message}])


def act(action, **kwargs):
    """Run a registry action; its refusals become 403, 422 or 409."""
    try:
        return action(**kwargs)
    except NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except Invalid as exc:
        raise invalid(exc.field, str(exc)) from None
    except RegistryError as exc:
        raise HttpError(409, str(exc)) from None


def named(code: str | None, field: str) -> Organisation | None:
    """The organisation a body field names by code; a 422 naming the field when none has it."""
    if code is None:
        return None
    found = Organisation.objects.filter(code=code.strip().upper()).first()
    if found is None:
        raise invalid(field, f"no organisation has the code {code!r}", "unknown_code")
    return found
