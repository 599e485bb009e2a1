"""Logins, given and kept by administrators: a login for a person on the registry with a role
(concord.access.roles) and a temporary password, a change of role or of the analyst
capability, and closing a login (never deleting it, so what it did stays attributed).

Each action checks `access.manage_logins` (administrators only) and refuses as the registry's
actions do, changing nothing: NotAllowed for the wrong person, Invalid naming the input at
fault, Conflict with what is on record. Each writes a LoginChange saying who did what.
"""

import rules
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    UserAttributeSimilarityValidator,
    get_default_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from concord.organisations.actions.common import created, locked, required_text
from concord.organisations.errors import Conflict, Invalid, NotAllowed
from concord.organisations.models import Person

from .models import LoginChange
from .roles import ADMIN, ANALYST, ROLES, ensure_roles, is_analyst, role_of
from .rules import LOGINS_REFUSAL

__all__ = ["PASSWORD_RULES", "close_login", "give_login", "require_admin", "set_role"]

MIN_LENGTH = 12
PASSWORD_RULES = [
    MinimumLengthValidator(MIN_LENGTH),
    UserAttributeSimilarityValidator(),
    CommonPasswordValidator(),
    NumericPasswordValidator(),
]
NOTHING_CHANGED = "Nothing changed: choose a different role or analyst setting."


def require_admin(by) -> None:
    if by is None or not rules.has_perm("access.manage_logins", by):
        raise NotAllowed(LOGINS_REFUSAL)


def described(role: str | None, analyst: bool) -> str:
    """How a login's rights read in its history: `editor`, `viewer, analyst`."""
    return ", ".join(part for part in (role or "no role", ANALYST if analyst else "") if part)


def recorded(user, what: str, *, by, before: str = "", after: str = "") -> LoginChange:
    return LoginChange.objects.create(by=by, user=user, what=what, before=before, after=after)


def _checked_role(role: str) -> str:
    if role not in ROLES:
        raise Invalid("Choose a role: viewer, editor or admin", "role")
    return role


def _checked_username(username: str) -> str:
    username = required_text(username, "username", "Enter a username")
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise Conflict(f"The username {username} is taken. Choose another.", "username")
    return username


def _checked_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Invalid("Enter an email address like name@example.nhs.uk", "email") from None
    return email


def _checked_password(password: str, user) -> str:
    """Django's validators as configured, and always this service's own (PASSWORD_RULES)."""
    if not password:
        raise Invalid("Enter a temporary password", "password")
    try:
        validate_password(password, user, get_default_password_validators())
        validate_password(password, user, PASSWORD_RULES)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), "password") from None
    return password


def hold(user, role: str, analyst: bool) -> None:
    """`user` holds exactly `role` among the ranked roles, and the analyst capability or not."""
    ensure_roles()
    user.groups.remove(*Group.objects.filter(name__in=[*ROLES, ANALYST]))
    user.groups.add(Group.objects.get(name=role))
    if analyst:
        user.groups.add(Group.objects.get(name=ANALYST))


@transaction.atomic
def give_login(
    *, by, person: Person, username: str, email: str, role: str, analyst=False, password: str
):
    """A login for `person`, with `role` (and the analyst capability, if asked) and a temporary
    password, stored hashed, which they change once signed in."""
    require_admin(by)
    locked(person)  # two logins given to the same person at once queue here
    if person.user_id is not None:
        raise Conflict(f"{person.name} already has a login ({person.user.username}).")
    role, email = _checked_role(role), _checked_email(email)
    user = get_user_model()(username=_checked_username(username), email=email)
    user.set_password(_checked_password(password, user))
    taken = f"The username {user.username} is taken. Choose another."
    created(user.save, taken, "username")
    hold(user, role, bool(analyst))
    person.user = user
    person._history_user = by
    person.save(update_fields=["user"])
    recorded(user, LoginChange.GIVEN, by=by, after=described(role, bool(analyst)))
    return user


@transaction.atomic
def set_role(*, by, user, role: str, analyst: bool):
    """`user` holds `role` and the analyst capability, or not, from now."""
    require_admin(by)
    role, analyst = _checked_role(role), bool(analyst)
    if user.is_superuser:
        raise Conflict(f"{user.username} is a superuser: an admin and an analyst whatever else.")
    if user.pk == by.pk and role != ADMIN:
        raise Conflict("You cannot take the admin role from yourself.", "role")
    before = described(role_of(user), is_analyst(user))
    if before == described(role, analyst):
        raise Conflict(NOTHING_CHANGED)
    hold(user, role, analyst)
    recorded(user, LoginChange.ROLE, by=by, before=before, after=described(role, analyst))
    return user


@transaction.atomic
def close_login(*, by, user):
    """`user` can no longer sign in or use their API tokens; the account stays on record."""
    require_admin(by)
    user = locked(user)
    if user.pk == by.pk:
        raise Conflict("You cannot close your own login.")
    if not user.is_active:
        raise Conflict(f"The login {user.username} is closed already.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    recorded(user, LoginChange.CLOSED, by=by, before="open", after="closed")
    return user
