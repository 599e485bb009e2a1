"""The programme and pathway pages, under /programmes/."""

from django.urls import path

from .views import pages, team

app_name = "pathways"

urlpatterns = [
    path("", pages.programmes, name="programmes"),
    path("start/", team.start, name="start"),
    path("<slug:slug>/", pages.programme, name="programme"),
    path("<slug:slug>/pathway/<int:number>/", pages.pathway, name="pathway"),
    path(
        "<slug:slug>/pathway/<int:number>/on-a-page/",
        pages.pathway_on_a_page,
        name="on-a-page",
    ),
]
