"""Django's admin for programmes and pathways: superusers only, and read-only; every change goes
through the actions, which check who may."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from concord.organisations.admin import ReadOnly

from .models import Pathway, Programme, Stage, TeamMember


class TeamInline(ReadOnly, admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ("person", "on_behalf_of")


class StageInline(ReadOnly, admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("order", "name", "standard")


@admin.register(Programme)
class ProgrammeAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("name", "condition", "lead_organisation")
    raw_id_fields = ("lead_organisation",)
    inlines = [TeamInline]


@admin.register(Pathway)
class PathwayAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("programme", "number", "title", "status", "published_on")
    list_filter = ("status",)
    inlines = [StageInline]
