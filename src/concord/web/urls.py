"""The site's own pages: home, search, signing in and out, your password; and, until it moves
to its app, the imports' pages. Every page needs a signed-in viewer, except
signing in and out."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path
from django.views.generic import TemplateView

from .forms import SignInForm
from .views import (
    assets,
    home,
    imports,
    password,
    search,
)

urlpatterns = [
    path("", home.home, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(next_page="signed-out"), name="logout"),
    path(
        "signed-out/",
        TemplateView.as_view(template_name="registration/signed_out.html"),
        name="signed-out",
    ),
    path("account/password/", password.change_password, name="password-change"),
    path("account/password/changed/", password.password_changed, name="password-changed"),
    path("search/", search.search_page, name="search"),
    path("imports/", imports.history, name="imports"),
    path("imports/computations/", imports.computations, name="computation-runs"),
    path("imports/new/", imports.new_import, name="import-new"),
    path("imports/refresh-statuses/", imports.refresh_statuses, name="refresh-statuses"),
    path("imports/jobs/<int:pk>/", imports.job_page, name="job"),
    path("imports/jobs/<int:pk>/progress/", imports.job_progress, name="job-progress"),
    re_path(r"^assets/(?P<path>.+)$", assets.nhsuk_asset, name="nhsuk-asset"),
]
