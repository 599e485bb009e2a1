"""The forms with which administrators give a person a login and keep it: each feeds one
action (concord.access.actions), which checks what the form cannot (the permission, a taken
username, the password's strength); its refusal comes back as the form's error. And the
form with which everyone changes their own password."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm

from concord.access.actions import PASSWORD_RULES
from concord.access.roles import ADMIN, EDITOR, VIEWER

ROLE_CHOICES = [
    (VIEWER, "Viewer: reads the registry, agreements and figures"),
    (EDITOR, "Editor: changes things for the organisations where they hold a post"),
    (ADMIN, "Admin: sets things up, including logins"),
]
ANALYST_LABEL = "Analyst: sees raw counts, before disclosure control"


def role_field() -> forms.ChoiceField:
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
    role = role_field()
    analyst = forms.BooleanField(required=False, label=ANALYST_LABEL)
    password = forms.CharField(
        label="Temporary password",
        help_text="At least 12 characters. Tell them it, and they change it once signed in.",
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        error_messages={"required": "Enter a temporary password"},
    )


class RoleForm(forms.Form):
    role = role_field()
    analyst = forms.BooleanField(required=False, label=ANALYST_LABEL)


class CloseForm(forms.Form):
    """Nothing to fill in: the button confirms it."""


class ServicePasswordRules:
    """For Django's forms that set a password: this service's rules for a password
    (concord.access.actions.PASSWORD_RULES) however the settings configure Django's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = "At least 12 characters"

    def validate_password_for_user(self, user, password_field_name="new_password2"):
        super().validate_password_for_user(user, password_field_name)
        password = self.cleaned_data.get("new_password1")
        if password and not self.has_error(password_field_name):
            try:
                password_validation.validate_password(password, user, PASSWORD_RULES)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)


class NewPasswordForm(ServicePasswordRules, PasswordChangeForm):
    """Changing your own password: Django's form, with this service's rules."""
