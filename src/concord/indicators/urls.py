"""The data submission pages, under /submissions/."""

from django.urls import path

from .views import submissions

app_name = "submissions"

urlpatterns = [
    path("", submissions.submission_list, name="list"),
    path("new/", submissions.new_submission, name="new"),
    path("new/values/", submissions.enter_values, name="values"),
    path("<int:pk>/", submissions.submission, name="submission"),
]
