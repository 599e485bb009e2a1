"""Filters of the accountability lists, read from the query string (the lists and their
downloads share them)."""

import django_filters
from django.db.models import Q

from concord.governance.models import Commitment, Forum
from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation
from concord.organisations.names import by_name

from .concerns import RELATED
from .models import CommitmentStatus, FlagKind, FlagState, RedFlag
from .status import LABELS

__all__ = [
    "CommitmentFilter",
    "FlagFilter",
    "STATES",
    "UNRESOLVED",
    "commitment_filter",
    "flag_filter",
    "flag_rows",
]

UNRESOLVED = "unresolved"
STATES = [(UNRESOLVED, "Not resolved (open or acknowledged)"), ("all", "Any state")] + list(
    FlagState.choices
)


class FlagFilter(django_filters.FilterSet):
    """The flag list's filters; every choice is checked, so a wrong value is said, not failed."""

    organisation = django_filters.ChoiceFilter(
        label="Organisation", method="of_organisation", empty_label="Any organisation"
    )
    forum = django_filters.ChoiceFilter(label="Forum", method="of_forum", empty_label="Any forum")
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=FlagKind.choices, empty_label="Any kind"
    )
    state = django_filters.ChoiceFilter(
        label="State", choices=STATES, method="in_state", empty_label=None
    )

    class Meta:
        model = RedFlag
        fields = ["organisation", "forum", "kind", "state"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("state"):
            data["state"] = UNRESOLVED
        super().__init__(data, *args, **kwargs)
        flagged = RedFlag.objects.values("organisation_id")
        organisations = Organisation.objects.filter(pk__in=flagged).order_by("name")
        self.filters["organisation"].extra["choices"] = list(
            organisations.values_list("code", "name")
        )
        self.filters["forum"].extra["choices"] = list(
            Forum.objects.order_by("name").values_list("slug", "name")
        )

    def of_organisation(self, queryset, name, value):
        return queryset.filter(organisation__code=value)

    def of_forum(self, queryset, name, value):
        return queryset.filter(Q(forum__slug=value) | Q(commitment__agreement__forum__slug=value))

    def in_state(self, queryset, name, value):
        if value == UNRESOLVED:
            return queryset.open()
        return queryset if value == "all" else queryset.filter(state=value)


def flag_filter(params) -> FlagFilter:
    return FlagFilter(params, queryset=RedFlag.objects.select_related(*RELATED))


def flag_rows(params, user):
    """The flags the list shows for these query parameters; none when a filter is not valid."""
    filtered = flag_filter(params)
    return filtered.qs if filtered.is_valid() else RedFlag.objects.none()


class CommitmentFilter(django_filters.FilterSet):
    """A scorecard's filters: the party, the kind of party and the current status. The party's
    choices are the parties of the scorecard's own commitments."""

    party = django_filters.ChoiceFilter(
        label="Party", field_name="party__code", empty_label="Any party"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of party",
        field_name="party__kind",
        choices=Kind.choices,
        empty_label="Any kind",
    )
    status = django_filters.ChoiceFilter(
        label="Status now",
        method="in_status",
        choices=list(LABELS.items()),
        empty_label="Any status",
    )

    class Meta:
        model = Commitment
        fields = ["party", "kind", "status"]

    def __init__(self, data=None, *args, queryset=None, **kwargs):
        super().__init__(data, *args, queryset=queryset, **kwargs)
        parties = Organisation.objects.filter(pk__in=queryset.values("party_id"))
        self.filters["party"].extra["choices"] = list(
            parties.order_by(*by_name()).values_list("code", "name")
        )

    def in_status(self, queryset, name, value):
        current = CommitmentStatus.objects.current().filter(status=value)
        return queryset.filter(pk__in=current.values("commitment_id"))

    @property
    def active(self) -> bool:
        """Whether any filter is chosen (the panel starts open then)."""
        return any(self.data.get(name) for name in self.filters)


def commitment_filter(params, commitments) -> CommitmentFilter:
    return CommitmentFilter(params, queryset=commitments)
