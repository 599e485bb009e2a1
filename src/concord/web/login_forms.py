"""The forms that set a password, your own or after a reset: Django's, with this service's
rules (a person's login is given and kept with concord.organisations.login_forms)."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm

from concord.access.actions import PASSWORD_RULES

__all__ = ["NewPasswordForm", "ServicePasswordRules"]


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
