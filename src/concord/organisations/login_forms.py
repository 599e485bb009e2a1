"""The forms with which administrators give a person a login and keep it: each feeds one
action (concord.access.actions), which checks what the form cannot (the permission, a taken
username, the password's strength); its refusal comes back as the form's error."""

from django import forms

from concord.access.roles import ADMIN, EDITOR, VIEWER

__all__ = ["CloseForm", "LoginForm", "RoleForm"]

ROLE_CHOICES = [
    (VIEWER, "Viewer: reads the registry, agreements and figures"),
    (EDITOR, "Editor: changes things for the organisations where they hold a post"),
    (ADMIN, "Admin: sets things up, including logins"),
]
ANALYST_LABEL = "Analyst: sees raw counts, before disclosure control"


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        help_text="What they type to sign in, for example jsmith",
        error_messages={"required": "Enter a username"},
    )
    email = forms.EmailField(
        required=False,
        label="Email address (optional)",
        error_messages={"invalid": "Enter an email address like name@example.nhs.uk"},
    )
    role = _role_field()
    analyst = forms.BooleanField(required=False, label=ANALYST_LABEL)
    password = forms.CharField(
        label="Temporary password",
        help_text="At least 12 characters. Tell them it, and they change it once signed in.",
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        error_messages={"required": "Enter a temporary password"},
    )


class RoleForm(forms.Form):
    role = _role_field()
    analyst = forms.BooleanField(required=False, label=ANALYST_LABEL)


class CloseForm(forms.Form):
    """Nothing to fill in: the button confirms it."""
