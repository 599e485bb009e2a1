"""The forms of the transitions; pages render them with NHS.UK error summaries."""

from django import forms

from concord.organisations.models import Organisation
from concord.web.forms import Textarea, date_field

from . import representation as rep
from .models import AgendaItem, Meeting, Proposal
from .models.choices import ActionStatus, ItemKind, Outcome, Stance

__all__ = [
    "ActionUpdateForm",
    "AgendaItemForm",
    "AmendForm",
    "AttendanceForm",
    "DecisionForm",
    "MeetingActionForm",
    "MinutesForm",
    "MoveItemForm",
    "PlanMeetingsForm",
    "PositionForm",
    "ReasonForm",
    "ScheduleForm",
    "WithdrawForm",
    "person_choice",
]


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, widget=Textarea, label="Reason")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=Textarea,
        label="Why is the proposal withdrawn?",
        error_messages={"required": "Give a reason for withdrawing the proposal"},
    )


class PositionForm(forms.Form):
    seat = forms.TypedChoiceField(
        coerce=int,
        label="Seat",
        error_messages={"required": "Choose the seat whose position this is"},
    )
    stance = forms.ChoiceField(
        choices=Stance.choices,
        label="Position",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a position"},
    )
    reason = forms.CharField(
        required=False,
        widget=Textarea,
        label="Reason",
        help_text="Needed for an objection; welcome for any position",
    )
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)  # newest entry shown

    def __init__(self, *args, seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].choices = [(s.pk, s.organisation.name) for s in seats]

    def clean(self):
        data = super().clean()
        if data.get("stance") == Stance.OBJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give a reason for the objection")
        return data


class AmendForm(forms.Form):
    change_summary = forms.CharField(
        label="What does this amendment change?",
        widget=Textarea,
        error_messages={"required": "Say what the amendment changes"},
    )
    problem = forms.CharField(widget=Textarea, label="The problem")
    strategy = forms.CharField(widget=Textarea, label="The proposed strategy")
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)  # version amended


class DecisionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Meeting",
        empty_label=None,
        error_messages={"required": "Choose the meeting that decided"},
    )
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Outcome")
    acting_for = forms.TypedChoiceField(required=False, coerce=int, label="For which body")
    notes = forms.CharField(required=False, widget=Textarea, label="Notes for the minutes")

    def __init__(self, *args, forum=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = forum.meetings.filter(status="held").order_by("-date")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.date:%-d %B %Y}"
        bodies = list(forum.acts_for.all()) if forum.is_joint else []
        self.fields["acting_for"].choices = [(o.pk, o.name) for o in bodies]
        if not bodies:
            del self.fields["acting_for"]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        required=False, widget=Textarea, label="Minutes", help_text="Markdown"
    )
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)  # change shown


# -- meetings: planning ahead, scheduling, attendance, agenda, actions ------------------------


class PlanMeetingsForm(forms.Form):
    first = date_field("Date of the first meeting")
    count = forms.IntegerField(
        label="How many meetings?",
        min_value=1,
        max_value=24,
        error_messages={
            "required": "Enter how many meetings to plan",
            "invalid": "Enter a whole number of meetings",
            "min_value": "Plan at least 1 meeting",
            "max_value": "Plan at most 24 meetings at a time",
        },
    )


class ScheduleForm(forms.Form):
    date = date_field("Date of the meeting")
    location = forms.CharField(required=False, max_length=200, label="Where (optional)")


def person_choice(people, label: str, required: bool = True, empty: str = ""):
    field = forms.ModelChoiceField(
        queryset=people,
        label=label,
        required=required,
        empty_label=empty or None,
        error_messages={"required": f"Choose {label.lower()}"},
    )
    field.label_from_instance = lambda person: person.name
    return field


class AttendanceForm(forms.Form):
    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        forum = meeting.forum
        self.fields["person"] = person_choice(rep.forum_people(forum, meeting.date), "Who attended")
        seat = forms.ModelChoiceField(
            queryset=forum.seats.in_force(meeting.date).select_related("organisation"),
            label="On behalf of which seat",
            required=False,
            empty_label="No seat: in attendance",
        )
        seat.label_from_instance = lambda s: s.organisation.name
        self.fields["seat"] = seat


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        max_length=255, label="Title", error_messages={"required": "Enter the item's title"}
    )
    kind = forms.ChoiceField(
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        label="Kind of item",
        error_messages={"required": "Choose the kind of item"},
    )
    proposal = forms.ModelChoiceField(
        queryset=Proposal.objects.none(),
        required=False,
        label="Linked proposal",
        empty_label="No proposal",
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        live = meeting.forum.proposals.exclude(status__in=("withdrawn", "superseded"))
        self.fields["proposal"].queryset = live

    def clean(self):
        data = super().clean()
        if data.get("kind") == ItemKind.FOR_DECISION and not data.get("proposal"):
            self.add_error("proposal", "Choose the proposal an item for decision decides")
        return data


class MoveItemForm(forms.Form):
    item = forms.ModelChoiceField(queryset=AgendaItem.objects.none())
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()


class MeetingActionForm(forms.Form):
    description = forms.CharField(
        widget=Textarea, label="Action", error_messages={"required": "Say what the action is"}
    )
    owner_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Owner organisation",
        empty_label="Choose an organisation",
        error_messages={"required": "Choose the organisation that owns the action"},
    )
    due = date_field("Due date", required=False)
    item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        label="Linked agenda item",
        empty_label="No item",
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        forum = meeting.forum
        self.fields["owner_organisation"].queryset = rep.forum_organisations(forum)
        self.fields["owner_organisation"].label_from_instance = lambda o: o.name
        self.fields["owner_person"] = person_choice(
            rep.forum_people(forum, meeting.date), "Owner (person)", False, "No one named"
        )
        self.order_fields(["description", "owner_organisation", "owner_person", "due", "item"])
        self.fields["item"].queryset = meeting.items.all()


class ActionUpdateForm(MeetingActionForm):
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect)
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)  # change shown
