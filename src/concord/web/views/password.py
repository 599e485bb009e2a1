"""Changing your own password, once signed in (a person's login is kept from their page:
concord.organisations.views.logins)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from ..login_forms import NewPasswordForm

__all__ = ["change_password", "password_changed"]

change_password = auth_views.PasswordChangeView.as_view(
    template_name="registration/password_change.html",
    form_class=NewPasswordForm,
    success_url=reverse_lazy("password-changed"),
)
password_changed = auth_views.PasswordChangeDoneView.as_view(
    template_name="registration/password_changed.html"
)
