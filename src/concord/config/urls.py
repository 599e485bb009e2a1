from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("concord.api.urls")),
    path("governance/", include("concord.governance.urls")),
    path("programmes/", include("concord.pathways.urls")),
    path("contracts/", include("concord.contracts.urls")),
    path("accountability/", include("concord.accountability.urls")),
    path("account/notifications/", include("concord.notifications.urls")),
    path("sign-in/provider/", include("concord.access.oidc")),
    path("sign-in/reset/", include("concord.web.password_reset")),
    path("", include("concord.organisations.urls")),  # /organisations/, /people/
    path(
        "", include("concord.indicators.urls")
    ),  # /indicators/, /submissions/, an organisation's figures
    path("", include("concord.jobs.urls")),  # /imports/
    path("", include("concord.web.urls")),
]
