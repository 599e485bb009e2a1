"""Django's admin site, for superusers only (everyone else uses the Concord pages).

Every model that has actions (governance, contracts, pathways, and the registry's set-up:
organisations, their dated links, people and their posts) is read-only here, so that no change
goes around an action and its checks; so are agreed records and what imports write (population
counts, import batches, ODS statuses). The registry is set up from its own pages and the API."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ImportBatch,
    Organisation,
    Person,
    PopulationCount,
    Post,
    Relationship,
    StatusPeriod,
)

__all__ = ["ReadOnly", "SuperuserOnly"]


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class ReadOnly(SuperuserOnly):
    """Seen, never changed, here: changes go through the actions (or the importers)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version is shown, never reverted to (the history's form saves on POST)."""
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LinkInline(ReadOnly, admin.TabularInline):
    model = Relationship
    fk_name = "child"
    extra = 0
    raw_id_fields = ("parent", "batch")
    verbose_name = "link up"


class StatusPeriodInline(ReadOnly, admin.TabularInline):
    model = StatusPeriod
    extra = 0
    raw_id_fields = ("batch",)
    verbose_name = "ODS status period"


@admin.register(Organisation)
class OrganisationAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "status", "opened", "closed")
    list_filter = ("kind", "status", "is_local_code")
    search_fields = ("code", "name", "postcode")
    raw_id_fields = ("batch",)
    inlines = [StatusPeriodInline, LinkInline]


@admin.register(Relationship)
class RelationshipAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("child", "kind", "parent", "start", "end")
    list_filter = ("kind",)
    search_fields = ("child__code", "parent__code")
    raw_id_fields = ("child", "parent", "batch")


@admin.register(Person)
class PersonAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("name", "email", "is_fictional")
    search_fields = ("name", "email")


@admin.register(Post)
class PostAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("person", "role", "organisation", "on_behalf_of", "start", "end")
    raw_id_fields = ("person", "organisation", "on_behalf_of")


@admin.register(PopulationCount)
class PopulationCountAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("organisation", "extract_date", "sex", "age_band", "patients")
    raw_id_fields = ("organisation", "batch")


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("kind", "file_name", "status", "rows_read", "created", "started_at")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
