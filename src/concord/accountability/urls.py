"""The accountability pages, under /accountability/."""

from django.urls import path

from .views import commitments, flags, meetings, scorecards

app_name = "accountability"

urlpatterns = [
    path("", scorecards.overview, name="overview"),
    path("me/", scorecards.me, name="me"),
    path("people/<int:pk>/", scorecards.person, name="person"),
    path("organisations/<str:code>/", scorecards.organisation, name="organisation"),
    path("localities/<str:code>/", scorecards.locality, name="locality"),
    path("forums/<slug:slug>/", scorecards.forum, name="forum"),
    path("programmes/<slug:slug>/", scorecards.programme, name="programme"),
    path("commitments/<int:pk>/", commitments.commitment, name="commitment"),
    path("flags/", flags.flag_list, name="flags"),
    path("flags/<int:pk>/", flags.flag, name="flag"),
    path("meetings/<int:pk>/agenda/", meetings.proposed_agenda, name="agenda"),
    path("meetings/<int:pk>/pack/", meetings.pack_page, name="pack"),
    path("meetings/<int:pk>/pack.pdf", meetings.pack_pdf, name="pack-pdf"),
    path("meetings/<int:pk>/pack/build/", meetings.pack_build, name="pack-build"),
    path("meetings/<int:pk>/pack/built/<int:job>.pdf", meetings.pack_built, name="pack-built"),
]
