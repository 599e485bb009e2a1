from django import forms

from .models import Delivery, Kind

__all__ = ["PreferencesForm"]


class PreferencesForm(forms.Form):
    """One choice per kind of email."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                error_messages={"required": f"Choose when to be told: {label.lower()}"},
            )
