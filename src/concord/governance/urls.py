"""The governance pages, under /governance/."""

from django.urls import path

from .views import bulk, drafting, forums, history, meetings, proposals, setup

app_name = "governance"

urlpatterns = [
    path("", forums.forums, name="forums"),
    path("forums/new/", setup.new_forum, name="new-forum"),
    path("forums/<slug:slug>/", forums.forum, name="forum"),
    path("forums/<slug:slug>/seats/", setup.seats, name="forum-seats"),
    path("forums/<slug:slug>/terms/", setup.terms, name="forum-terms"),
    path("forums/<slug:slug>/proposals/new/", drafting.draft, name="draft-proposal"),
    path("meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path("meetings/<int:pk>/attendance/", bulk.meeting_attendance, name="meeting-attendance"),
    path("actions/<int:pk>/", meetings.meeting_action, name="meeting-action"),
    path("proposals/<int:pk>/", proposals.proposal, name="proposal"),
    path("proposals/<int:pk>/chair-positions/", bulk.chair_positions, name="chair-positions"),
    path("agreements/<int:pk>/", forums.agreement, name="agreement"),
    path("commitments/mine/", forums.my_commitments, name="my-commitments"),
    path("<str:model>/<int:pk>/history/", history.history, name="history"),
]
