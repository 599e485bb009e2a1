"""Forms of the registry's pages; templates render them in the NHS.UK style."""

import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from concord.organisations.kinds import Kind
from concord.organisations.models import Organisation

OPEN, CLOSED = "open", "closed"


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }


class DirectoryFilterForm(forms.Form):
    """Search and filters of the organisation directory. Every field may be left blank."""

    q = forms.CharField(required=False, label="Code, name or postcode")
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Kind.choices])
    within = forms.CharField(required=False, label="Within (organisation code)")
    as_at = forms.DateField(required=False, label="As at", help_text="For example, 2021-01-01")
    status = forms.ChoiceField(
        required=False,
        label="Open or closed",
        choices=[("", "Open or closed"), (OPEN, "Open"), (CLOSED, "Closed")],
    )

    def clean_within(self) -> Organisation | None:
        code = self.cleaned_data["within"].strip().upper()
        if not code:
            return None
        try:
            return Organisation.objects.get(code=code)
        except Organisation.DoesNotExist:
            raise forms.ValidationError(f"No organisation has the code {code}") from None

    def organisations(self, today: dt.date):
        """The organisations that match, sorted by name, each with its status on the date."""
        data = self.cleaned_data
        as_at = data.get("as_at") or today
        found = Organisation.objects.with_status_on(as_at).search(data.get("q") or "")
        if data.get("kind"):
            found = found.of_kind(data["kind"])
        if data.get("within"):
            found = found.within(data["within"], as_at=as_at)
        if data.get("status") == OPEN:
            found = found.open_on(as_at)
        elif data.get("status") == CLOSED:
            found = found.exclude(pk__in=Organisation.objects.open_on(as_at).values("pk"))
        return found.order_by("name", "code")


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        required=False, label="Links and members as at", help_text="For example, 2021-01-01"
    )

    def as_at_or(self, today: dt.date) -> dt.date:
        return (self.cleaned_data.get("as_at") if self.is_valid() else None) or today
