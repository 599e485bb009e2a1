"""Django's admin for programmes and pathways, superusers only."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from concord.organisations.admin import SuperuserOnly

from .models import Pathway, Programme, Stage, TeamMember


class TeamInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ("person", "on_behalf_of")


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("order", "name", "standard")


@admin.register(Programme)
class ProgrammeAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ("name", "condition", "lead_organisation")
    raw_id_fields = ("lead_organisation",)
    inlines = [TeamInline]


@admin.register(Pathway)
class PathwayAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ("programme", "number", "title", "status", "published_on")
    list_filter = ("status",)
    inlines = [StageInline]
