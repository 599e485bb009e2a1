"""The site's own pages: home, search, signing in and out, your password (each app's pages are
in its own urls.py). Every page needs a signed-in viewer, except signing in and out."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path
from django.views.generic import TemplateView

from .forms import SignInForm
from .views import (
    assets,
    home,
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
    re_path(r"^assets/(?P<path>.+)$", assets.nhsuk_asset, name="nhsuk-asset"),
]
