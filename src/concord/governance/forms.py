"""The forms of the transitions; pages render them with NHS.UK error summaries."""

from django import forms

from .models import Meeting
from .models.choices import Outcome, Stance


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Reason")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea,
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
        widget=forms.Textarea,
        label="Reason",
        help_text="Needed for an objection; welcome for any position",
    )

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
        widget=forms.Textarea,
        error_messages={"required": "Say what the amendment changes"},
    )
    problem = forms.CharField(widget=forms.Textarea, label="The problem")
    strategy = forms.CharField(widget=forms.Textarea, label="The proposed strategy")


class DecisionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Meeting",
        empty_label=None,
        error_messages={"required": "Choose the meeting that decided"},
    )
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect, label="Outcome")
    acting_for = forms.TypedChoiceField(required=False, coerce=int, label="For which body")
    notes = forms.CharField(required=False, widget=forms.Textarea, label="Notes for the minutes")

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
        required=False, widget=forms.Textarea, label="Minutes", help_text="Markdown"
    )
