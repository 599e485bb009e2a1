"""Adding the organisations ODS does not hold (localities, voluntary bodies, forum
secretariats, management teams…) and keeping their names and postcodes; ODS-held
organisations are kept by the importers."""

import datetime as dt

from django.db import transaction

from ..codes import is_local_shaped, is_ods_shaped, next_local_code, normalised
from ..errors import Conflict, Invalid, RegistryError
from ..kinds import LOCAL_KINDS, Kind
from ..models import Organisation
from .common import created as in_savepoint
from .common import locked, require_set_up, required_text, saved

__all__ = ["create_organisation", "update_organisation"]

POSTCODE_WIDTH = 10


@transaction.atomic
def create_organisation(
    *, by, name: str, kind: str, code: str = "", postcode: str = "", opened: dt.date | None = None
) -> Organisation:
    """A new organisation of a kind ODS does not publish, with a local code: the one given, or
    the next free one for its kind (LOC-1, LOC-2…)."""
    require_set_up(by)
    name = required_text(name, "name", "Enter the name of the organisation")
    _check_local_kind(kind)
    code = _checked_code(normalised(code)) if code.strip() else _generated_code(kind)
    if (held := Organisation.objects.filter(code=code).first()) is not None:
        raise Conflict(taken(code, held.name), "code")
    organisation = Organisation(
        code=code,
        is_local_code=True,
        name=name,
        kind=kind,
        postcode=_checked_postcode(postcode),
        opened=opened,
    )
    return created(organisation, by)


def created(organisation: Organisation, by) -> Organisation:
    refusal = taken(organisation.code, "another organisation added at the same moment")
    return in_savepoint(lambda: saved(organisation, by), refusal, "code")


def taken(code: str, holder: str) -> str:
    return f"The code {code} is already taken, by {holder}. Give another, or leave it blank."


def _check_local_kind(kind: str) -> None:
    if kind not in Kind.values:
        raise Invalid("Choose the kind of organisation", "kind")
    if kind not in LOCAL_KINDS:
        label = Kind(kind).label
        raise Invalid(
            f"ODS publishes the kind {label}: such organisations come into the registry with "
            "its files, not from here.",
            "kind",
        )


def _checked_code(code: str) -> str:
    if is_local_shaped(code):
        return code
    if is_ods_shaped(code):
        raise Invalid(
            f"{code} has the shape of an ODS code, which only ODS gives. A local code has a "
            "prefix and a hyphen, for example LOC-02H-6.",
            "code",
        )
    raise Invalid(
        "A local code is letters and digits with a hyphen after the prefix, for example "
        "LOC-02H-6 (32 characters at most).",
        "code",
    )


def _generated_code(kind: str) -> str:
    prefix = LOCAL_KINDS[kind]
    prefixed = Organisation.objects.filter(code__startswith=f"{prefix}-")
    return next_local_code(prefix, set(prefixed.values_list("code", flat=True)))


def _checked_postcode(postcode: str) -> str:
    postcode = " ".join(postcode.split()).upper()
    if len(postcode) > POSTCODE_WIDTH:
        raise Invalid(f"A postcode has {POSTCODE_WIDTH} characters at most", "postcode")
    return postcode


@transaction.atomic
def update_organisation(
    *, by, organisation: Organisation, name: str | None = None, postcode: str | None = None
) -> Organisation:
    """A local organisation's name or postcode changed; given unchanged, nothing is written."""
    require_set_up(by)
    organisation = locked(organisation)
    if not organisation.is_local_code:
        raise RegistryError(
            f"ODS holds {organisation.name}: its name and postcode come from ODS's files."
        )
    changes = {}
    if name is not None:
        changes["name"] = required_text(name, "name", "Enter the name of the organisation")
    if postcode is not None:
        changes["postcode"] = _checked_postcode(postcode)
    changed = {k: v for k, v in changes.items() if getattr(organisation, k) != v}
    if not changed:
        return organisation
    for field, value in changed.items():
        setattr(organisation, field, value)
    return saved(organisation, by)
