"""The imports pages, at the site's root under /imports/ (their names the site's, without a
namespace): files imported, a national file uploaded, its job and progress, computation runs,
and a refresh of every commitment's status queued."""

from django.urls import path

from .views import imports

urlpatterns = [
    path("imports/", imports.history, name="imports"),
    path("imports/computations/", imports.computations, name="computation-runs"),
    path("imports/new/", imports.new_import, name="import-new"),
    path("imports/refresh-statuses/", imports.refresh_statuses, name="refresh-statuses"),
    path("imports/jobs/<int:pk>/", imports.job_page, name="job"),
    path("imports/jobs/<int:pk>/progress/", imports.job_progress, name="job-progress"),
]
