"""The registry's pages, at the site's root: the directory and an organisation under
/organisations/, people under /people/ (their names are the site's, without a namespace)."""

from django.urls import path

from .views import logins, organisations, people, set_up

urlpatterns = [
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
    path("people/", people.people, name="people"),
    path("people/new/", people.add_person, name="person-add"),
    path("people/<int:pk>/", people.detail, name="person"),
    path("people/<int:pk>/posts/new/", people.add_post, name="person-add-post"),
    path("people/<int:pk>/posts/<int:post_pk>/end/", people.end_post, name="person-end-post"),
    path("people/<int:pk>/login/new/", logins.give_login, name="person-login"),
    path("people/<int:pk>/login/role/", logins.change_role, name="person-login-role"),
    path("people/<int:pk>/login/close/", logins.close_login, name="person-login-close"),
]
