"""Django's admin for governance: superusers only, and read-only. Forums, meetings, proposals,
decisions and agreements change only through the actions, which check who may."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from concord.organisations.admin import ReadOnly

from .models import Agreement, Commitment, Decision, Forum, Meeting, Proposal, Seat


class SeatInline(ReadOnly, admin.TabularInline):
    model = Seat
    extra = 0
    raw_id_fields = ("organisation",)


@admin.register(Forum)
class ForumAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("name", "kind", "decision_rule", "quorum_min_seats", "cadence")
    list_filter = ("kind", "decision_rule")
    raw_id_fields = ("organisation", "chair")
    inlines = [SeatInline]


@admin.register(Meeting)
class MeetingAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("forum", "date", "status")
    list_filter = ("status", "forum")


@admin.register(Proposal)
class ProposalAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("title", "forum", "status")
    list_filter = ("status", "forum")


@admin.register(Decision)
class DecisionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("version", "outcome", "acting_for", "meeting")


@admin.register(Agreement)
class AgreementAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("title", "forum", "agreed_on", "acting_for")


@admin.register(Commitment)
class CommitmentAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("party", "what", "agreement", "due")
