"""The forms that set a forum up (terms of reference, seats, representatives) and the bulk forms
of a meeting and a proposal (attendance for every seat, the chair's positions board)."""

from django import forms
from django.utils.timezone import localdate

from concord.access.roles import ADMIN, has_role
from concord.organisations.models import Organisation, Person
from concord.organisations.names import by_name
from concord.web.forms import Textarea, date_field

from . import representation as rep
from .forms import person_choice
from .models.choices import ActionStatus, Cadence, DecisionRule, ForumKind, Stance
from .rules import secretariats_staffed

__all__ = [
    "ActionStatusForm",
    "EndSeatForm",
    "NewForumForm",
    "RepresentativeForm",
    "SeatForm",
    "TermsForm",
    "attendance_form",
    "positions_form",
]


def _organisation_choice(queryset, label: str, required: bool = False, empty: str = "None"):
    field = forms.ModelChoiceField(
        queryset=queryset, label=label, required=required, empty_label=empty
    )
    field.label_from_instance = lambda o: o.name
    return field


class TermsForm(forms.Form):
    """A forum's terms of reference, as set when it is created and changed afterwards."""

    name = forms.CharField(
        max_length=200, label="Name", error_messages={"required": "Enter the forum's name"}
    )
    kind = forms.ChoiceField(choices=ForumKind.choices, label="Kind of forum")
    quorum_min_seats = forms.IntegerField(
        min_value=1,
        label="Quorum: at least how many seats represented?",
        error_messages={
            "required": "Enter the quorum",
            "invalid": "Enter the quorum as a whole number of seats",
            "min_value": "A quorum is at least 1 seat",
        },
    )
    decision_rule = forms.ChoiceField(
        choices=DecisionRule.choices, widget=forms.RadioSelect, label="Decision rule"
    )
    silence_is_consent = forms.TypedChoiceField(
        choices=[
            ("no", "No: every seat answers"),
            ("yes", "Yes: a seat that has not answered consents"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label="Is silence consent?",
    )
    cadence = forms.ChoiceField(choices=Cadence.choices, label="Meets")
    purpose = forms.CharField(required=False, widget=Textarea, label="Purpose")
    acts_for = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="The bodies a joint committee decides for",
        help_text="Only for a joint committee: it records a separate decision for each",
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)  # change shown

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        statutory = Organisation.objects.exclude(kind="forum_secretariat").order_by(*by_name())
        bodies = statutory.filter(kind__in=("icb", "ccg", "local_authority"))
        self.fields["acts_for"].queryset = bodies
        self.fields["acts_for"].label_from_instance = lambda o: o.name
        people = (
            rep.forum_people(forum, localdate()) if forum else Person.objects.order_by(*by_name())
        )
        self.fields["chair"] = person_choice(people, "Chair", False, "No chair yet")
        self.order_fields(["name", "kind", "chair"])

    def clean(self):
        data = super().clean()
        if data.get("acts_for") and data.get("kind") != ForumKind.JOINT_COMMITTEE:
            self.add_error("acts_for", "Only a joint committee decides for other bodies")
        return data


class NewForumForm(TermsForm):
    organisation = _organisation_choice(
        Organisation.objects.none(), "Secretariat organisation", empty="No secretariat"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        secretariats = Organisation.objects.filter(kind="forum_secretariat").order_by(*by_name())
        if not has_role(user, ADMIN):  # an editor sets a forum up for a secretariat they staff
            secretariats = secretariats_staffed(user).order_by(*by_name())
            self.fields["organisation"].required = True
            self.fields["organisation"].error_messages["required"] = "Choose the secretariat"
            self.fields["organisation"].empty_label = "Choose the secretariat"
        self.fields["organisation"].queryset = secretariats
        del self.fields["based_on"]


class SeatForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        label="Organisation's ODS code",
        error_messages={"required": "Enter the organisation's ODS code"},
    )
    required = forms.BooleanField(required=False, label="Required for quorum")
    start = date_field("Start date", required=False, help_text="For example, 1 4 2021")

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        organisation = Organisation.objects.filter(code__iexact=code).first()
        if organisation is None:
            raise forms.ValidationError(f"No organisation has the code {code}")
        return organisation


class EndSeatForm(forms.Form):
    end = date_field("Last day of the seat", name="The seat's last day")

    def __init__(self, *args, seat=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.seat = seat


class RepresentativeForm(forms.Form):
    start = date_field("Start date", required=False, help_text="For example, 1 4 2021")
    end = date_field("End date (optional)", required=False, name="End date")

    def __init__(self, *args, forum=None, on=None, **kwargs):
        super().__init__(*args, **kwargs)
        seats = forum.seats.in_force(on).select_related("organisation")
        self.fields["seat"] = _organisation_choice(seats, "Seat", True, "Choose a seat")
        self.fields["seat"].label_from_instance = lambda s: s.organisation.name
        self.fields["seat"].error_messages["required"] = "Choose the seat"
        self.fields["person"] = person_choice(
            rep.forum_people(forum, on), "Who sits for it", True, "Choose a person"
        )
        self.order_fields(["seat", "person", "start", "end"])


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, label="Status")


def attendance_form(meeting, seats, data=None) -> forms.Form:
    """A choice per seat in force: who sat for it at the meeting, or no one."""
    recorded = {a.seat_id: a.person_id for a in meeting.attendance.filter(seat__isnull=False)}
    form = forms.Form(data, prefix="seat")
    for seat, people in seats:
        choices = [("", "Not represented"), *((p.pk, p.name) for p in people)]
        form.fields[str(seat.pk)] = forms.TypedChoiceField(
            choices=choices,
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            label=seat.organisation.name,
            initial=recorded.get(seat.pk, ""),
        )
    return form


def positions_form(seats, data=None) -> forms.Form:
    """For each seat that has not answered: the position the chair records for it, and why."""
    form = forms.Form(data, prefix="seat")
    choices = [("", "Not now"), *Stance.choices]
    for seat in seats:
        form.fields[f"{seat.pk}-stance"] = forms.ChoiceField(
            choices=choices, required=False, widget=forms.RadioSelect, label=seat.organisation.name
        )
        form.fields[f"{seat.pk}-reason"] = forms.CharField(
            required=False, widget=Textarea, label=f"Reason ({seat.organisation.name})"
        )
    form.fields["seen"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
    return form
