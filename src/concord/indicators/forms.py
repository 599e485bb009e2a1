"""The forms of the data submission pages."""

from django import forms

from concord.web.forms import Textarea

from .periods import PeriodInvalid
from .submissions.queries import period_of

__all__ = ["NewSubmissionForm", "StepForm", "ValuesForm"]

PERIOD_HINT = "A financial year (2021-22), a quarter (2021-22 Q4) or a month (2021-03)"


class NewSubmissionForm(forms.Form):
    """Whose figures, for which period, and the file (or none, to enter the values)."""

    organisation = forms.ChoiceField(label="Organisation")
    period = forms.CharField(label="Period", help_text=PERIOD_HINT)
    file = forms.FileField(
        label="File (optional)",
        required=False,
        help_text="A CSV or Excel file with the columns indicator, organisation, period, "
        "numerator, denominator (and published). Leave empty to enter the values instead.",
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        self.fields["organisation"].choices = [(o.code, o.name) for o in organisations]

    def clean_period(self):
        try:
            return period_of(self.cleaned_data["period"])
        except PeriodInvalid as error:
            raise forms.ValidationError(str(error)) from None

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]


class ValuesForm(forms.Form):
    """A numerator and a denominator for each of the organisation's own indicators."""

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"{indicator.code}-numerator"] = forms.CharField(
                label=f"{indicator.title}: numerator", required=False
            )
            self.fields[f"{indicator.code}-denominator"] = forms.CharField(
                label=f"{indicator.title}: denominator", required=False
            )

    def rows(self) -> list[dict]:
        """One row per indicator given a value; blank indicators are left out."""
        given = []
        for indicator in self.indicators:
            numerator = self.cleaned_data[f"{indicator.code}-numerator"].strip()
            denominator = self.cleaned_data[f"{indicator.code}-denominator"].strip()
            if numerator or denominator:
                given.append(
                    {
                        "indicator": indicator.code,
                        "numerator": numerator,
                        "denominator": denominator,
                    }
                )
        return given

    def clean(self):
        if self.indicators and not self.rows():
            raise forms.ValidationError("Enter the numerator and denominator of an indicator.")
        return self.cleaned_data


class StepForm(forms.Form):
    """Submit, approve, return or reject; a reason to return or reject."""

    step = forms.ChoiceField(
        choices=[(s, s) for s in ("submit", "approve", "return", "reject")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(required=False, widget=Textarea, label="Reason")
    reject = forms.BooleanField(required=False)  # the return form's second button

    def clean(self):
        data = super().clean()
        if data.get("reject") and data.get("step") == "return":
            data["step"] = "reject"
        return data
