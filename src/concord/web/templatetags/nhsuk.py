"""NHS.UK components used across the registry's templates: tags for kinds and status."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from concord.organisations.kinds import Kind, noun
from concord.organisations.statuses import OdsStatus

__all__ = ["open_label"]

register = template.Library()

KIND_COLOURS = {
    Kind.ICB: "purple",
    Kind.CCG: "purple",
    Kind.SUB_ICB: "purple",
    Kind.OTHER_COMMISSIONER: "purple",
    Kind.LOCALITY: "aqua-green",
    Kind.PCN: "blue",
    Kind.PRACTICE: "green",
    Kind.ACUTE_TRUST: "orange",
    Kind.COMMUNITY_PROVIDER: "orange",
    Kind.MENTAL_HEALTH_TRUST: "orange",
    Kind.NHS_TRUST: "orange",
    Kind.LOCAL_AUTHORITY: "yellow",
    Kind.VOLUNTARY_BODY: "pink",
}
ODS_STATUS = dict(OdsStatus.choices)
NOT_OPEN = {OdsStatus.DORMANT: "Dormant", OdsStatus.PROPOSED: "Proposed"}  # else "Closed"
STATE_COLOURS = {"in force": "green", "ended": "grey", "not yet started": "blue"}


def tag(text: str, colour: str = ""):
    modifier = f" nhsuk-tag--{colour}" if colour else ""
    return format_html('<strong class="nhsuk-tag{}">{}</strong>', modifier, text)


@register.simple_tag
def kind_tag(kind: str):
    label = Kind(kind).label if kind in Kind.values else kind
    return tag(label, KIND_COLOURS.get(kind, "grey"))


@register.simple_tag
def open_tag(organisation, as_at=None):
    """Open, or closed, dormant or proposed, on `as_at` (today when not given)."""
    label = open_label(organisation, as_at)
    return tag(label, "green" if label == "Open" else "grey")


def open_label(organisation, as_at=None) -> str:
    """ "Open", or why not, on `as_at`. An organisation from
    `Organisation.objects.with_status_on(as_at)` is answered with no query."""
    if hasattr(organisation, "open_on_date"):
        is_open, status = organisation.open_on_date, organisation.status_on_date
    else:
        as_at = as_at or timezone.localdate()
        is_open, status = organisation.is_open(as_at), organisation.status_on(as_at)
    return "Open" if is_open else NOT_OPEN.get(status, "Closed")


@register.filter
def ods_status(code: str) -> str:
    return ODS_STATUS.get(code, code or "Not given")


@register.simple_tag
def state_tag(state: str):
    return tag(state.capitalize(), STATE_COLOURS.get(state, "grey"))


@register.filter
def short_checksum(checksum: str) -> str:
    return checksum[:12]


@register.filter
def kind_noun(label: str, count=2) -> str:
    """{{ label|kind_noun:number }}: "locality" for 1, "localities" otherwise."""
    return noun(str(label), int(count))


@register.filter
def kind_plural(kind: str) -> str:
    """{{ organisation.kind|kind_plural }}: "localities", "GP practices"."""
    return noun(Kind(kind).label if kind in Kind.values else str(kind))
