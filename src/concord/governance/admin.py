"""Django's admin for governance, superusers only and read-only for agreed records."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from concord.organisations.admin import SuperuserOnly

from .models import Agreement, Commitment, Decision, Forum, Meeting, Proposal, Seat


class ReadOnly(SuperuserOnly):
    """Agreed records are changed by no one, here included."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    raw_id_fields = ("organisation",)


@admin.register(Forum)
class ForumAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ("name", "kind", "decision_rule", "quorum_min_seats", "cadence")
    list_filter = ("kind", "decision_rule")
    raw_id_fields = ("organisation", "chair")
    inlines = [SeatInline]


@admin.register(Meeting)
class MeetingAdmin(SuperuserOnly, SimpleHistoryAdmin):
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
