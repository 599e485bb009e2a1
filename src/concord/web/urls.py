"""The registry's pages. Every page needs a signed-in viewer, except signing in and out."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path
from django.views.generic import TemplateView

from .forms import SignInForm
from .views import (
    assets,
    compare,
    home,
    imports,
    indicators,
    logins,
    org_indicator,
    organisations,
    people,
    search,
    set_up,
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
    path("account/password/", logins.change_password, name="password-change"),
    path("account/password/changed/", logins.password_changed, name="password-changed"),
    path("search/", search.search_page, name="search"),
    path("organisations/", organisations.directory, name="organisations"),
    path("organisations/new/", set_up.add_organisation, name="organisation-add"),
    path("organisations/<str:code>/", organisations.detail, name="organisation"),
    path(
        "organisations/<str:code>/change/", set_up.change_organisation, name="organisation-change"
    ),
    path("organisations/<str:code>/links/new/", set_up.link, name="organisation-link"),
    path(
        "organisations/<str:code>/links/<int:pk>/end/",
        set_up.end_link,
        name="organisation-end-link",
    ),
    path("organisations/<str:code>/posts/new/", set_up.add_post_here, name="organisation-add-post"),
    path(
        "organisations/<str:code>/indicators/<slug:indicator_code>/",
        org_indicator.organisation_indicator,
        name="organisation-indicator",
    ),
    path(
        "organisations/<str:code>/compare/<slug:indicator_code>/",
        compare.compare,
        name="indicator-compare",
    ),
    path("indicators/", indicators.catalogue, name="indicators"),
    path("indicators/<slug:code>/", indicators.definition, name="indicator"),
    path("people/", people.people, name="people"),
    path("people/new/", people.add_person, name="person-add"),
    path("people/<int:pk>/", people.detail, name="person"),
    path("people/<int:pk>/posts/new/", people.add_post, name="person-add-post"),
    path("people/<int:pk>/posts/<int:post_pk>/end/", people.end_post, name="person-end-post"),
    path("people/<int:pk>/login/new/", logins.give_login, name="person-login"),
    path("people/<int:pk>/login/role/", logins.change_role, name="person-login-role"),
    path("people/<int:pk>/login/close/", logins.close_login, name="person-login-close"),
    path("imports/", imports.history, name="imports"),
    path("imports/computations/", imports.computations, name="computation-runs"),
    path("imports/new/", imports.new_import, name="import-new"),
    path("imports/refresh-statuses/", imports.refresh_statuses, name="refresh-statuses"),
    path("imports/jobs/<int:pk>/", imports.job_page, name="job"),
    path("imports/jobs/<int:pk>/progress/", imports.job_progress, name="job-progress"),
    re_path(r"^assets/(?P<path>.+)$", assets.nhsuk_asset, name="nhsuk-asset"),
]
