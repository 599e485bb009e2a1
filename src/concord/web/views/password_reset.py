"""Password reset by email, for those who sign in with a password: Django's views with this
service's pages and rules. The request page answers the same whether or not the address is
known, so it tells nobody who has a login; the email's link starts with CONCORD_SITE_URL, the
address people reach Concord at, never with a host name taken from the request."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from ..login_forms import ResetPasswordForm


class RequestReset(auth_views.PasswordResetView):
    template_name = "registration/reset_request.html"
    email_template_name = "registration/reset_email.txt"
    subject_template_name = "registration/reset_email_subject.txt"
    success_url = reverse_lazy("password-reset-sent")

    @property
    def extra_email_context(self):
        return {"site_url": settings.CONCORD_SITE_URL}


request_reset = RequestReset.as_view()
reset_sent = auth_views.PasswordResetDoneView.as_view(template_name="registration/reset_sent.html")
choose_password = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/reset_choose.html",
    form_class=ResetPasswordForm,
    success_url=reverse_lazy("password-reset-done"),
)
reset_done = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/reset_done.html"
)
