from django.contrib import admin
from django.urls import include, path

from concord.web.views import password_reset

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("concord.api.urls")),
    path("governance/", include("concord.governance.urls")),
    path("programmes/", include("concord.pathways.urls")),
    path("contracts/", include("concord.contracts.urls")),
    path("accountability/", include("concord.accountability.urls")),
    path("submissions/", include("concord.indicators.urls")),
    path("account/notifications/", include("concord.notifications.urls")),
    path("account/reset/", password_reset.request_reset, name="password-reset"),
    path("account/reset/sent/", password_reset.reset_sent, name="password-reset-sent"),
    path(
        "account/reset/<uidb64>/<token>/",
        password_reset.choose_password,
        name="password_reset_confirm",
    ),
    path("account/reset/done/", password_reset.reset_done, name="password-reset-done"),
    path("", include("concord.web.urls")),
]
