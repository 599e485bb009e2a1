"""The forms of the contract page: adding a KPI, recording a variation, recording the decision on
renewal and changing the status; for a Section 75 pooled budget, adding a contribution, a spend
line and a metric. Each form feeds one action, which decides whether the change is
allowed; the refusals it knows are shown by the field they concern."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When

from concord.governance.models import Commitment, Decision
from concord.governance.models.choices import Outcome
from concord.indicators.models import Indicator
from concord.organisations.kinds import COMMISSIONER_KINDS, PROVIDER_KINDS
from concord.organisations.models import Organisation
from concord.web.forms import Textarea, date_field

from .actions.common import financial_year
from .errors import ContractError
from .models import Contract
from .models.choices import Comparison, ContractStatus, MeasurementPeriod

__all__ = [
    "BudgetMetricForm",
    "CommitmentField",
    "ContractForm",
    "ContributionForm",
    "DecisionField",
    "FOR_EXAMPLE",
    "IndicatorField",
    "KPIForm",
    "OrganisationField",
    "PooledForm",
    "PoundsField",
    "RenewalForm",
    "SpendLineForm",
    "StatusForm",
    "VariationForm",
    "commitment_label",
    "commitments_in_force",
    "decision_label",
    "decisions",
    "leads",
    "partners",
    "pounds",
]


def decision_label(decision: Decision) -> str:
    body = f", for {decision.acting_for.name}" if decision.acting_for_id else ""
    meeting = decision.meeting
    return (
        f"{decision.version.proposal.title}: {meeting.forum.name}, {meeting.date:%-d %B %Y}"
        f" ({decision.get_outcome_display().lower()}{body})"
    )


def commitment_label(commitment: Commitment) -> str:
    what = commitment.what if len(commitment.what) <= 90 else f"{commitment.what[:89]}…"
    return f"{commitment.party.name}: {what} ({commitment.agreement.title})"


class DecisionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return decision_label(obj)


class CommitmentField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return commitment_label(obj)


class IndicatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PoundsField(forms.DecimalField):
    """An amount in pounds, as people write it: £1,200,000 or 1200000."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


def decisions():
    return Decision.objects.select_related(
        "version__proposal", "meeting__forum", "acting_for"
    ).order_by("-meeting__date", "-pk")


def _agreed_decisions():
    """The decisions a variation may cite: those agreed, latest first."""
    return decisions().filter(outcome=Outcome.AGREED)


def commitments_in_force(contract: Contract):
    """Commitments whose agreement is in force, those of the contract's parties first."""
    parties = list(contract.party_links.values_list("organisation_id", flat=True))
    first = Case(
        When(party_id__in=parties, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Commitment.objects.in_force()
        .select_related("party", "agreement")
        .annotate(first=first)
        .order_by("first", "party__name", "pk")
    )


def partners(contract: Contract):
    """The organisations party to the contract: the partners of a pooled budget."""
    parties = contract.party_links.values("organisation_id")
    return Organisation.objects.filter(pk__in=parties).order_by("name")


def leads(contract: Contract):
    """Organisations that may lead a line of spend: the contract's parties first, then the other
    commissioners and providers."""
    parties = list(contract.party_links.values_list("organisation_id", flat=True))
    first = Case(When(pk__in=parties, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        Organisation.objects.filter(
            Q(pk__in=parties) | Q(kind__in=(*COMMISSIONER_KINDS, *PROVIDER_KINDS))
        )
        .annotate(first=first)
        .order_by("first", "name", "pk")
    )


class ContractForm(forms.Form):
    """A form of the contract page: the refusals of its action are placed by their fields."""

    RADIOS: tuple[str, ...] = ()
    REFUSALS: dict[str, str] = {}  # words of an action's message -> the field it concerns

    def anchor(self, name: str) -> str:
        """Where the error summary links for a field: the first radio of a group."""
        return f"{self[name].html_name}-1" if name in self.RADIOS else self[name].auto_id

    def terms(self) -> dict:
        """The change as its action takes it (by default the cleaned fields, by name)."""
        return dict(self.cleaned_data)

    def refused(self, message: str) -> None:
        for words, name in self.REFUSALS.items():
            if words in message and name in self.fields:
                self.add_error(name, message)
                return
        self.add_error(None, message)


class KPIForm(ContractForm):
    code = forms.CharField(
        max_length=30,
        label="KPI number",
        help_text="Its number in the contract's schedule, for example DEM-2",
        error_messages={"required": "Enter the KPI's number"},
    )
    name = forms.CharField(
        max_length=255,
        label="Name of the KPI",
        error_messages={"required": "Enter the name of the KPI"},
    )
    indicator = IndicatorField(
        queryset=Indicator.objects.none(),
        label="Indicator",
        help_text="What measures the KPI",
        empty_label="Choose an indicator",
        error_messages={
            "required": "Choose the indicator that measures the KPI",
            "invalid_choice": "Choose an indicator from the list",
        },
    )
    comparison = forms.ChoiceField(
        choices=Comparison.choices,
        initial=Comparison.AT_LEAST,
        label="The indicator must be",
        error_messages={
            "required": "Say whether the indicator must be at least or at most the threshold",
            "invalid_choice": "Say whether the indicator must be at least or at most the threshold",
        },
    )
    threshold = forms.FloatField(
        label="Threshold",
        help_text="For example 66.7",
        error_messages={
            "required": "Enter the threshold",
            "invalid": "Enter the threshold as a number, for example 66.7",
        },
    )
    measurement_period = forms.ChoiceField(
        choices=MeasurementPeriod.choices,
        label="Measured",
        error_messages={
            "required": "Choose how often the KPI is measured",
            "invalid_choice": "Choose how often the KPI is measured",
        },
    )
    consequence = forms.CharField(
        widget=Textarea,
        label="Consequence of a breach",
        help_text="What follows when the threshold is not met",
        error_messages={"required": "Say what follows a breach of the KPI"},
    )
    commitment = CommitmentField(
        queryset=Commitment.objects.none(),
        label="Commitment it serves",
        help_text="The agreed commitment the KPI carries. Commitments of this contract's "
        "parties come first.",
        empty_label="Choose a commitment",
        error_messages={
            "required": "Choose the commitment the KPI serves",
            "invalid_choice": "Choose a commitment in force from the list",
        },
    )
    RADIOS = ("comparison", "measurement_period")
    REFUSALS = {
        "already has a KPI": "code",
        "That commitment's agreement": "commitment",
        "Say what follows a breach": "consequence",
    }

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("title")
        self.fields["commitment"].queryset = commitments_in_force(contract)


FOR_EXAMPLE = "For example, 1 4 2024"


class VariationForm(ContractForm):
    description = forms.CharField(
        widget=Textarea,
        label="What the variation changes",
        error_messages={"required": "Say what the variation changes"},
    )
    effective_from = date_field(
        "Takes effect from", name="The date the variation takes effect", help_text=FOR_EXAMPLE
    )
    decision = DecisionField(
        queryset=Decision.objects.none(),
        required=False,
        label="The agreed decision that justifies it",
        help_text="Decisions a forum agreed, latest first",
        empty_label="Choose a decision",
        error_messages={"invalid_choice": "Choose an agreed decision from the list"},
    )
    new_end = date_field(
        "New end date (optional)",
        required=False,
        name="The new end date",
        help_text="Leave blank if the end date does not change. For example, 31 3 2025",
    )
    new_annual_value = PoundsField(
        required=False,
        max_digits=14,
        decimal_places=2,
        label="New annual value in pounds (optional)",
        help_text="Leave blank if the value does not change",
        error_messages={
            "invalid": "Enter the new annual value as an amount in pounds, for example 1200000",
            "max_digits": "Enter an annual value under £1,000,000,000,000",
            "max_decimal_places": "Enter the annual value to the penny at most",
            "max_whole_digits": "Enter an annual value under £1,000,000,000,000",
        },
    )
    new_status = forms.ChoiceField(
        choices=[("", "No change"), *ContractStatus.choices],
        required=False,
        initial="",
        label="New status (optional)",
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    new_title = forms.CharField(
        max_length=255,
        required=False,
        label="New title (optional)",
        help_text="Leave blank if the title does not change",
    )
    REFUSALS = {
        "A variation is justified by an agreed decision": "decision",
        "Say what the variation changes": "description",
        "A contract ends on or after": "new_end",
        "The annual value cannot be negative": "new_annual_value",
        "This contract's value is split": "new_annual_value",
    }
    CHANGES = {"new_end": "end", "new_annual_value": "annual_value", "new_status": "status"}

    def __init__(self, *args, sees_values: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = _agreed_decisions()
        if not sees_values:
            del self.fields["new_annual_value"]

    def terms(self) -> dict:
        """The variation as `vary_contract` takes it: only the terms that change."""
        data = self.cleaned_data
        changes = {
            term: data[name]
            for name, term in self.CHANGES.items()
            if data.get(name) not in (None, "")
        }
        if title := data["new_title"].strip():
            changes["title"] = title
        return {
            "description": data["description"],
            "effective_from": data["effective_from"],
            "decision": data["decision"],
            **changes,
        }


class RenewalForm(ContractForm):
    renewal_decision = DecisionField(
        queryset=Decision.objects.none(),
        label="Decision on renewal",
        help_text="The forum's decision on whether to renew the contract when it ends, agreed "
        "or not. Latest first.",
        empty_label="Choose a decision",
        error_messages={
            "required": "Choose the decision on renewing the contract",
            "invalid_choice": "Choose a decision from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["renewal_decision"].queryset = decisions()

    def terms(self) -> dict:
        return {"decision": self.cleaned_data["renewal_decision"]}


class StatusForm(ContractForm):
    status = forms.ChoiceField(
        choices=ContractStatus.choices,
        label="Status",
        error_messages={
            "required": "Choose the contract's status",
            "invalid_choice": "Choose the contract's status from the list",
        },
    )
    RADIOS = ("status",)


def pounds(what: str, **kwargs) -> PoundsField:
    return PoundsField(
        max_digits=14,
        decimal_places=2,
        label="Amount in pounds",
        help_text="For example 250000",
        error_messages={
            "required": f"Enter the amount of the {what}",
            "invalid": f"Enter the amount of the {what} in pounds, for example 250000",
            "max_digits": "Enter an amount under £1,000,000,000,000",
            "max_decimal_places": "Enter the amount to the penny at most",
            "max_whole_digits": "Enter an amount under £1,000,000,000,000",
        },
        **kwargs,
    )


def _year_field() -> forms.CharField:
    return forms.CharField(
        label="Financial year",
        help_text="For example 2021-22",
        error_messages={"required": "Enter the financial year, for example 2021-22"},
    )


class PooledForm(ContractForm):
    """A form of a pooled budget: its ids are its own, as its field names recur on the page."""

    ID = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id=f"id_{self.ID}_%s", **kwargs)

    def clean_year(self):
        try:
            return financial_year(self.cleaned_data["year"].strip())
        except ContractError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ContributionForm(PooledForm):
    partner = OrganisationField(
        queryset=Organisation.objects.none(),
        label="Partner",
        help_text="A party of the agreement",
        empty_label="Choose a partner",
        error_messages={
            "required": "Choose the partner making the contribution",
            "invalid_choice": "Choose a partner from the list",
        },
    )
    year = _year_field()
    amount = pounds("contribution")
    ID = "contribution"
    REFUSALS = {
        "is not a partner in": "partner",
        "A financial year": "year",
        "already has a contribution for": "year",
        "cannot be negative": "amount",
    }

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners(contract)


class SpendLineForm(PooledForm):
    year = _year_field()
    description = forms.CharField(
        max_length=255,
        label="What it is spent on",
        error_messages={
            "required": "Say what the money is spent on",
            "max_length": "Say what the money is spent on in 255 characters or fewer",
        },
    )
    amount = pounds("spend line")
    lead = OrganisationField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Lead organisation (optional)",
        help_text="The contract's parties come first",
        empty_label="No lead",
        error_messages={"invalid_choice": "Choose a lead organisation from the list"},
    )
    commitment = CommitmentField(
        queryset=Commitment.objects.none(),
        required=False,
        label="Commitment it funds (optional)",
        help_text="Commitments of this contract's parties come first",
        empty_label="No commitment",
        error_messages={"invalid_choice": "Choose a commitment in force from the list"},
    )
    ID = "spend"
    REFUSALS = {"A financial year": "year", "cannot be negative": "amount"}

    def __init__(self, *args, contract: Contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = leads(contract)
        self.fields["commitment"].queryset = commitments_in_force(contract)


class BudgetMetricForm(PooledForm):
    indicator = IndicatorField(
        queryset=Indicator.objects.none(),
        label="Indicator",
        help_text="The metric the pooled budget is judged on",
        empty_label="Choose an indicator",
        error_messages={
            "required": "Choose the indicator the pooled budget is judged on",
            "invalid_choice": "Choose an indicator from the list",
        },
    )
    ambition = forms.FloatField(
        required=False,
        label="Ambition (optional)",
        help_text="The value aimed for, for example 650",
        error_messages={"invalid": "Enter the ambition as a number, for example 650"},
    )
    note = forms.CharField(
        max_length=255,
        required=False,
        label="Note (optional)",
        help_text="For example, Better Care Fund metric",
        error_messages={"max_length": "Write the note in 255 characters or fewer"},
    )
    ID = "metric"
    REFUSALS = {"is already a metric of": "indicator"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.order_by("title")
