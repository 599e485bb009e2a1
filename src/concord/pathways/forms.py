"""The forms of the programme and pathway pages: starting a programme, adding to its team and
ending a membership, drafting a version, adding a stage, and the buttons that remove a stage,
publish a draft or retire the published version. Each form feeds one action."""

import datetime as dt

from django import forms

from concord.governance.models import Commitment
from concord.indicators.models import Indicator
from concord.organisations.models import Organisation, Person
from concord.web.forms import OrganisationCodeField, Textarea, date_field

from .models import Condition, Pathway, Programme, TeamMember
from .scope import indicators_of, organisations_of, programme_commitments

__all__ = [
    "Checkbox",
    "ConfirmForm",
    "PathwayDraftForm",
    "EndMembershipForm",
    "LABELS",
    "ProgrammeForm",
    "RemoveStageForm",
    "StageForm",
    "TeamMemberForm",
    "draft_initial",
]


class ProgrammeForm(forms.Form):
    """Start a programme: `create_programme` checks that you act for the lead organisation."""

    name = forms.CharField(
        max_length=200, label="Name", error_messages={"required": "Enter the programme's name"}
    )
    condition = forms.ChoiceField(
        choices=[("", "Choose a condition"), *Condition.choices],
        label="Condition or population group",
        error_messages={"required": "Choose the condition the programme is for"},
    )
    lead_organisation = OrganisationCodeField(
        label="Lead organisation",
        what="the lead organisation",
        help_text="Its ODS code, for example 00Q. You hold a post in it.",
    )
    population = forms.CharField(
        max_length=255,
        required=False,
        label="Population (optional)",
        help_text="For example, people aged 65 and over",
    )
    purpose = forms.CharField(required=False, widget=Textarea, label="Purpose (optional)")

    def refused(self, message: str) -> None:
        """A programme of that name already exists: the name is what to change."""
        self.add_error("name", message)


class TeamMemberForm(forms.Form):
    """Add to the team: a person, on behalf of an organisation, in a role, from a date."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.order_by("name", "pk"),
        label="Person",
        empty_label="Choose a person",
        error_messages={
            "required": "Choose the person joining the team",
            "invalid_choice": "Choose a person from the list",
        },
    )
    on_behalf_of = OrganisationCodeField(label="On behalf of", what="the organisation")
    role = forms.CharField(
        max_length=200,
        label="Role",
        help_text="For example, clinical lead",
        error_messages={"required": "Enter the person's role in the team"},
    )
    start = date_field("Member from", name="The date they join")
    end = date_field("Member until (optional)", required=False, name="The date they leave")

    def refused(self, message: str) -> None:
        self.add_error("end" if "ends" in message else None, message)


class EndMembershipForm(forms.Form):
    """End a membership: one of today's team, and the last day they are a member."""

    member = forms.ModelChoiceField(
        queryset=TeamMember.objects.none(),
        label="Team member",
        empty_label="Choose a team member",
        error_messages={
            "required": "Choose whose membership ends",
            "invalid_choice": "That person is no longer in the team",
        },
    )
    end = date_field("Last day in the team", name="The last day in the team")

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, auto_id="id_ending_%s", **kwargs)
        self.fields["member"].queryset = team
        self.fields["member"].label_from_instance = lambda m: f"{m.person.name}, {m.role}"

    def refused(self, message: str) -> None:
        self.add_error("end", message)


class PathwayDraftForm(forms.Form):
    """A new version of a programme's pathway, drafted from the one in force (not a proposal's
    draft, concord.governance.proposal_forms.DraftForm)."""

    title = forms.CharField(
        max_length=255,
        label="Title",
        error_messages={"required": "Enter the title of the new version"},
    )
    summary = forms.CharField(
        required=False,
        widget=Textarea,
        label="Summary (optional)",
        help_text="What the pathway is for, and what this version changes",
    )


def draft_initial(programme: Programme) -> dict:
    """The title and summary of the latest version, to start the next one from."""
    latest = programme.pathways.latest_first().first()
    return {"title": latest.title, "summary": latest.summary} if latest else {}


class Checkbox:
    """One checkbox of a group: its id, value, label and whether it is ticked."""

    def __init__(self, id_, value, label, checked):
        self.id, self.value, self.label, self.checked = id_, value, label, checked


class StageForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Name of the stage",
        error_messages={"required": "Enter the name of the stage"},
    )
    standard = forms.CharField(
        widget=Textarea,
        label="Standard",
        help_text="What good looks like at this stage",
        error_messages={"required": "Describe what good looks like at this stage"},
    )
    responsible = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Responsible organisations",
        help_text="The organisations taking part in the programme. Choose at least one.",
        error_messages={"invalid_choice": "Choose organisations from the list"},
    )
    other_organisation = forms.CharField(
        max_length=20,
        required=False,
        label="Another responsible organisation (optional)",
        help_text="Its ODS code if it is not in the list, for example RRF",
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        required=False,
        label="Indicators (optional)",
        help_text="How the stage is measured",
        error_messages={"invalid_choice": "Choose indicators from the list"},
    )
    commitments = forms.ModelMultipleChoiceField(
        queryset=Commitment.objects.none(),
        required=False,
        label="Commitments (optional)",
        help_text="The agreed commitments that concern this stage",
        error_messages={"invalid_choice": "Choose commitments from the list"},
    )
    CHECKBOXES = ("responsible", "indicators", "commitments")

    def __init__(self, *args, programme: Programme, on: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = organisations_of(programme, on)
        self.fields["indicators"].queryset = Indicator.objects.order_by("title")
        commitments = programme_commitments(programme).select_related("party")
        self.fields["commitments"].queryset = commitments.order_by("party__name", "pk")
        self.own_indicators = set(indicators_of(programme).values_list("pk", flat=True))

    def clean_other_organisation(self):
        code = self.cleaned_data["other_organisation"].strip().upper()
        if not code:
            return None
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            raise forms.ValidationError(f"No organisation has the code {code}")
        return organisation

    def clean(self):
        data = super().clean()
        chosen = data.get("responsible")
        if "responsible" in data and not chosen and not data.get("other_organisation"):
            if "other_organisation" not in self.errors:
                self.add_error(
                    "responsible", "Choose at least one organisation responsible for the stage"
                )
        return data

    def terms(self) -> dict:
        """The stage as `add_stage` takes it."""
        data = self.cleaned_data
        responsible = list(data["responsible"])
        other = data["other_organisation"]
        if other is not None and other not in responsible:
            responsible.append(other)
        return {
            "name": data["name"],
            "standard": data["standard"],
            "responsible": responsible,
            "indicators": list(data["indicators"]),
            "commitments": list(data["commitments"]),
        }

    def checkbox_id(self, name: str, n: int = 1) -> str:
        return f"{self[name].auto_id}-{n}"

    def anchor(self, name: str) -> str:
        """Where the error summary links for a field: the first checkbox of a group."""
        return self.checkbox_id(name) if name in self.CHECKBOXES else self[name].auto_id

    def checkboxes(self, name: str, objects=None) -> list[Checkbox]:
        """The field's choices as checkboxes, numbered from 1 in the order given."""
        ticked = {str(v) for v in (self[name].value() or [])}
        label = LABELS[name]
        objects = self.fields[name].queryset if objects is None else objects
        return [
            Checkbox(self.checkbox_id(name, n), obj.pk, label(obj), str(obj.pk) in ticked)
            for n, obj in enumerate(objects, start=1)
        ]

    def responsible_boxes(self):
        return self.checkboxes("responsible")

    def commitment_boxes(self):
        return self.checkboxes("commitments")

    def indicator_groups(self) -> tuple[list[Checkbox], list[Checkbox]]:
        """The programme's own indicators first, then the others."""
        indicators = list(self.fields["indicators"].queryset)
        own = [i for i in indicators if i.pk in self.own_indicators]
        boxes = self.checkboxes("indicators", own + [i for i in indicators if i not in own])
        return boxes[: len(own)], boxes[len(own) :]


LABELS = {
    "responsible": lambda o: o.name,
    "indicators": lambda i: i.title,
    "commitments": lambda c: f"{c.party.name}: {c.what}",
}


class RemoveStageForm(forms.Form):
    stage = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": "Choose the stage to remove",
            "invalid_choice": "That stage is no longer in this version",
        },
    )

    def __init__(self, *args, pathway: Pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = pathway.stages.all()


class ConfirmForm(forms.Form):
    """A button: publish this version, or retire it. The action decides whether it may."""
