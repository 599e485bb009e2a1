"""What every action refuses, the one permission check, and what each refusal answers.

An action that will not make a change raises one of these, having changed nothing:

- `NotAllowed`: the acting user may not do this (their role, posts, chair or seat);
- `Invalid`: the rules refuse the change as asked (a wrong state, a date out of order…);
  `Immutable` (an agreement, decision or commitment is never changed, only superseded) and
  `RowsRefused` (a change of several rows refused as a whole, each row named) are kinds of it;
- `Conflict`: the record was changed by someone else since it was read.

Each app registers the sentence refusing each of its permissions (`register`), so `require` finds
it by the permission's name. `status` is the one policy of what a refusal answers, the same for
the pages' forms (`concord.web.actions`) and the API (`concord.api.acting`)."""

from http import HTTPStatus

__all__ = [
    "ActionRefused",
    "Conflict",
    "Immutable",
    "Invalid",
    "NotAllowed",
    "RowsRefused",
    "register",
    "require",
    "status",
]


class ActionRefused(Exception):
    """A change an action will not make; the message says why. `field` names the input at
    fault, when one is."""

    def __init__(self, message: str = "", field: str | None = None):
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self)


class NotAllowed(ActionRefused):
    """The user may not do this (role, posts, chair or seat)."""


class Invalid(ActionRefused):
    """A change the rules do not allow as asked."""


class Immutable(Invalid):
    """Agreements, decisions and commitments are never changed, only superseded."""


class Conflict(ActionRefused):
    """Someone else changed the record while this change was being made: review it and retry."""


class RowsRefused(Invalid):
    """A change of several rows at once refused as a whole: `rows` maps each refused row (a seat's
    name) to why. Nothing was written."""

    def __init__(self, rows: dict[str, str]):
        self.rows = rows
        super().__init__(" ".join(f"{name}: {why}" for name, why in rows.items()))


REFUSALS: dict[str, str] = {}  # permission name -> the sentence refusing it, from every app


def register(refusals: dict[str, str]) -> dict[str, str]:
    """Add an app's refusal sentences, by permission name, to the one registry; returns them."""
    REFUSALS.update(refusals)
    return refusals


def require(by, perm: str, obj=None) -> None:
    """Refuse (`NotAllowed`, with the permission's registered sentence) unless `by` has `perm`."""
    if by is None or not by.has_perm(perm, obj):
        raise NotAllowed(REFUSALS.get(perm, "You may not do that."))


STATUS = {  # the most specific kind of refusal first
    NotAllowed: HTTPStatus.FORBIDDEN,
    Conflict: HTTPStatus.CONFLICT,
    Invalid: HTTPStatus.BAD_REQUEST,
}
API_INVALID = HTTPStatus.CONFLICT  # the API documents 409 for a change the rules refuse


def status(refusal: ActionRefused, *, api: bool = False) -> int:
    """What a refusal answers: 403 not allowed, 409 a conflict, 400 invalid. The API answers an
    invalid change 409, as it has always documented (422 is kept for input that does not fit
    its schema)."""
    for kind, code in STATUS.items():
        if isinstance(refusal, kind):
            return int(API_INVALID if api and code == HTTPStatus.BAD_REQUEST else code)
    return int(HTTPStatus.BAD_REQUEST if not api else API_INVALID)
