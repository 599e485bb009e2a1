"""Drafting a proposal and its proposed commitments: the forms behind the draft page and the
commitments of an amendment. Widgets carry the NHS.UK classes; errors add the error modifiers."""

from django import forms

from concord.indicators.models import Indicator
from concord.organisations.models import Organisation
from concord.organisations.names import by_name
from concord.web.forms import Textarea, date_field

from . import representation as rep

__all__ = [
    "AGREED_NEEDS",
    "BaseCommitmentFormSet",
    "CommitmentForm",
    "DraftForm",
    "ERROR_CLASSES",
    "NHSForm",
    "WIDGET_CLASSES",
    "commitment_formset",
    "commitment_initial",
    "organisation",
]

WIDGET_CLASSES = {
    forms.Select: "nhsuk-select",
    Textarea: "nhsuk-textarea",
    forms.TextInput: "nhsuk-input",
    forms.NumberInput: "nhsuk-input nhsuk-input--width-10",
    forms.CheckboxInput: "nhsuk-checkboxes__input",
}
ERROR_CLASSES = {
    "nhsuk-select": "nhsuk-select--error",
    "nhsuk-textarea": "nhsuk-textarea--error",
    "nhsuk-input": "nhsuk-input--error",
}


class NHSForm(forms.Form):
    """A form whose widgets render in the NHS.UK style, with error modifiers after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = WIDGET_CLASSES.get(type(field.widget), "")
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "").split(" ")[0]
                if base in ERROR_CLASSES:
                    widget.attrs["class"] += f" {ERROR_CLASSES[base]}"


def _organisation_groups(forum) -> list:
    """The forum's own organisations (seats, the bodies it acts for, the secretariat) first, then
    every other organisation in the registry: any of them can be a party."""
    own = list(rep.forum_organisations(forum).values_list("pk", "name"))
    others = Organisation.objects.exclude(pk__in=[pk for pk, _ in own]).order_by(*by_name())
    return [
        ("", "Choose an organisation"),
        ("Organisations of this forum", own),
        ("Other organisations", list(others.values_list("pk", "name"))),
    ]


def organisation(pk) -> Organisation:
    return Organisation.objects.get(pk=pk)


def _author_choices(user) -> list:
    """The user's own organisations, by their posts (concord.access.posts): no one, an
    administrator included, puts a proposal for an organisation they hold no post in."""
    choices = [(o.pk, o.name) for o in rep.organisations_of(user)]
    return [("", "Choose an organisation"), *choices]


class DraftForm(NHSForm):
    title = forms.CharField(
        max_length=255, label="Title", error_messages={"required": "Enter the proposal's title"}
    )
    condition = forms.CharField(
        max_length=100,
        required=False,
        label="Programme or condition (optional)",
        help_text="For example, dementia",
    )
    author_organisation = forms.TypedChoiceField(
        coerce=organisation,
        label="Put by which organisation",
        help_text="One of the organisations you hold a post in",
        error_messages={"required": "Choose the organisation putting the proposal"},
    )
    problem = forms.CharField(
        widget=Textarea(attrs={"rows": 5}),
        label="The problem",
        error_messages={"required": "Describe the problem the proposal addresses"},
    )
    strategy = forms.CharField(
        widget=Textarea(attrs={"rows": 5}),
        label="The proposed strategy",
        error_messages={"required": "Describe the proposed strategy"},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author_organisation"].choices = _author_choices(user)


def _trajectory_lines(points) -> str:
    return "\n".join(f"{p['period']}: {p['target']:g}" for p in points or ())


def _parse_trajectory(text: str) -> list[dict]:
    """'2021-22: 66.7' lines to [{"period": "2021-22", "target": 66.7}]."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [_trajectory_point(line) for line in lines]


def _trajectory_point(line: str) -> dict:
    period, _, target = line.partition(":")
    try:
        if period.strip():
            return {"period": period.strip(), "target": float(target)}
    except ValueError:
        pass
    raise forms.ValidationError(f"Write “{line}” as period: target, for example 2021-22: 66.7")


def _number_field(label: str) -> forms.FloatField:
    return forms.FloatField(
        required=False,
        label=label,
        error_messages={"invalid": f"Enter the {label.lower()} as a number"},
    )


AGREED_NEEDS = "For example, 31 3 2023. Needed before the proposal can be agreed"


class CommitmentForm(NHSForm):
    party = forms.TypedChoiceField(
        coerce=organisation,
        label="Party",
        help_text="The organisation that commits; the commissioner can commit too",
        error_messages={"required": "Choose the party that commits"},
    )
    what = forms.CharField(
        widget=Textarea(attrs={"rows": 2}),
        label="What it will do",
        error_messages={"required": "Say what the party will do"},
    )
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.order_by("title"),
        required=False,
        label="Indicator",
        empty_label="No indicator yet",
    )
    baseline_value = _number_field("Baseline value")
    baseline_period = forms.CharField(
        max_length=20, required=False, label="Baseline period", help_text="For example, 2019-20"
    )
    target = _number_field("Target")
    trajectory = forms.CharField(
        widget=Textarea(attrs={"rows": 3}),
        required=False,
        label="Trajectory",
        help_text="One line for each period, as period: target. For example, 2021-22: 66.7",
    )
    start = date_field("Start date", required=False)
    due = date_field("Due date", required=False, help_text=AGREED_NEEDS)
    review = date_field("Review date", required=False, help_text=AGREED_NEEDS)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = parties
        self.fields["indicator"].label_from_instance = lambda i: i.title

    def clean_trajectory(self):
        return _parse_trajectory(self.cleaned_data["trajectory"])

    def clean(self):
        data = super().clean()
        value, period = data.get("baseline_value"), data.get("baseline_period")
        if value is not None and not period:
            self.add_error("baseline_period", "Enter the period of the baseline")
        if period and value is None and "baseline_value" not in self.errors:
            self.add_error("baseline_value", "Enter the baseline value for that period")
        start, due = data.get("start"), data.get("due")
        if start and due and due < start:
            self.add_error("due", "The due date must be on or after the start date")
        return data

    def terms(self) -> dict:
        """The commitment's terms as the actions take them."""
        data = dict(self.cleaned_data)
        indicator = data.pop("indicator", None)
        data.pop("DELETE", None)
        return {**data, "indicators": [indicator] if indicator else []}


class BaseCommitmentFormSet(forms.BaseFormSet):
    def terms(self) -> list[dict]:
        """The commitments of the rows kept (and the blank rows filled in), in order."""
        kept = [
            form
            for n, form in enumerate(self.forms)
            if (n < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
        ]
        return [form.terms() for form in kept]


CommitmentFormSet = forms.formset_factory(
    CommitmentForm,
    formset=BaseCommitmentFormSet,
    extra=2,
    can_delete=True,
    max_num=40,
    absolute_max=40,
)


def commitment_formset(forum, data=None, initial=None, extra: int | None = None):
    """Rows for proposed commitments; blank rows are ignored."""
    formset = CommitmentFormSet(
        data,
        initial=initial,
        prefix="commitments",
        form_kwargs={"parties": _organisation_groups(forum)},
    )
    if extra is not None:
        formset.extra = extra
    return formset


def commitment_initial(commitment) -> dict:
    """A proposed commitment as initial values for a row of the formset."""
    terms = commitment.terms()
    first = commitment.indicators.first()
    return {
        **terms,
        "party": terms["party"].pk,
        "indicator": first.pk if first else None,
        "trajectory": _trajectory_lines(terms["trajectory"]),
    }
