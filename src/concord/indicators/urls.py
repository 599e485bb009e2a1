"""The indicators' pages, at the site's root: the catalogue and each definition under
/indicators/, an organisation's figures for one indicator and its comparison with its peers
under /organisations/ (their names the site's, without a namespace), and the data submissions
under /submissions/ (named `submissions:`)."""

from django.urls import include, path

from .views import catalogue, compare, org_indicator, submissions

submission_patterns = [
    path("", submissions.submission_list, name="list"),
    path("new/", submissions.new_submission, name="new"),
    path("new/values/", submissions.enter_values, name="values"),
    path("<int:pk>/", submissions.submission, name="submission"),
]

urlpatterns = [
    path("indicators/", catalogue.catalogue, name="indicators"),
    path("indicators/<slug:code>/", catalogue.definition, name="indicator"),
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
    path("submissions/", include((submission_patterns, "submissions"))),
]
