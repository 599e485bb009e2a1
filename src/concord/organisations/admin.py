"""Django's admin site, for superusers only (everyone else uses the Concord pages)."""

from django.contrib import admin
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


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


class LinkInline(admin.TabularInline):
    model = Relationship
    fk_name = "child"
    extra = 0
    raw_id_fields = ("parent", "batch")
    verbose_name = "link up"


class StatusPeriodInline(admin.TabularInline):
    model = StatusPeriod
    extra = 0
    raw_id_fields = ("batch",)
    verbose_name = "ODS status period"


@admin.register(Organisation)
class OrganisationAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "status", "opened", "closed")
    list_filter = ("kind", "status", "is_local_code")
    search_fields = ("code", "name", "postcode")
    raw_id_fields = ("batch",)
    inlines = [StatusPeriodInline, LinkInline]


@admin.register(Relationship)
class RelationshipAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("child", "kind", "parent", "start", "end")
    list_filter = ("kind",)
    search_fields = ("child__code", "parent__code")
    raw_id_fields = ("child", "parent", "batch")


@admin.register(Person)
class PersonAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ("name", "email", "is_fictional")
    search_fields = ("name", "email")


@admin.register(Post)
class PostAdmin(SuperuserOnly, SimpleHistoryAdmin):
    list_display = ("person", "role", "organisation", "on_behalf_of", "start", "end")
    raw_id_fields = ("person", "organisation", "on_behalf_of")


@admin.register(PopulationCount)
class PopulationCountAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("organisation", "extract_date", "sex", "age_band", "patients")
    raw_id_fields = ("organisation", "batch")


@admin.register(ImportBatch)
class ImportBatchAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("kind", "file_name", "status", "rows_read", "created", "started_at")
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
