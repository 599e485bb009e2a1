"""Resetting a forgotten password by email: Django's reset views, with NHS.UK pages and this
service's rules for a new password. The request page answers the same whether the address is
known or not, so it tells nobody who has a login."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.urls import path, reverse_lazy

from .login_forms import ServicePasswordRules


class ResetPasswordForm(ServicePasswordRules, SetPasswordForm):
    """Choosing a new password from the emailed link: the same rules as changing it."""


urlpatterns = [
    path(
        "",
        auth_views.PasswordResetView.as_view(
            template_name="registration/reset_request.html",
            email_template_name="registration/reset_email.txt",
            subject_template_name="registration/reset_subject.txt",
            success_url=reverse_lazy("password-reset-sent"),
        ),
        name="password-reset",
    ),
    path(
        "sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/reset_choose.html",
            form_class=ResetPasswordForm,
            success_url=reverse_lazy("password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/reset_done.html"),
        name="password-reset-complete",
    ),
]
