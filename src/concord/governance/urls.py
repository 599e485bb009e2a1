"""The governance pages, under /governance/."""

from django.urls import path

from .views import drafting, forums, history, meetings, proposals

app_name = "governance"

urlpatterns = [
    path("", forums.forums, name="forums"),
    path("forums/<slug:slug>/", forums.forum, name="forum"),
    path("forums/<slug:slug>/proposals/new/", drafting.draft, name="draft-proposal"),
    path("meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path("actions/<int:pk>/", meetings.meeting_action, name="meeting-action"),
    path("proposals/<int:pk>/", proposals.proposal, name="proposal"),
    path("agreements/<int:pk>/", forums.agreement, name="agreement"),
    path("commitments/mine/", forums.my_commitments, name="my-commitments"),
    path("<str:model>/<int:pk>/history/", history.history, name="history"),
]
